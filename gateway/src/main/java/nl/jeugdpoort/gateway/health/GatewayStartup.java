package nl.jeugdpoort.gateway.health;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.fault.Failpoints;
import nl.jeugdpoort.gateway.flow.Minimiser;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.route.CamelRuntime;
import nl.jeugdpoort.gateway.source.SelfAddress;
import nl.jeugdpoort.policy.PolicyEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings the gateway up in order — database (migrations), demo data, routes, then the claiming of
 * due requests — and prints the time from JVM start to ready; plug-ins (the demo) seed and add to
 * the banner through {@link StartupEvents}.
 *
 * <p>Unfinished requests (left by a crash of this or another member, retried, held) are in the
 * database and are claimed like new ones; claiming starts only when the sources can be reached
 * (issue #15.2): when some source is served by this gateway itself (a {@code fhir_base_url} that
 * starts with {@code /}, the demo), only after its own base URL is known ({@code
 * jeugdpoort.self-url} or {@code jeugdpoort.public-url}, else learnt from the first request
 * submitted by {@code POST /fhir/Task} or in the portal) and a request to that source through it
 * gets an HTTP answer. Checked every {@code jeugdpoort.work.start-probe-interval}.
 */
@ApplicationScoped
public class GatewayStartup {
  private static final Logger LOG = Logger.getLogger(GatewayStartup.class.getName());

  @Inject Database database;
  @Inject Event<StartupEvents.DatabaseReady> databaseReady;
  @Inject Event<StartupEvents.Announcing> announcing;
  @Inject CamelRuntime camel;
  @Inject SelfAddress self;
  @Inject PolicyEngine policy;
  @Inject FhirContext fhir;
  @Inject ValidatorWarmUp validator;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "jeugdpoort.work.start-probe-interval", defaultValue = "PT0.5S")
  String probeInterval;

  private final HttpClient probe =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile ScheduledFuture<?> workGate;
  private volatile String waitingFor;

  private volatile boolean ready;
  private volatile boolean fhirServing;
  private volatile Duration startup;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) throws Exception {
    if (Failpoints.armed() != null) {
      LOG.warning(
          "Jeugdpoort: TEST ONLY: failpoint '"
              + Failpoints.armed()
              + "' is armed (jeugdpoort.test.failpoint): "
              + "the first request to reach it stops there. Never set this in production.");
    }
    LOG.info(
        "Jeugdpoort: database "
            + database.settings().describe()
            + " migrated; purpose catalogue "
            + policy.catalogue().version()
            + " with "
            + policy.catalogue().purposes().size()
            + " purposes");
    // Every allow-list entry must be FHIRPath: a typo stops the start instead of emptying releases
    // (P2).
    List<String> paths = new ArrayList<>();
    policy.catalogue().purposes().forEach(p -> p.fields().values().forEach(paths::addAll));
    new Minimiser(fhir).check(paths);
    databaseReady.fire(new StartupEvents.DatabaseReady());
    camel.start();
    // The warm-up ran beside all of the above; it ends before the deployment does (see awaitEnd).
    validator.awaitEnd(Duration.ofMinutes(3));
    ready = true;
    workGate =
        scheduler.scheduleWithFixedDelay(
            this::startWorkWhenSourcesReachable,
            0,
            Duration.parse(probeInterval).toMillis(),
            TimeUnit.MILLISECONDS);
    announceWhenServing();
  }

  @jakarta.annotation.PreDestroy
  void stopWaitingForSources() {
    ScheduledFuture<?> gate = workGate;
    if (gate != null) {
      gate.cancel(false);
    }
  }

  /**
   * Starts claiming work once the sources this gateway serves itself answer through its own base
   * URL.
   */
  private void startWorkWhenSourcesReachable() {
    try {
      if (camel.isWorking()) {
        workGate.cancel(false);
        return;
      }
      String blocker = sourcesUnreachable();
      if (blocker != null) {
        if (!blocker.equals(waitingFor)) {
          LOG.info("Jeugdpoort: not claiming requests yet: " + blocker);
          waitingFor = blocker;
        }
        return;
      }
      camel.startWork();
      LOG.info("Jeugdpoort: claiming due data requests (worker " + camel.workerName() + ")");
      workGate.cancel(false);
    } catch (Exception e) {
      LOG.warning(
          "Jeugdpoort: start of the work routes failed ("
              + e.getClass().getSimpleName()
              + "); tried again");
    }
  }

  /** Why the sources cannot be reached yet, or null when they can. */
  private String sourcesUnreachable() {
    if (!fhirServing) {
      return "the HTTP listener does not serve the gateway yet";
    }
    List<String> ownSources =
        database.read(
            em ->
                em.createQuery(
                        "select o.fhirBaseUrl from OrganisationEntity o where o.fhirBaseUrl like '/%' order by o.id",
                        String.class)
                    .setMaxResults(1)
                    .getResultList());
    if (ownSources.isEmpty()) {
      return null;
    }
    Optional<String> base = self.baseUrl();
    if (base.isEmpty()) {
      return "its own base URL is not known (set jeugdpoort.self-url or jeugdpoort.public-url)";
    }
    String url = base.get() + ownSources.get(0) + "/metadata";
    try {
      int status =
          probe
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .timeout(Duration.ofSeconds(2))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return status < 500 ? null : "its own source at " + url + " answers HTTP " + status;
    } catch (java.io.IOException | IllegalArgumentException e) {
      return "its own source at " + url + " does not answer (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Called by the FHIR servlet at the end of its initialisation — the last step before the
   * container serves requests (the start-up observer above runs earlier, during deployment).
   */
  public void fhirServing() {
    fhirServing = true;
    announceWhenServing();
  }

  /**
   * Prints, once, the time from JVM start to ready (serving, validator warm), and the demo
   * accounts.
   */
  private synchronized void announceWhenServing() {
    if (!ready || !fhirServing || !validator.isWarm() || startup != null) {
      return;
    }
    startup =
        Duration.ofMillis(
            System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    StringBuilder banner =
        new StringBuilder("\n==== Jeugdpoort is ready in ")
            .append(String.format("%.1f", startup.toMillis() / 1000.0))
            .append(" s ====\n");
    announcing.fire(new StartupEvents.Announcing(banner));
    LOG.info(banner.toString());
  }

  /** The validator is warm ({@link ValidatorWarmUp}, which started before this observer). */
  void onValidatorWarm(@Observes ValidatorWarmUp.Warm warm) {
    announceWhenServing();
  }

  public boolean isReady() {
    return ready && fhirServing && validator.isWarm() && camel.isStarted();
  }

  public Duration startup() {
    return startup;
  }
}
