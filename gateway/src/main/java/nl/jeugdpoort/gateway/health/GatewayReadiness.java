package nl.jeugdpoort.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.persistence.Database;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when start-up finished, the routes run and the database answers. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {
  @Inject GatewayStartup startup;
  @Inject Database database;

  @Override
  public HealthCheckResponse call() {
    boolean db;
    try {
      db = database.read(em -> em.createNativeQuery("select 1").getSingleResult()) != null;
    } catch (RuntimeException e) {
      db = false;
    }
    return HealthCheckResponse.named("jeugdpoort")
        .status(startup.isReady() && db)
        .withData("routes", startup.isReady())
        .withData("database", db)
        .withData("startupMillis", startup.startup() == null ? -1 : startup.startup().toMillis())
        .build();
  }
}
