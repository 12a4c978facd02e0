package nl.jeugdpoort.gateway.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo world, made once from its seed for today's date: ages stay 0–19 whatever the day the
 * demo runs.
 */
@ApplicationScoped
public class DemoWorldProducer {
  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.seed", defaultValue = "20261123")
  long seed;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.children", defaultValue = "60")
  int children;

  @Produces
  @Singleton
  DemoWorld demoWorld(Clock clock) {
    return DemoWorld.generate(seed, LocalDate.now(clock), children);
  }
}
