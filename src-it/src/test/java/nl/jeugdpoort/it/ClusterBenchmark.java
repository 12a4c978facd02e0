package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.jeugdpoort.gateway.persistence.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * Throughput with 1, 2 and 3 members (issue #15.7) — a benchmark, not a timed test: it is not part
 * of {@code mvn verify} (its name does not end in IT); run it with {@code mvn -pl src-it -am verify
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DskipPit=true -Dit.test=ClusterBenchmark}.
 * One PostgreSQL server; the members are real Payara Micro processes on this machine (as {@link
 * ClusterIT}). For each cluster size it posts {@code cluster.benchmark.requests} data requests
 * (default 300) from 8 clients spread over the members, and reports completed requests per second
 * (first POST to last final status), the ratio to one member, and p50/p99 of POST-to-final per
 * request (the database's created_at and updated_at of the final move). Figures go to
 * docs/performance.md.
 */
class ClusterBenchmark {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void completed_requests_per_second_with_one_two_and_three_members() throws Exception {
    int requests = Integer.getInteger("cluster.benchmark.requests", 300);
    try (PostgresServer postgres = PostgresServer.start(Path.of("target", "benchmark-postgres"))) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("jeugdpoort.db.url", postgres.url());
      settings.put("jeugdpoort.db.user", postgres.user());
      settings.put("jeugdpoort.db.password", postgres.password());
      settings.put("jeugdpoort.http.write-limit", "1000000");
      List<Integer> hazelcast =
          List.of(Measurements.freePort(), Measurements.freePort(), Measurements.freePort());
      List<GatewayNode> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(
            new GatewayNode(
                i,
                Measurements.freePort(),
                hazelcast.get(i),
                hazelcast,
                settings,
                Path.of("target", "benchmark")));
      }
      try {
        nodes.get(0).start(null);
        nodes.get(0).awaitReady(Duration.ofMinutes(4));
        Gateway first = new Gateway(new URL(nodes.get(0).base() + "/"));
        List<String> bsns = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
          bsns.add(first.bsnOf("wijkteam-noord", "c" + c));
        }
        run(nodes.subList(0, 1), bsns, Math.max(40, requests / 5), postgres, "warm-up");
        StringBuilder table =
            new StringBuilder(
                "| members | requests | completed/s | ratio to 1 | p50 POST→final | p99 POST→final |\n|---|---|---|---|---|---|\n");
        double one = 0;
        for (int members = 1; members <= 3; members++) {
          if (members > 1) {
            nodes.get(members - 1).start(null);
            nodes.get(members - 1).awaitReady(Duration.ofMinutes(4));
          }
          double[] r =
              run(nodes.subList(0, members), bsns, requests, postgres, members + " member(s)");
          one = members == 1 ? r[0] : one;
          table.append(
              String.format(
                  "| %d | %d | %.1f | %.2f | %.0f ms | %.0f ms |%n",
                  members, requests, r[0], r[0] / one, r[1], r[2]));
        }
        System.out.println(
            "ClusterBenchmark ("
                + Runtime.getRuntime().availableProcessors()
                + " cores, one PostgreSQL):\n"
                + table);
      } finally {
        for (GatewayNode node : nodes) {
          node.close();
        }
      }
    }
  }

  /** Posts {@code count} requests over {@code members}; returns completed/s, p50 and p99 in ms. */
  private double[] run(
      List<GatewayNode> members,
      List<String> bsns,
      int count,
      PostgresServer postgres,
      String label)
      throws Exception {
    String marker = "bench-" + System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    AtomicInteger next = new AtomicInteger();
    Instant start = Instant.now();
    for (int t = 0; t < 8; t++) {
      clients.submit(
          () -> {
            for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
              GatewayNode node = members.get(n % members.size());
              String body =
                  Gateway.FHIR
                      .newJsonParser()
                      .encodeResourceToString(
                          Gateway.request(
                              bsns.get(n % bsns.size()),
                              "wijkteam-noord",
                              "child-protection-investigation",
                              "legal-duty",
                              marker + " " + n,
                              "identification",
                              "care-plan"));
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(URI.create(node.base() + "/fhir/Task"))
                          .timeout(Duration.ofSeconds(60))
                          .header("Content-Type", "application/fhir+json")
                          .header("Prefer", "respond-async")
                          .header("Authorization", Gateway.basicAuth("dirk", "demo-dirk"))
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
            }
            return null;
          });
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    String finals = "('RECEIVED', 'WAITING_FOR_NOTICE', 'FETCHING', 'HELD_OBJECTION_WINDOW')";
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    List<Long> latencies;
    try (Connection c =
        DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password())) {
      while (true) {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select count(*) from data_request where "
                        + "explanation like '"
                        + marker
                        + "%' and business_status in "
                        + finals)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            break;
          }
        }
        assertThat(Instant.now()).as(label + ": all requests final").isBefore(deadline);
        Thread.sleep(200);
      }
      Duration took = Duration.between(start, Instant.now());
      latencies = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select created_at, updated_at from data_request "
                      + "where explanation like '"
                      + marker
                      + "%'")) {
        while (rs.next()) {
          latencies.add(
              Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())
                  .toMillis());
        }
      }
      latencies.sort(Long::compare);
      double perSecond = count / (took.toMillis() / 1000.0);
      System.out.printf(
          "ClusterBenchmark %s: %d requests in %d ms%n", label, count, took.toMillis());
      return new double[] {
        perSecond,
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1)
      };
    }
  }
}
