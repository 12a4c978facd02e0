package nl.jeugdpoort.gateway.health;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.request.HeldRequests;
import nl.jeugdpoort.gateway.flow.Minimiser;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.route.CamelRuntime;
import nl.jeugdpoort.policy.PolicyEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Task;

/**
 * Brings the gateway up in order — database (migrations), demo data, routes, unfinished requests — and
 * prints the time from JVM start to ready; plug-ins (the demo) seed and add to the banner through
 * {@link StartupEvents}.
 */
@ApplicationScoped
public class GatewayStartup {
  private static final Logger LOG = Logger.getLogger(GatewayStartup.class.getName());

  @Inject Database database;
  @Inject Event<StartupEvents.DatabaseReady> databaseReady;
  @Inject Event<StartupEvents.Announcing> announcing;
  @Inject CamelRuntime camel;
  @Inject HeldRequests held;
  @Inject PolicyEngine policy;
  @Inject FhirContext fhir;
  @Inject JeugdpoortValidator validator;

  @Resource ManagedExecutorService executor;

  private volatile boolean ready;
  private volatile boolean fhirServing;
  private volatile boolean validatorReady;
  private volatile Duration startup;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) throws Exception {
    LOG.info("Jeugdpoort: database " + database.settings().describe() + " migrated; purpose catalogue "
        + policy.catalogue().version() + " with " + policy.catalogue().purposes().size() + " purposes");
    // Every allow-list entry must be FHIRPath: a typo stops the start instead of emptying releases (P2).
    List<String> paths = new ArrayList<>();
    policy.catalogue().purposes().forEach(p -> p.fields().values().forEach(paths::addAll));
    new Minimiser(fhir).check(paths);
    databaseReady.fire(new StartupEvents.DatabaseReady());
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
    announcing.fire(new StartupEvents.Announcing(banner));
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
