package nl.jeugdpoort.gateway.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.health.StartupEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo as a plug-in: it seeds the demo world ({@link DemoWorldProducer}) when the database is
 * ready and lists the demo accounts in the start-up banner, with a loud warning — all only when
 * {@code jeugdpoort.demo.enabled} is true. When it is false, demo accounts left in the database
 * from an earlier demo run are disabled if they still have their known password ({@link
 * DemoSeeder#retire}). Nothing outside this package depends on the demo.
 */
@ApplicationScoped
public class DemoPlugin {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(DemoPlugin.class.getName());

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.enabled", defaultValue = "true")
  boolean enabled;

  // The seeder and the world come as observer parameters: injected fields would make the world's
  // producer
  // (DemoWorldProducer) and this bean wait for each other.
  void seed(@Observes StartupEvents.DatabaseReady ready, DemoSeeder seeder) {
    if (enabled) {
      LOG.warning(
          "Jeugdpoort: DEMO MODE (jeugdpoort.demo.enabled=true): demo accounts with publicly known passwords "
              + "can log in. Never use this gateway for real data; set jeugdpoort.demo.enabled=false (docs/onboarding.md).");
      seeder.seed();
    } else {
      seeder.retire();
    }
  }

  void accounts(@Observes StartupEvents.Announcing announcing, DemoWorld world) {
    if (!enabled) {
      return;
    }
    StringBuilder banner = announcing.banner();
    banner.append(
        "!!!! DEMO MODE: the accounts below have publicly known passwords. Not for real data. !!!!\n");
    banner
        .append("Demo organisations: ")
        .append(world.organisations().size())
        .append(", synthetic children: ")
        .append(world.children().size())
        .append("\nDemo accounts (HTTP Basic; all fictional):\n");
    for (DemoAccount a : world.accounts()) {
      if (a.youthBsn() == null) {
        banner.append(
            String.format(
                "  %-8s / %-14s %-32s %s%n",
                a.username(),
                a.password(),
                a.role(),
                a.organisationId() == null ? "" : a.organisationId()));
      }
    }
    banner.append(
        "  (and family accounts ouder-N-mother / demo-ouder-N-mother etc.; see docs/demo.md)\n");
  }
}
