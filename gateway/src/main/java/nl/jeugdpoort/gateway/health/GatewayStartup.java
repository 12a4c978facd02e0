package nl.jeugdpoort.gateway.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.logging.Logger;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.demo.DemoAccount;
import nl.jeugdpoort.gateway.demo.DemoSeeder;
import nl.jeugdpoort.gateway.demo.DemoWorld;
import nl.jeugdpoort.gateway.flow.HeldRequests;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.route.CamelRuntime;
import nl.jeugdpoort.policy.PolicyEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Task;

/**
 * Brings the gateway up in order — database (migrations), demo data, routes, unfinished requests — and
 * prints the time from JVM start to ready, plus the demo accounts.
 */
@ApplicationScoped
public class GatewayStartup {
  private static final Logger LOG = Logger.getLogger(GatewayStartup.class.getName());

  @Inject Database database;
  @Inject DemoSeeder seeder;
  @Inject DemoWorld world;
  @Inject CamelRuntime camel;
  @Inject HeldRequests held;
  @Inject PolicyEngine policy;
  @Inject JeugdpoortValidator validator;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.enabled", defaultValue = "true")
  boolean demo;

  @Resource ManagedExecutorService executor;

  private volatile boolean ready;
  private volatile boolean fhirServing;
  private volatile boolean validatorReady;
  private volatile Duration startup;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) throws Exception {
    LOG.info("Jeugdpoort: database " + database.settings().describe() + " migrated; purpose catalogue "
        + policy.catalogue().version() + " with " + policy.catalogue().purposes().size() + " purposes");
    if (demo) {
      seeder.seed();
    }
    // The first validation builds snapshots and caches (seconds): do it now, beside the rest of the
    // start-up, not on the first request. Readiness waits for it.
    long warm = System.nanoTime();
    executor.submit(() -> {
      validator.validate(warmUpTask(), Profiles.DATA_REQUEST);
      validatorReady = true;
      LOG.info("Jeugdpoort: FHIR validator warm in " + (System.nanoTime() - warm) / 1_000_000 + " ms");
      announceWhenServing();
    });
    camel.start();
    held.unfinished().forEach(camel::submit);
    ready = true;
    announceWhenServing();
  }

  /**
   * Called by the FHIR servlet at the end of its initialisation — the last step before the container
   * serves requests (the start-up observer above runs earlier, during deployment).
   */
  public void fhirServing() {
    fhirServing = true;
    announceWhenServing();
  }

  /** Prints, once, the time from JVM start to ready (serving, validator warm), and the demo accounts. */
  private synchronized void announceWhenServing() {
    if (!ready || !fhirServing || !validatorReady || startup != null) {
      return;
    }
    startup = Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    StringBuilder banner = new StringBuilder("\n==== Jeugdpoort is ready in ")
        .append(String.format("%.1f", startup.toMillis() / 1000.0)).append(" s ====\n");
    if (demo) {
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
    LOG.info(banner.toString());
  }

  private static Task warmUpTask() {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
    task.getFor().getIdentifier().setSystem(Vocabulary.BSN).setValue("111222333");
    task.getOwner().getIdentifier().setSystem(Vocabulary.ORGANISATION).setValue("wijkteam-noord");
    return task;
  }

  public boolean isReady() {
    return ready && fhirServing && validatorReady && camel.isStarted();
  }

  public Duration startup() {
    return startup;
  }
}
