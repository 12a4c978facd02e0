package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.jeugdpoort.gateway.persistence.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * The growth measurement of issue #16 — a benchmark, not a timed test: not part of {@code mvn
 * verify} (its name does not end in IT). Run it with {@code mvn -pl src-it -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipPit=true -Dit.test=GrowthBenchmark}.
 *
 * <p>One gateway (a real Payara Micro process with the WAR and the demo) on a throw-away PostgreSQL
 * server. First {@code growth.base} (1,000) data requests go through the gateway itself — the Raad
 * asks Wijkteam Noord about the 60 demo children, every one different, so each is decided,
 * notified, fetched and released or refused with its notices, release and audit entries as the
 * gateway writes them. Then the latency of every page and search a user uses is measured: the Task
 * list (first page, and filtered on status), a request's audit entries, a privacy officer's
 * security-event search, the family's start page (timeline and inbox), the professionals' request
 * list in the portal and the privacy officer's review list. Then the database is grown to {@code
 * growth.total} (100,000) requests by copying those rows with JDBC batches — each copy about other
 * youths (new BSNs, new ids) and older (its times moved back a day per copy), so the families'
 * pages keep the size they would have in a real region and only the tables grow — and the same
 * pages are measured again. It prints p50 and p90 of each at both sizes and their ratio; the goal
 * of #16 is a ratio of at most 2. Figures go to docs/performance.md.
 *
 * <p>The copied audit entries keep their original hashes under new sequence numbers, so the audit
 * chain of this throw-away database does not verify; nothing here reads it.
 */
class GrowthBenchmark {
  private static final int BASE = Integer.getInteger("growth.base", 1_000);
  private static final int TOTAL = Integer.getInteger("growth.total", 100_000);
  private static final int CALLS = Integer.getInteger("growth.calls", 40);

  /** Unmeasured calls per page first, so that the first size is not measured on a cold JIT. */
  private static final int WARM_UP = 20;

  /** The columns that hold a copied row's own id or the id of another copied row. */
  private static final Set<String> IDS = Set.of("id", "request_id", "notice_id", "release_id");

  /** The tables copied, parents first; each row of a request is copied with it. */
  private static final List<String> TABLES =
      List.of(
          "data_request",
          "notice",
          "notice_delivery",
          "release_record",
          "privacy_review",
          "audit_entry");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private PostgresServer postgres;
  private String base;

