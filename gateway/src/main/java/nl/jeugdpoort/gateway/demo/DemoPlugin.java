package nl.jeugdpoort.gateway.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import nl.jeugdpoort.gateway.health.StartupEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo as a plug-in: it produces the demo world, seeds it when the database is ready and lists the
 * demo accounts in the start-up banner — all only when {@code jeugdpoort.demo.enabled} is true. Nothing
 * outside this package depends on the demo.
 */
@ApplicationScoped
public class DemoPlugin {
  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.enabled", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.seed", defaultValue = "20261123")
  long seed;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.children", defaultValue = "60")
  int children;

  @Inject DemoSeeder seeder;
  @Inject DemoWorld world;

  /** The demo world for today's date: ages stay 0–19 whatever the day the demo runs. */
  @Produces
  @Singleton
  DemoWorld demoWorld(Clock clock) {
    return DemoWorld.generate(seed, LocalDate.now(clock), children);
  }

  void seed(@Observes StartupEvents.DatabaseReady ready) {
    if (enabled) {
      seeder.seed();
    }
  }

  void accounts(@Observes StartupEvents.Announcing announcing) {
    if (!enabled) {
      return;
    }
    StringBuilder banner = announcing.banner();
    banner.append("Demo organisations: ").append(world.organisations().size()).append(", synthetic children: ")
        .append(world.children().size()).append("\nDemo accounts (HTTP Basic; all fictional):\n");
    for (DemoAccount a : world.accounts()) {
      if (a.youthBsn() == null) {
        banner.append(String.format("  %-8s / %-14s %-32s %s%n", a.username(), a.password(), a.role(),
            a.organisationId() == null ? "" : a.organisationId()));
      }
    }
    banner.append("  (and family accounts ouder-N-mother / demo-ouder-N-mother etc.; see docs/demo.md)\n");
  }
}
