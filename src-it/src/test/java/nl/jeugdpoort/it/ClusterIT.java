package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.jeugdpoort.gateway.persistence.PostgresServer;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Many nodes, exactly once (issue #15): three gateway members — real Payara Micro processes — on
 * one real PostgreSQL server and one real SMTP server (GreenMail), with a burst of data requests
 * spread over all of them while members are killed with SIGKILL at each step of the flow in turn
 * (failpoints, see {@code fault.Failpoints}), restarted, and the database stopped for a few
 * seconds. Every invariant is then read from the database and the SMTP server: every request final,
 * one release per released request, one notice per person per request, no e-mail twice, nothing
 * released before its notice, the audit chain intact, nothing stuck; and requests resumed after a
 * full restart reach their demo source although no request arrived first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  /** The final statuses as the column business_status holds them (RequestStatus names). */
  private static final Set<String> FINAL =
      Set.of(
          "RELEASED",
          "PARTIALLY_RELEASED",
          "REFUSED",
          "SOURCE_REFUSED",
          "UNKNOWN_YOUTH",
          "AMBIGUOUS_YOUTH",
          "SOURCE_ACCESS_DENIED",
          "SOURCE_UNSUPPORTED",
          "SOURCE_BAD_ANSWER",
          "SOURCE_UNAVAILABLE",
          "TECHNICAL_FAILURE");

  /**
   * Each member's failpoints in turn, as {@code name:n} (the point stops the request that arrives
   * after n others).
   */
  private static final String[][] KILLS = {
    {"after-intake:10", "mid-fetch:15"},
    {"waiting-for-notice:35", "before-release:15"},
    {"after-notice:70"}
  };

  private static final Duration START = Duration.ofMinutes(4);

  /**
   * With the identification, each request asks for two of these; request n is about child n % 60
   * (c0 … c59) and asks for pair (n / 60) % 55, so the first 3,300 requests are all different: an
   * identical request would be answered by the earlier release (P5) without a notice, a fetch or a
   * release, and never reach the later failpoints.
   */
  static final String[] SECOND_CATEGORY = {
    "care-plan",
    "legal-representation",
    "care-team",
    "diagnoses",
    "observations",
    "safety",
    "education",
    "encounters",
    "immunizations",
    "medication",
    "reports"
  };

  /** Every pair of {@link #SECOND_CATEGORY}: 55. */
  private static final List<String[]> PAIRS = new ArrayList<>();

  static {
    for (int i = 0; i < SECOND_CATEGORY.length; i++) {
      for (int j = i + 1; j < SECOND_CATEGORY.length; j++) {
        PAIRS.add(new String[] {SECOND_CATEGORY[i], SECOND_CATEGORY[j]});
      }
    }
  }

  /** The most requests the burst sends: no two alike (60 children x 50 of the 55 pairs). */
  private static final int BURST_AT_MOST = 3000;

  /** The most unfinished requests the burst's clients let stand before they post more. */
  private static final int OPEN_AT_MOST = 60;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, String> accepted = new ConcurrentHashMap<>();
  private final AtomicInteger kills = new AtomicInteger();
  private final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
  private PostgresServer postgres;
  private GreenMail smtp;
  private int smtpPort;

  /** What an SMTP server stopped by a test had received (the invariants count every e-mail). */
  private final List<MimeMessage> earlierMail = new ArrayList<>();

  private final List<GatewayNode> nodes = new ArrayList<>();
  private List<String> bsns;

  /** The Raad's system's endpoint in the test JVM: every notification posted to it. */
  private com.sun.net.httpserver.HttpServer hook;

  private final List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
  private String subscription;

  @BeforeAll
  void startTheCluster() throws Exception {
    postgres = PostgresServer.start(Path.of("target", "cluster-postgres"));
    smtpPort = Measurements.freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("jeugdpoort.db.url", postgres.url());
    settings.put("jeugdpoort.db.user", postgres.user());
    settings.put("jeugdpoort.db.password", postgres.password());
    settings.put("jeugdpoort.mail.host", "127.0.0.1");
    settings.put("jeugdpoort.mail.port", String.valueOf(smtpPort));
    settings.put("jeugdpoort.mail.retry-backoff", "PT0.5S");
    settings.put("jeugdpoort.mail.retry-max", "PT2S");
    settings.put("jeugdpoort.mail.poll-interval", "PT0.5S");
    settings.put("jeugdpoort.notice.poll-interval", "PT1S");
    settings.put("jeugdpoort.connector.read-timeout", "PT5S");
    settings.put("jeugdpoort.connector.max-attempts", "2");
    settings.put("jeugdpoort.connector.initial-backoff", "PT0.1S");
    settings.put("jeugdpoort.http.write-limit", "100000");
    // Short leases and polls, so that a killed member's requests are taken over within seconds.
    settings.put("jeugdpoort.work.lease", "PT6S");
    settings.put("jeugdpoort.work.poll-interval", "PT0.5S");
    settings.put("jeugdpoort.work.retry-backoff", "PT1S");
    // Issue #16.3: the Raad's system is subscribed to its finished requests (endpoint in this JVM).
    settings.put("jeugdpoort.subscription.allow-local-endpoints", "true");
    settings.put("jeugdpoort.subscription.poll-interval", "PT0.2S");
    List<Integer> hazelcast =
        List.of(Measurements.freePort(), Measurements.freePort(), Measurements.freePort());
    Path dir = Path.of("target", "cluster");
    for (int i = 0; i < 3; i++) {
      nodes.add(
          new GatewayNode(i, Measurements.freePort(), hazelcast.get(i), hazelcast, settings, dir));
    }
    // The first member migrates the schema and seeds the demo; the others join it.
    nodes.get(0).start(KILLS[0][0]);
    nodes.get(0).awaitReady(START);
    nodes.get(1).start(KILLS[1][0]);
    nodes.get(2).start(KILLS[2][0]);
    nodes.get(1).awaitReady(START);
    nodes.get(2).awaitReady(START);
    Gateway first = new Gateway(new URL(nodes.get(0).base() + "/"));
    subscribe(first);
    bsns = new ArrayList<>();
    for (int c = 0; c < 60; c++) {
      bsns.add(first.bsnOf("wijkteam-noord", "c" + c));
    }
  }

  /**
   * Subscribes the Raad (dirk, whose requests the tests post) to its finished requests, with an
   * endpoint in this JVM that answers 200 and keeps every body; waits for the handshake.
   */
  private void subscribe(Gateway gateway) throws Exception {
    hook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/meldingen",
        exchange -> {
          notified.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.setExecutor(Executors.newFixedThreadPool(4));
    hook.start();
    HttpResponse<String> made =
        gateway.send(
            "POST",
            "/fhir/Subscription",
            """
            {"resourceType":"Subscription","status":"requested",
             "criteria":"https://jeugdpoort.nl/fhir/SubscriptionTopic/data-request-finished",
             "channel":{"type":"rest-hook","endpoint":"http://127.0.0.1:%d/meldingen",
              "payload":"application/fhir+json"}}
            """
                .formatted(hook.getAddress().getPort()),
            "Authorization",
            Gateway.basicAuth("dirk", "demo-dirk"),
            "Content-Type",
            "application/fhir+json");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    subscription =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(org.hl7.fhir.r4.model.Subscription.class, made.body())
            .getIdElement()
            .getIdPart();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (notified.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(notified).as("the handshake reached the endpoint").isNotEmpty();
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    if (hook != null) {
      hook.stop(0);
    }
    for (GatewayNode node : nodes) {
      node.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void a_burst_over_three_members_survives_a_sigkill_at_every_step_of_the_flow() throws Exception {
    AtomicBoolean submitting = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    AtomicInteger sent = new AtomicInteger();
    // The clients go on until every failpoint was reached and at least 300 requests were sent,
    // but
    // keep at most OPEN_AT_MOST requests unfinished: a burst is several hundred requests, not as
    // many as four threads can post in minutes (an earlier run flooded the members with 20,000 and
    // no request reached its release before the deadline).
    AtomicInteger open = new AtomicInteger();
    List<Future<Object>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(
          clients.submit(
              () -> {
                while (submitting.get() || sent.get() < 300) {
                  while (open.get() >= OPEN_AT_MOST && submitting.get()) {
                    Thread.sleep(200);
                  }
                  int n = sent.getAndIncrement();
                  if (n >= BURST_AT_MOST) {
                    return null;
                  }
                  submit(bsns.get(n % bsns.size()), n);
                  open.incrementAndGet();
                }
                return null;
              }));
    }
    // Each member is armed with one failpoint at a time; whichever reaches its point is killed
    // there and
    // started again with its next one, while the others go on serving.
    Map<Integer, Integer> next = new HashMap<>(Map.of(0, 1, 1, 1, 2, 1));
    Set<String> done = ConcurrentHashMap.newKeySet();
    try {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
      Instant counted = Instant.EPOCH;
      GatewayNode restarting = null;
      Instant restartedAt = Instant.now();
      while (done.size() < 5 && Instant.now().isBefore(deadline)) {
        for (GatewayNode node : nodes) {
          String[] plan = KILLS[node.index];
          int at = next.get(node.index) - 1;
          if (at >= plan.length || !node.isAlive()) {
            continue;
          }
          String point = plan[at].split(":")[0];
          // One member down at a time: a member whose thread stopped at its point waits (it goes
          // on
          // serving everything else) until the member killed before it is ready again.
          if (node.outputContains("JEUGDPOORT-FAILPOINT " + point)
              && (restarting == null || restarting.isReady())) {
            restarting = node;
            restartedAt = Instant.now();
            node.kill();
            kills.incrementAndGet();
            done.add(point);
            next.put(node.index, at + 2);
            node.start(at + 1 < plan.length ? plan[at + 1] : null);
          }
        }
        if (restarting != null
            && Duration.between(restartedAt, Instant.now()).compareTo(START) > 0
            && !restarting.isReady()) {
          throw new AssertionError(
              "member "
                  + restarting.index
                  + " not ready within "
                  + START
                  + " of its restart; last /health/ready: "
                  + restarting.lastHealth()
                  + "\n"
                  + restarting.tail());
        }
        if (Duration.between(counted, Instant.now()).toMillis() > 1000) {
          open.set(
              Integer.parseInt(
                  sql("select count(*) from data_request where business_status not in " + finals())
                      .get(0)
                      .get(0)));
          counted = Instant.now();
        }
        Thread.sleep(100);
      }
    } finally {
      submitting.set(false);
      open.set(0);
    }
    System.out.println("ClusterIT: failpoints reached and killed: " + done + ", " + sent + " sent");
    clients.shutdown();
    assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    for (Future<Object> client : running) {
      client.get(); // a client that failed (no member accepted its request) fails the test here
    }
    assertThat(done)
        .as("a member was killed at every step of the flow")
        .containsExactlyInAnyOrder(
            "after-intake", "waiting-for-notice", "after-notice", "mid-fetch", "before-release");
    assertThat(unexpected)
        .as("answers other than 201/200, 429 or a member not (yet) serving")
        .isEmpty();
    for (GatewayNode node : nodes) {
      node.awaitReady(START);
    }
    System.out.println(
        "ClusterIT: "
            + accepted.size()
            + " requests accepted over 3 members, "
            + kills.get()
            + " SIGKILLs");
    assertThat(accepted.size()).isGreaterThanOrEqualTo(300);
    awaitAllFinal(Duration.ofMinutes(5));
    assertTheInvariants();
  }

  @Test
  @Order(2)
  void
      a_request_resumed_after_a_full_restart_reaches_its_demo_source_with_no_request_arriving_first()
          throws Exception {
    Set<String> before = Set.copyOf(accepted.keySet());
    // The SMTP server is down, so that the requests wait for their e-mail notices (and are not
    // already final, as they are within a second when it is up) when every member is killed.
    earlierMail.addAll(List.of(smtp.getReceivedMessages()));
    smtp.stop();
    List<String> open;
    try {
      for (int n = 0; n < 20; n++) {
        // Numbers 3000 … 3019: children c0 … c19 with a pair no request of the burst asked for.
        submit(bsns.get(n), BURST_AT_MOST + n);
      }
      for (GatewayNode node : nodes) {
        node.kill();
        kills.incrementAndGet();
      }
      open =
          sql("select id from data_request where business_status not in " + finals()).stream()
              .map(r -> r.get(0))
              .toList();
    } finally {
      smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      if (!nodes.get(0).isAlive()) {
        nodes.get(0).start(null);
      }
    }
    assertThat(open).as("some requests were interrupted by the full stop").isNotEmpty();
    try {
      nodes.get(0).awaitReady(START);
      awaitAllFinal(Duration.ofMinutes(3));
      for (String id : open) {
        String status =
            sql("select business_status from data_request where id = '" + id + "'").get(0).get(0);
        assertThat(status)
            .as("request %s resumed after the restart reached its source", id)
            .isIn("RELEASED", "PARTIALLY_RELEASED", "REFUSED");
      }
      assertThat(accepted.keySet()).containsAll(before);
    } finally {
      // The other members come back whatever happened, for the next test.
      for (GatewayNode node : nodes.subList(1, 3)) {
        if (!node.isAlive()) {
          node.start(null);
        }
      }
      nodes.get(1).awaitReady(START);
      nodes.get(2).awaitReady(START);
    }
    assertTheInvariants();
  }

  @Test
  @Order(3)
  void the_database_gone_for_a_few_seconds_loses_no_request_and_releases_none_without_its_notice()
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(2);
    for (int n = 0; n < 40; n++) {
      // Numbers 3020 … 3059: children c20 … c59 with that pair, as in the test before.
      int k = BURST_AT_MOST + 20 + n;
      clients.submit(() -> submit(bsns.get(k % bsns.size()), k));
    }
    Thread.sleep(1500);
    postgres.stop();
    Thread.sleep(5000);
    postgres.restart();
    clients.shutdown();
    assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
    awaitAllFinal(Duration.ofMinutes(3));
    assertThat(
            sql(
                "select id from data_request where business_status in ('TECHNICAL_FAILURE', 'SOURCE_UNAVAILABLE')"))
        .as("a database gone for a few seconds makes no request fail")
        .isEmpty();
    assertTheInvariants();
  }

  /**
   * POSTs one request to a live member (round robin), repeating it with the same Idempotency-Key
   * elsewhere when the member dies.
   */
  private Void submit(String bsn, int n) {
    Task task =
        Gateway.request(
            bsn,
            "wijkteam-noord",
            "child-protection-investigation",
            "legal-duty",
            "Onderzoek op verzoek van de rechtbank (cluster " + n + ")",
            "identification",
            PAIRS.get((n / 60) % PAIRS.size())[0],
            PAIRS.get((n / 60) % PAIRS.size())[1]);
    String body = Gateway.FHIR.newJsonParser().encodeResourceToString(task);
    String key = UUID.randomUUID().toString();
    // A member may be restarting, or all of them: a request is offered for as long as a member
    // takes to start.
    Instant giveUp = Instant.now().plus(START);
    for (int attempt = 0; Instant.now().isBefore(giveUp); attempt++) {
      GatewayNode node = nodes.get((n + attempt) % nodes.size());
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(node.base() + "/fhir/Task"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/fhir+json")
                    .header("Authorization", Gateway.basicAuth("dirk", "demo-dirk"))
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        boolean isTask =
            answer.body().contains("\"resourceType\": \"Task\"")
                || answer.body().contains("\"resourceType\":\"Task\"");
        if ((answer.statusCode() == 201 || answer.statusCode() == 200) && !isTask) {
          // A member that is starting can answer 200 with a page of its own before the gateway is
          // deployed: not an answer of the gateway; asked again at the next member.
          Thread.sleep(500);
          continue;
        }
        if (answer.statusCode() == 201 || answer.statusCode() == 200) {
          Task stored = Gateway.FHIR.newJsonParser().parseResource(Task.class, answer.body());
          String previous = accepted.putIfAbsent(stored.getIdElement().getIdPart(), key);
          assertThat(previous == null || previous.equals(key))
              .as("one Task per Idempotency-Key")
              .isTrue();
          return null;
        }
        // 429: back-pressure; 404 or 503: a member that is starting and does not serve the gateway
        // yet (the HTTP
        // port opens before the application is deployed). Each is repeated, with the same key, at
        // the next member.
        // A 500 with an empty body: Payara Micro itself, restarting on that port, before the
        // gateway
        // is deployed (the gateway answers every error with an OperationOutcome).
        boolean starting = answer.statusCode() == 500 && answer.body().isBlank();
        if (answer.statusCode() != 429
            && answer.statusCode() != 503
            && answer.statusCode() != 404
            && !starting) {
          String what =
              answer.statusCode()
                  + " from node "
                  + node.index
                  + ": "
                  + answer.body().substring(0, Math.min(300, answer.body().length()));
          System.out.println("ClusterIT: unexpected answer " + what);
          unexpected.add(what);
          return null;
        }
        Thread.sleep(500);
      } catch (IOException memberDown) {
        sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    throw new AssertionError("no member accepted request " + n);
  }

  private void awaitAllFinal(Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    List<List<String>> open = List.of();
    while (Instant.now().isBefore(deadline)) {
      open =
          sql(
              "select id, business_status from data_request where business_status not in "
                  + finals());
      if (open.isEmpty()) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        open.size()
            + " requests not final after "
            + atMost
            + ", e.g. "
            + open.subList(0, Math.min(5, open.size())));
  }

  /** The invariants of issue #15, read from the database and the SMTP server. */
  private void assertTheInvariants() throws Exception {
    assertThat(sql("select count(*) from data_request").get(0).get(0))
        .as("one stored request per accepted POST (retries with the same Idempotency-Key included)")
        .isEqualTo(String.valueOf(accepted.size()));
    assertThat(
            sql(
                "select id, business_status from data_request where business_status not in "
                    + finals()))
        .as("every request reached a final state")
        .isEmpty();
    assertThat(sql("select id from data_request where business_status = 'TECHNICAL_FAILURE'"))
        .as("no request ended in a technical failure")
        .isEmpty();
    assertThat(sql("select request_id from release_record group by request_id having count(*) > 1"))
        .as("at most one release per request")
        .isEmpty();
    assertThat(
            sql(
                "select id from data_request where business_status in ('RELEASED', 'PARTIALLY_RELEASED') and release_id is null"))
        .as("every released request points at its release")
        .isEmpty();
    assertThat(
            sql(
                "select request_id, recipient_ref, timing from notice group by request_id, recipient_ref, timing having count(*) > 1"))
        .as("one notice per person per request")
        .isEmpty();
    assertThat(
            sql(
                "select r.id from data_request r join release_record rel on rel.request_id = r.id "
                    + "where exists (select 1 from notice n where n.request_id = r.id and n.timing = 'before') "
                    + "and (r.notice_delivered_at is null or r.notice_delivered_at > rel.created_at)"))
        .as("nothing released before its notice was delivered (N1)")
        .isEmpty();
    assertThat(sql("select id from notice_delivery where status <> 'sent'"))
        .as("no e-mail left in the outbox")
        .isEmpty();
    Map<String, Integer> byMessageId = new HashMap<>();
    List<MimeMessage> received = new ArrayList<>(earlierMail);
    received.addAll(List.of(smtp.getReceivedMessages()));
    for (MimeMessage m : received) {
      byMessageId.merge(m.getMessageID(), 1, Integer::sum);
    }
    int emails =
        Integer.parseInt(
            sql("select count(*) from notice_delivery where channel = 'email'").get(0).get(0));
    assertThat(byMessageId)
        .as("every e-mail notice reached the SMTP server under its own Message-ID")
        .hasSize(emails);
    int resent = byMessageId.values().stream().mapToInt(c -> c - 1).sum();
    assertThat(resent)
        .as("an e-mail goes twice only when a member died between the SMTP answer and recording it")
        .isLessThanOrEqualTo(kills.get());
    System.out.println(
        "ClusterIT: "
            + emails
            + " e-mails, "
            + resent
            + " sent again after a kill (same Message-ID)");
    assertTheSubscriptionInvariants();
    assertThat(sql("select count(*) from audit_entry").get(0).get(0)).isNotEqualTo("0");
    // The audit chain, written by three members and their kills, verifies (as the administrator's
    // GET /api/admin/audit/verify recomputes it) once every entry is chained.
    String verdict = "";
    Instant chained = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(chained)) {
      GatewayNode live = nodes.stream().filter(GatewayNode::isAlive).findFirst().orElseThrow();
      HttpResponse<String> verify =
          http.send(
              HttpRequest.newBuilder(URI.create(live.base() + "/api/admin/audit/verify"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", Gateway.basicAuth("admin", "demo-admin"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      verdict = verify.statusCode() + " " + verify.body();
      if (verify.statusCode() == 200 && verify.body().contains("\"pending\":0")) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(verdict)
        .as("the audit chain verifies with nothing pending")
        .startsWith("200 ")
        .contains("\"intact\":true")
        .contains("\"pending\":0");
    System.out.println("ClusterIT: audit chain " + verdict);
  }

  /**
   * Issue #16.3 across kills: one notification per finished request of the Raad, numbered without a
   * gap or a repeat, every one accepted by the endpoint; a notification reaches it twice (same
   * Bundle.id) only when a member died between the endpoint's answer and recording it.
   */
  private void assertTheSubscriptionInvariants() throws Exception {
    assertThat(
            sql(
                "select r.id from data_request r where r.requester_org = 'raad-kinderbescherming' "
                    + "and not exists (select 1 from subscription_notification n where n.request_id = r.id "
                    + "and n.subscription_id = '"
                    + subscription
                    + "')"))
        .as("every finished request of the Raad is notified")
        .isEmpty();
    assertThat(
            sql(
                "select request_id from subscription_notification where kind = 'event-notification' "
                    + "group by subscription_id, request_id having count(*) > 1"))
        .as("one notification per subscription and request")
        .isEmpty();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    List<List<String>> waiting = List.of();
    while (Instant.now().isBefore(deadline)) {
      waiting =
          sql(
              "select id, status, last_error from subscription_notification where status <> 'sent'");
      if (waiting.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(waiting).as("every notification accepted by the endpoint").isEmpty();
    List<List<String>> numbers =
        sql(
            "select count(*), count(distinct event_number), min(event_number), max(event_number) "
                + "from subscription_notification where kind = 'event-notification'");
    String events = numbers.get(0).get(0);
    assertThat(numbers.get(0))
        .as("event numbers 1 … N, each once")
        .containsExactly(events, events, "1", events);
    assertThat(
            sql(
                "select events_since_start from fhir_subscription where id = '"
                    + subscription
                    + "'"))
        .containsExactly(List.of(events));
    Map<String, Integer> byBundle = new HashMap<>();
    for (String body : notified) {
      org.hl7.fhir.r4.model.Bundle b =
          Gateway.FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, body);
      byBundle.merge(b.getIdElement().getIdPart(), 1, Integer::sum);
    }
    int rows =
        Integer.parseInt(sql("select count(*) from subscription_notification").get(0).get(0));
    assertThat(byBundle).as("every notification reached the endpoint").hasSize(rows);
    int again = byBundle.values().stream().mapToInt(c -> c - 1).sum();
    assertThat(again)
        .as("a notification goes twice only when a member died between the answer and recording it")
        .isLessThanOrEqualTo(kills.get());
    System.out.println(
        "ClusterIT: "
            + events
            + " subscription notifications, "
            + again
            + " posted again after a kill");
  }

  private List<List<String>> sql(String query) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static String finals() {
    return "('" + String.join("', '", FINAL) + "')";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