  @Test
  void every_page_a_user_uses_at_1k_and_at_100k_requests() throws Exception {
    postgres = PostgresServer.start(Path.of("target", "growth-postgres"));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("jeugdpoort.db.url", postgres.url());
    settings.put("jeugdpoort.db.user", postgres.user());
    settings.put("jeugdpoort.db.password", postgres.password());
    settings.put("jeugdpoort.http.write-limit", "1000000");
    settings.put("jeugdpoort.http.max-concurrent-per-address", "1000");
    int hazelcast = Measurements.freePort();
    GatewayNode node =
        new GatewayNode(
                0,
                Measurements.freePort(),
                hazelcast,
                List.of(hazelcast),
                settings,
                Path.of("target", "growth-benchmark"))
            .jvm(List.of("-Xmx768m"));
    try {
      node.start(null);
      node.awaitReady(Duration.ofMinutes(4));
      base = node.base();
      Gateway gateway = new Gateway(new URL(base + "/"));
      List<String> bsns = new ArrayList<>();
      for (int c = 0; c < 60; c++) {
        bsns.add(gateway.bsnOf("wijkteam-noord", "c" + c));
      }
      long seeded = System.nanoTime();
      submit(bsns, BASE);
      awaitAllFinal(Duration.ofMinutes(10));
      System.out.printf(
          "GrowthBenchmark: %d requests through the gateway in %.1f s%n",
          BASE, (System.nanoTime() - seeded) / 1e9);
      String someTask = sql("select id from data_request order by created_at limit 1").get(0);
      Map<String, List<Long>> small = measure(gateway, someTask);
      long grown = System.nanoTime();
      int copies = (TOTAL + BASE - 1) / BASE - 1;
      grow(copies, bsns);
      String rows = sql("select count(*) from data_request").get(0);
      String entries = sql("select count(*) from audit_entry").get(0);
      System.out.printf(
          "GrowthBenchmark: grown to %s requests (%s audit entries) by %d copies in %.1f s%n",
          rows, entries, copies, (System.nanoTime() - grown) / 1e9);
      Map<String, List<Long>> large = measure(gateway, someTask);

      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "GrowthBenchmark (%d cores, PostgreSQL, %d calls per page after %d unmeasured)%n",
              Runtime.getRuntime().availableProcessors(), CALLS, WARM_UP));
      out.append(
          String.format(
              "| page | p50 at %d | p50 at %s | ratio | p90 at %d | p90 at %s | ratio |%n"
                  + "|---|---|---|---|---|---|---|%n",
              BASE, rows, BASE, rows));
      for (String page : small.keySet()) {
        List<Long> a = small.get(page);
        List<Long> b = large.get(page);
        out.append(
            String.format(
                "| %s | %.1f ms | %.1f ms | %.2f× | %.1f ms | %.1f ms | %.2f× |%n",
                page,
                Measurements.ms(Measurements.percentile(a, 50)),
                Measurements.ms(Measurements.percentile(b, 50)),
                (double) Measurements.percentile(b, 50) / Measurements.percentile(a, 50),
                Measurements.ms(Measurements.percentile(a, 90)),
                Measurements.ms(Measurements.percentile(b, 90)),
                (double) Measurements.percentile(b, 90) / Measurements.percentile(a, 90)));
      }
      System.out.println(out);
    } finally {
      node.close();
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** Posts {@code count} data requests of the Raad (dirk), 8 at a time, each one different. */
  private void submit(List<String> bsns, int count) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> posted = new ArrayList<>();
    String auth = Gateway.basicAuth("dirk", "demo-dirk");
    for (int n = 0; n < count; n++) {
      int i = n;
      posted.add(
          clients.submit(
              () -> {
                String body =
                    Gateway.FHIR
                        .newJsonParser()
                        .encodeResourceToString(
                            Gateway.request(
                                bsns.get(i % bsns.size()),
                                "wijkteam-noord",
                                "child-protection-investigation",
                                "legal-duty",
                                "groei " + i,
                                "identification",
                                ClusterIT.SECOND_CATEGORY[
                                    (i / bsns.size()) % ClusterIT.SECOND_CATEGORY.length]));
                HttpResponse<String> r =
                    http.send(
                        HttpRequest.newBuilder(URI.create(base + "/fhir/Task"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/fhir+json")
                            .header("Authorization", auth)
                            .header("Prefer", "respond-async")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 202);
                return null;
              }));
    }
    for (Future<?> f : posted) {
      f.get();
    }
    clients.shutdown();
  }

  private void awaitAllFinal(Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    String open = "";
    while (Instant.now().isBefore(deadline)) {
      open =
          sql("select count(*) from data_request where business_status in "
                  + "('RECEIVED', 'WAITING_FOR_NOTICE', 'FETCHING', 'HELD_OBJECTION_WINDOW')")
              .get(0);
      if (open.equals("0")) {
        // and the audit chain has caught up, so that the chainer does not run while measuring
        if (sql("select count(*) from audit_entry where seq is null").get(0).equals("0")) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(open + " requests not final after " + atMost);
  }

  /** The pages and searches, each called {@link #CALLS} times after {@link #WARM_UP} others. */
  private Map<String, List<Long>> measure(Gateway gateway, String someTask) throws Exception {
    String dirk = Gateway.basicAuth("dirk", "demo-dirk");
    String pieter = Gateway.basicAuth("pieter", "demo-pieter");
    Map<String, Page> pages = new LinkedHashMap<>();
    pages.put("`GET /fhir/Task` (first page of 50)", () -> get("/fhir/Task", dirk));
    pages.put(
        "`GET /fhir/Task?status=completed&_count=50`",
        () -> get("/fhir/Task?status=completed&_count=50", dirk));
    pages.put(
        "`GET /fhir/AuditEvent?entity=Task/{id}`",
        () -> get("/fhir/AuditEvent?entity=Task/" + someTask, dirk));
    pages.put(
        "`GET /fhir/AuditEvent?subtype=login` (privacy officer)",
        () -> get("/fhir/AuditEvent?subtype=login&_count=50", pieter));
    Portal mother = Portal.login(gateway, "ouder-1-mother");
    pages.put(
        "portal start page of a parent (timeline and inbox)", () -> portal(mother, "/portal/"));
    Portal femke = Portal.login(gateway, "femke");
    pages.put(
        "portal `/portal/verzoeken` (source's professional)",
        () -> portal(femke, "/portal/verzoeken"));
    Portal officer = Portal.login(gateway, "pieter");
    pages.put(
        "portal `/portal/controle` (privacy officer)", () -> portal(officer, "/portal/controle"));
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Page> page : pages.entrySet()) {
      for (int i = 0; i < WARM_UP; i++) {
        page.getValue().call();
      }
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        long start = System.nanoTime();
        page.getValue().call();
        latencies.add(System.nanoTime() - start);
      }
      Collections.sort(latencies);
      out.put(page.getKey(), latencies);
    }
    return out;
  }

  private interface Page {
    void call() throws Exception;
  }

  private void get(String path, String auth) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", auth)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
  }

  private static void portal(Portal portal, String path) throws Exception {
    HttpResponse<String> r = portal.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
  }

  /**
   * Copies every request of the first {@link #BASE} with the rows that hang off it, {@code copies}
   * times: new ids (a name-based UUID per copy), the youth a new BSN per copy and child (nine
   * digits starting with 0, which no demo child has), every time a day earlier per copy, audit
   * entries with sequence numbers after the last one.
   */
  private void grow(int copies, List<String> bsns) throws Exception {
    Map<String, Integer> child = new HashMap<>();
    for (int c = 0; c < bsns.size(); c++) {
      assertThat(bsns.get(c)).doesNotStartWith("0");
      child.put(bsns.get(c), c);
    }
    try (Connection c =
        DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password())) {
      c.setAutoCommit(false);
      long seqOffset;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select max(seq) from audit_entry")) {
        rs.next();
        seqOffset = rs.getLong(1) + 1;
      }
      for (String table : TABLES) {
        List<Object[]> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "select * from "
                        + table
                        + (table.equals("audit_entry") ? " where request_id is not null" : ""))) {
          ResultSetMetaData meta = rs.getMetaData();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnName(i).toLowerCase());
          }
          while (rs.next()) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
              row[i] = rs.getObject(i + 1);
            }
            rows.add(row);
          }
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          if (!columns.get(i).equals("entry_no")) { // generated
            kept.add(i);
          }
        }
        StringBuilder insert = new StringBuilder("insert into " + table + " (");
        for (int i = 0; i < kept.size(); i++) {
          insert.append(i == 0 ? "" : ", ").append(columns.get(kept.get(i)));
        }
        insert.append(") values (").append("?, ".repeat(kept.size() - 1)).append("?)");
        try (PreparedStatement ps = c.prepareStatement(insert.toString())) {
          int batch = 0;
          for (int k = 1; k <= copies; k++) {
            for (Object[] row : rows) {
              for (int i = 0; i < kept.size(); i++) {
                String column = columns.get(kept.get(i));
                ps.setObject(
                    i + 1, copied(column, row[kept.get(i)], k, child, seqOffset, rows.size()));
              }
              ps.addBatch();
              if (++batch % 2_000 == 0) {
                ps.executeBatch();
              }
            }
          }
          ps.executeBatch();
        }
        c.commit();
        System.out.printf("GrowthBenchmark: %s: %d rows x %d copies%n", table, rows.size(), copies);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "update audit_chain_head set seq = (select max(seq) from audit_entry) where id = 1")) {
        ps.executeUpdate();
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("analyze"); // as autovacuum would have by then
      }
    }
  }

  /** The value of {@code column} in copy {@code k} of a row. */
  private static Object copied(
      String column,
      Object value,
      int k,
      Map<String, Integer> child,
      long seqOffset,
      int rowsPerCopy) {
    if (value == null) {
      return null;
    }
    if (IDS.contains(column)) {
      return UUID.nameUUIDFromBytes((k + ":" + value).getBytes(StandardCharsets.UTF_8)).toString();
    }
    if (column.equals("youth_bsn")) {
      Integer c = child.get(value.toString());
      return c == null ? value : String.format("0%08d", k * 100 + c);
    }
    if (column.equals("idempotency_key")) {
      return null;
    }
    if (column.equals("seq")) {
      return ((Number) value).longValue() + (long) k * seqOffset;
    }
    if (value instanceof Timestamp t) {
      return Timestamp.from(t.toInstant().minus(Duration.ofDays(k)));
    }
    return value;
  }

  private List<String> sql(String query) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
