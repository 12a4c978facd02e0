package nl.jeugdpoort.gateway.demo;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Registers the FHIR endpoint of every demo source under {@code /demo-sources/{organisation}/fhir}.
 */
@WebListener
public class DemoSourcesListener implements ServletContextListener {
  @Inject DemoWorld world;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.enabled", defaultValue = "true")
  boolean enabled;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    if (!enabled) {
      return;
    }
    for (DemoOrganisation org : world.organisations()) {
      if (org.fhirBaseUrl() != null && org.fhirBaseUrl().startsWith("/demo-sources/")) {
        ServletRegistration.Dynamic servlet =
            event
                .getServletContext()
                .addServlet("demo-source-" + org.id(), new DemoSourceServlet(org.id(), world));
        servlet.addMapping(org.fhirBaseUrl() + "/*");
        servlet.setLoadOnStartup(2);
      }
    }
  }
}
