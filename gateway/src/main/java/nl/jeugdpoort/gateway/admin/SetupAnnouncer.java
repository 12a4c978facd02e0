package nl.jeugdpoort.gateway.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import nl.jeugdpoort.gateway.health.StartupEvents;
import nl.jeugdpoort.gateway.onboarding.Setup;

/**
 * Puts the one-time set-up token in the start-up banner when the gateway has no administrator
 * (docs/onboarding.md).
 */
@ApplicationScoped
public class SetupAnnouncer {
  void announce(@Observes StartupEvents.Announcing announcing, Setup setup) {
    setup.announce(announcing.banner());
  }
}
