package nl.jeugdpoort.gateway.portal;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Limits the session cookie to the portal ({@code <context path>/portal}): browsers never send it
 * to {@code /fhir} or {@code /api}, which authenticate every call on its own.
 */
@WebListener
public class PortalSessionCookie implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    event
        .getServletContext()
        .getSessionCookieConfig()
        .setPath(event.getServletContext().getContextPath() + "/portal");
  }
}
