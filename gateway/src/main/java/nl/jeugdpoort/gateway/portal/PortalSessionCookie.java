package nl.jeugdpoort.gateway.portal;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Limits the session cookie to the portal ({@code <context path>/portal}): browsers never send it to
 * {@code /fhir} or {@code /api}, which authenticate every call on its own; and makes it {@code SameSite=Strict}.
 */
@WebListener
public class PortalSessionCookie implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    event.getServletContext().getSessionCookieConfig().setPath(event.getServletContext().getContextPath() + "/portal");
    // SameSite=Strict once, by the Servlet 6 cookie attribute (not also by Payara's listener setting,
    // which added it a second time).
    event.getServletContext().getSessionCookieConfig().setAttribute("SameSite", "Strict");
  }
}
