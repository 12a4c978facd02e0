package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The load harness of issue #16.7 — a benchmark, not a timed test: not part of {@code mvn verify}
 * (its name does not end in IT). Run it with {@code mvn -pl src-it -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipPit=true -Dit.test=LoadBenchmark}.
 *
 * <p>It starts one gateway (a real Payara Micro process with the WAR and its embedded default: H2,
 * the demo organisations and their demo sources in the same JVM) and measures, in the same run and
 * against the same gateway, two things side by side:
 *
 * <ul>
 *   <li><b>direct</b>: what the requester would read straight from the source: the child's {@code
 *       Patient} and {@code CarePlan?patient=} at the demo source of Wijkteam Noord;
 *   <li><b>mediated</b>: the same data through the gateway: {@code POST /fhir/Task} (purpose
 *       child-protection-investigation, categories identification and care-plan, Basic
 *       authentication of {@code dirk}; without {@code Prefer: respond-async}, so the POST waits
 *       {@code jeugdpoort.admission.sync-wait}), then {@code GET /fhir/Task/{id}} every 20 ms until
 *       it is final, then {@code GET /fhir/Bundle/{id}} of the release;
 *   <li><b>mediated, subscribed</b>: the same by a client that subscribed to its finished requests
 *       (issue #16.3; rest-hook to an endpoint in this JVM): the POST, and when the Task is not
 *       final in its answer, the notification instead of polling, then the Task and the Bundle.
 * </ul>
 *
 * First at a fixed arrival rate ({@code load.rate}, default 50 per second, for {@code
 * load.seconds}, default 20 s: open loop, a request starts on time whether or not the earlier ones
 * finished): p50 and p99 of each and their ratios. Then at saturation ({@code load.clients},
 * default 16, closed loop for {@code load.seconds}): completed per second of each. The requests go
 * round the 60 demo children. Figures go to docs/performance.md.
 */
class LoadBenchmark {
  private static final Pattern RELEASE =
      Pattern.compile("\"reference\"\\s*:\\s*\"Bundle/([A-Za-z0-9\\-.]+)\"");
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z-]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(Executors.newFixedThreadPool(32))
          .build();

  private String base;
  private final List<String> bsns = new ArrayList<>();
  private final List<String> patients = new ArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger notReleased = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Test
  void a_mediated_release_against_the_direct_read_of_the_same_data() throws Exception {
    int rate = Integer.getInteger("load.rate", 50);
    int seconds = Integer.getInteger("load.seconds", 20);
    int clients = Integer.getInteger("load.clients", 16);
    int hazelcast = Measurements.freePort();
    GatewayNode node =
        new GatewayNode(
                0,
                Measurements.freePort(),
                hazelcast,
                List.of(hazelcast),
                settings(),
                Path.of("target", "load-benchmark"))
            .jvm(jvm());
    node.start(null);
    try {
      node.awaitReady(Duration.ofMinutes(4));
      base = node.base();
      Gateway gateway = new Gateway(new URL(base + "/"));
      for (int c = 0; c < 60; c++) {
        bsns.add(gateway.bsnOf("wijkteam-noord", "c" + c));
        patients.add("c" + c);
      }
      // Warm-up: both paths, closed loop, not measured.
      saturate(this::direct, 8, Duration.ofSeconds(5));
      saturate(this::mediated, 8, Duration.ofSeconds(10));
      notReleased.set(0);

      List<Long> direct = atRate(this::direct, rate, seconds);
      List<Long> mediated = atRate(this::mediated, rate, seconds);
      double directRate = saturate(this::direct, clients, Duration.ofSeconds(seconds));
      double mediatedRate = saturate(this::mediated, clients, Duration.ofSeconds(seconds));
      // The same flow by a client that subscribed (#16.3) instead of polling the Task.
      subscribe();
      saturate(this::subscribed, 8, Duration.ofSeconds(5));
      notReleased.set(0);
      List<Long> subscribed = atRate(this::subscribed, rate, seconds);
      double subscribedRate = saturate(this::subscribed, clients, Duration.ofSeconds(seconds));

      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "LoadBenchmark (%d cores, H2, demo sources in the gateway's JVM; %d/s for %d s; %d"
                  + " clients at saturation; settings %s)%n",
              Runtime.getRuntime().availableProcessors(), rate, seconds, clients, settings()));
      out.append(
          "| | direct | mediated, polling | ratio | mediated, subscribed | ratio |\n"
              + "|---|---|---|---|---|---|\n");
      for (int p : new int[] {50, 99}) {
        out.append(
            String.format(
                "| p%d at %d/s | %.1f ms | %.1f ms | %.1f× | %.1f ms | %.1f× |%n",
                p,
                rate,
                Measurements.ms(Measurements.percentile(direct, p)),
                Measurements.ms(Measurements.percentile(mediated, p)),
                (double) Measurements.percentile(mediated, p) / Measurements.percentile(direct, p),
                Measurements.ms(Measurements.percentile(subscribed, p)),
                (double) Measurements.percentile(subscribed, p)
                    / Measurements.percentile(direct, p)));
      }
      out.append(
          String.format(
              "| completed/s, %d clients | %.0f | %.1f | %.3f | %.1f | %.3f |%n",
              clients,
              directRate,
              mediatedRate,
              mediatedRate / directRate,
              subscribedRate,
              subscribedRate / directRate));
      out.append(
          String.format(
              "requests at the rate: %d direct, %d polling, %d subscribed; not released: %d%n",
              direct.size(), mediated.size(), subscribed.size(), notReleased.get()));
      System.out.println(out);
      assertThat(notReleased.get()).as("every mediated request released").isZero();
    } finally {
      node.close();
      if (hook != null) {
        hook.stop(0);
      }
    }
  }

  /** The subscribed client's endpoint: completes the wait of each Task it is told about. */
  private com.sun.net.httpserver.HttpServer hook;

  private final Map<String, java.util.concurrent.CompletableFuture<Void>> told =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final Pattern FOCUS = Pattern.compile("/Task/([A-Za-z0-9\\-.]+)\"");

  private java.util.concurrent.CompletableFuture<Void> toldAbout(String task) {
    return told.computeIfAbsent(task, t -> new java.util.concurrent.CompletableFuture<>());
  }

  /**
   * Subscribes dirk's organisation (the Raad) to its finished requests; waits for the handshake.
   */
  private void subscribe() throws Exception {
    hook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    java.util.concurrent.CountDownLatch handshake = new java.util.concurrent.CountDownLatch(1);
    hook.createContext(
        "/meldingen",
        exchange -> {
          String body =
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
          Matcher focus = FOCUS.matcher(body);
          if (focus.find()) {
            // A request already final at its POST is not waited for: its notification is dropped.
            java.util.concurrent.CompletableFuture<Void> waiting = told.get(focus.group(1));
            if (waiting != null) {
              waiting.complete(null);
            }
          } else if (body.contains("\"handshake\"")) {
            handshake.countDown();
          }
        });
    hook.setExecutor(Executors.newFixedThreadPool(4));
    hook.start();
    HttpResponse<String> made =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/fhir/Subscription"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", Gateway.basicAuth("dirk", "demo-dirk"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        ("{\"resourceType\":\"Subscription\",\"status\":\"requested\","
                                + "\"criteria\":\"https://jeugdpoort.nl/fhir/SubscriptionTopic/data-request-finished\","
                                + "\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:%d/meldingen\","
                                + "\"payload\":\"application/fhir+json\"}}")
                            .formatted(hook.getAddress().getPort())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(handshake.await(30, TimeUnit.SECONDS)).as("the handshake").isTrue();
  }

  /**
   * One data request from POST to the Bundle read by a subscribed client: the POST (it waits {@code
   * jeugdpoort.admission.sync-wait}); if the Task is not final then, the notification; then the
   * Task and the Bundle. Its latency in nanoseconds.
   */
  private long subscribed() throws Exception {
    String auth = Gateway.basicAuth("dirk", "demo-dirk");
    long start = System.nanoTime();
    Posted posted = post(auth);
    String task = posted.task();
    String id = posted.id();
    if (!Gateway.FINAL.contains(status(task))) {
      java.util.concurrent.CompletableFuture<Void> waiting = toldAbout(id);
      // told before the wait began: the Task is final already when read now
      if (!Gateway.FINAL.contains(status(ok(get(base + "/fhir/Task/" + id, auth))))) {
        waiting.get(60, TimeUnit.SECONDS);
      }
      told.remove(id);
      task = ok(get(base + "/fhir/Task/" + id, auth));
    }
    readRelease(task, auth);
    return System.nanoTime() - start;
  }

  /**
   * The gateway's JVM options: {@code -Xmx768m}, plus {@code -Dload.jvm=…} (space-separated, e.g.
   * {@code -XX:StartFlightRecording=filename=/tmp/load.jfr} for a profile).
   */
  private static List<String> jvm() {
    List<String> options = new ArrayList<>(List.of("-Xmx768m"));
    for (String o : System.getProperty("load.jvm", "").split(" ")) {
      if (!o.isBlank()) {
        options.add(o);
      }
    }
    return options;
  }

  /**
   * The gateway's settings: all clients are one address here, so the per-address limits (#17) are
   * lifted; {@code -Dload.settings=key=value,key=value} adds or overrides settings (e.g. {@code
   * jeugdpoort.route.concurrent-requests=16}).
   */
  private static Map<String, String> settings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("jeugdpoort.http.write-limit", "1000000");
    settings.put("jeugdpoort.http.max-concurrent-per-address", "1000");
    settings.put("jeugdpoort.subscription.allow-local-endpoints", "true");
    String extra = System.getProperty("load.settings", "");
    for (String pair : extra.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return settings;
  }

  /** One direct read of the data a release would carry; its latency in nanoseconds. */
  private long direct() throws Exception {
    int n = Math.floorMod(sequence.getAndIncrement(), patients.size());
    String source = base + "/demo-sources/wijkteam-noord/fhir";
    long start = System.nanoTime();
    ok(get(source + "/Patient/" + patients.get(n), null));
    ok(get(source + "/CarePlan?patient=" + patients.get(n), null));
    return System.nanoTime() - start;
  }

  /** One data request from POST to the Bundle read; its latency in nanoseconds. */
  private long mediated() throws Exception {
    String auth = Gateway.basicAuth("dirk", "demo-dirk");
    long start = System.nanoTime();
    Posted posted = post(auth);
    String task = posted.task();
    String id = posted.id();
    while (!Gateway.FINAL.contains(status(task))) {
      Thread.sleep(20);
      task = ok(get(base + "/fhir/Task/" + id, auth));
    }
    readRelease(task, auth);
    return System.nanoTime() - start;
  }

  /** A posted data request: the Task as answered, and its id. */
  private record Posted(String task, String id) {}

  /**
   * Posts the next data request as dirk (without {@code Prefer: respond-async}, so the POST waits
   * {@code jeugdpoort.admission.sync-wait}); the children go round.
   */
  private Posted post(String auth) throws Exception {
    int n = sequence.getAndIncrement();
    String body =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsns.get(Math.floorMod(n, bsns.size())),
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "load " + n,
                    "identification",
                    "care-plan"));
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/fhir/Task"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isIn(200, 201);
    String id =
        posted
            .headers()
            .firstValue("Location")
            .map(l -> l.replaceAll(".*/Task/([^/]+).*", "$1"))
            .orElseThrow(() -> new AssertionError("no Location: " + posted.body()));
    return new Posted(posted.body(), id);
  }

  /** Reads the release of a final Task; counts a Task that released nothing. */
  private void readRelease(String task, String auth) throws Exception {
    Matcher release = RELEASE.matcher(task);
    if (!"completed".equals(status(task)) || !release.find()) {
      notReleased.incrementAndGet();
      return;
    }
    ok(get(base + "/fhir/Bundle/" + release.group(1), auth));
  }

  private interface Call {
    long run() throws Exception;
  }

  /** Open loop: {@code rate} calls a second for {@code seconds}; their latencies, sorted. */
  private List<Long> atRate(Call call, int rate, int seconds) throws Exception {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ExecutorService workers = Executors.newFixedThreadPool(64);
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger started = new AtomicInteger();
    int total = rate * seconds;
    clock.scheduleAtFixedRate(
        () -> {
          if (started.getAndIncrement() < total) {
            workers.submit(
                () -> {
                  try {
                    latencies.add(call.run());
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  }
                });
          }
        },
        0,
        1_000_000L / rate,
        TimeUnit.MICROSECONDS);
    while (started.get() < total) {
      Thread.sleep(50);
    }
    clock.shutdownNow();
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    failed();
    List<Long> sorted = new ArrayList<>(latencies);
    assertThat(sorted).as("every call answered").hasSize(total);
    Collections.sort(sorted);
    return sorted;
  }

  /** Closed loop: {@code clients} calling one after the other for {@code during}; calls/s. */
  private double saturate(Call call, int clients, Duration during) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(clients);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + during.toNanos();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      workers.submit(
          () -> {
            try {
              while (System.nanoTime() < end) {
                call.run();
                done.incrementAndGet();
              }
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          });
    }
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    failed();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Fails with the first failure of a call, if any. */
  private void failed() {
    Throwable t = failure.get();
    if (t != null) {
      throw new AssertionError("a call failed: " + t, t);
    }
  }

  private HttpResponse<String> get(String url, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** The Task's status (the first "status" of its JSON is the Task's own). */
  private static String status(String task) {
    Matcher m = STATUS.matcher(task);
    return m.find() ? m.group(1) : "";
  }
}
