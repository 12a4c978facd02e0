package nl.jeugdpoort.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.fhir.audit.AuditVerifier;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.PostgresTestServer;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name matches no surefire pattern, so {@code mvn verify} never runs
 * it): durable audit appends per second on H2 (file) and PostgreSQL (fsync on), each append its own
 * committed transaction, from 8, 16 and then 32 threads with the chainer running; and the cost of
 * verifying 1 M chained entries in the gateway (PostgreSQL, H2 in memory) and offline (H2: export
 * to NDJSON, then {@link AuditVerifier}). Run (docs/performance.md#audit):
 *
 * <pre>
 * mvn -pl gateway -am test -Dtest=AuditChainBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipPit=true
 * </pre>
 *
 * <p>One part alone: {@code -Dtest='AuditChainBenchmark#appends_per_second'} ({@code
 * #verification_on_postgresql}, {@code #verification_in_memory_and_offline}).
 *
 * <p>{@code -Daudit.bench.appends=20000}, {@code -Daudit.bench.entries=1000000} and {@code
 * -Daudit.bench.threads=8,16,32} change the sizes; {@code -Daudit.bench.keep-export=true} keeps the
 * export (to time {@code jeugdpoort-audit-verifier.jar} on it).
 */
class AuditChainBenchmark {
  private static final int APPENDS = Integer.getInteger("audit.bench.appends", 20_000);
  private static final int ENTRIES = Integer.getInteger("audit.bench.entries", 1_000_000);

  /**
   * Concurrent writers, one round each ({@code -Daudit.bench.threads=8,16,32}): with one commit per
   * append, a durable commit waits for the disk's flush, which commits arriving together share.
   */
  private static final int[] THREADS =
      java.util.Arrays.stream(System.getProperty("audit.bench.threads", "8,16,32").split(","))
          .mapToInt(t -> Integer.parseInt(t.trim()))
          .toArray();

  private static final int POOL = java.util.Arrays.stream(THREADS).max().orElse(8) + 2;

  @Test
  void appends_per_second() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "audit-bench"));
    Path h2File = Files.createTempDirectory(work, "h2-").resolve("audit");
    try (Database h2 =
        new Database(
            new DatabaseSettings("jdbc:h2:file:" + h2File.toAbsolutePath(), "sa", "", POOL))) {
      for (int threads : THREADS) {
        appends("H2 (file)", h2, threads);
      }
    }
    try (PostgresTestServer postgres = PostgresTestServer.start(work, true)) {
      DatabaseSettings s = postgres.settings();
      try (Database pg =
          new Database(new DatabaseSettings(s.url(), s.user(), s.password(), POOL))) {
        durable(pg);
        for (int threads : THREADS) {
          appends("PostgreSQL (fsync on, synchronous_commit on)", pg, threads);
        }
      }
    }
  }

  @Test
  void verification_on_postgresql() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "audit-bench"));
    try (PostgresTestServer postgres = PostgresTestServer.start(work, true)) {
      DatabaseSettings s = postgres.settings();
      try (Database pg =
          new Database(new DatabaseSettings(s.url(), s.user(), s.password(), POOL))) {
        verification("PostgreSQL", pg, work, false);
      }
    }
  }

  @Test
  void verification_in_memory_and_offline() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "audit-bench"));
    try (Database mem =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:auditbench;DB_CLOSE_DELAY=-1", "sa", "", 4))) {
      verification("H2 (in memory)", mem, work, true);
    }
  }

  /**
   * A durability figure needs fsync and synchronous commit on (the test server normally runs
   * without).
   */
  private static void durable(Database pg) throws Exception {
    try (Connection c = pg.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("show fsync")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("on");
    }
    try (Connection c = pg.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("show synchronous_commit")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("on");
    }
  }

  private static void appends(String name, Database db, int threads) throws Exception {
    AuditLog log = new AuditLog(Clock.systemUTC());
    AuditChainer chainer = new AuditChainer(db, Clock.systemUTC(), Duration.ofMillis(200));
    chainer.start(Thread::new);
    // Warm-up: JIT, pool, statement caches.
    run(db, log, 1_000, threads);
    long start = System.nanoTime();
    run(db, log, APPENDS, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    long chainStart = System.nanoTime();
    chainer.close();
    chainer.chainAll();
    double drain = (System.nanoTime() - chainStart) / 1e9;
    AuditVerification.Result r = AuditVerification.verify(db);
    assertThat(r.intact()).as(r.problem()).isTrue();
    assertThat(r.pending()).isZero();
    System.out.printf(
        Locale.ROOT,
        ">> audit appends, %s: %d appends from %d threads in %.2f s = %.0f appends/s"
            + " (each its own committed transaction); chain caught up %.2f s after the last append; %d entries verify%n",
        name,
        APPENDS,
        threads,
        seconds,
        APPENDS / seconds,
        drain,
        r.checked());
  }

  private static void run(Database db, AuditLog log, int total, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = total / threads + (t < total % threads ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    int n = i;
                    try (AuditTrace.Scope scope = AuditTrace.enter(AuditTrace.start())) {
                      db.write(em -> log.append(em, record(n)));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static AuditRecord record(int i) {
    return AuditRecord.of("R", "fetch", "success", AuditRecord.Actor.system("dirk@wijkteam-noord"))
        .withRequest(UUID.randomUUID().toString(), "111222333", "care-coordination", "consent")
        .withAccessPoint("route")
        .withData("care-plan: 3 items")
        .withRules(List.of("P2", "P4", "N1"))
        .withDetail("benchmark entry " + i)
        .withControls(new AuditRecord.Controls("yes", "yes", "yes", "no"));
  }

  /**
   * Seeds ENTRIES chained entries quickly (JDBC batches), then verifies them in the gateway and
   * offline.
   */
  private static void verification(String name, Database db, Path work, boolean offlineToo)
      throws Exception {
    long seedStart = System.nanoTime();
    seed(db, ENTRIES);
    double seeded = (System.nanoTime() - seedStart) / 1e9;
    long start = System.nanoTime();
    AuditVerification.Result r = AuditVerification.verify(db);
    double inGateway = (System.nanoTime() - start) / 1e9;
    assertThat(r.intact()).as(r.problem()).isTrue();
    double per = 1_000_000.0 / r.checked();
    System.out.printf(
        Locale.ROOT,
        ">> audit verification, %s: %d entries (seeded in %.1f s); in the gateway %.2f s"
            + " (%.2f s per 1 M)%n",
        name,
        r.checked(),
        seeded,
        inGateway,
        inGateway * per);
    if (!offlineToo) {
      return;
    }
    Path export = work.resolve("export-" + UUID.randomUUID() + ".ndjson");
    long exportStart = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
      AuditExport.write(db, FhirContext.forR4Cached(), 1, Long.MAX_VALUE, w);
    }
    double exported = (System.nanoTime() - exportStart) / 1e9;
    long offlineStart = System.nanoTime();
    AuditVerifier.Report report;
    try (InputStream in = Files.newInputStream(export)) {
      report = AuditVerifier.verify(in, null, null);
    }
    double offline = (System.nanoTime() - offlineStart) / 1e9;
    assertThat(report.intact()).as(report.summary()).isTrue();
    System.out.printf(
        Locale.ROOT,
        ">> audit export and offline verification, %s: export of %d entries to NDJSON %.1f s"
            + " (%d MB); offline verifier %.2f s (%.2f s per 1 M)%n",
        name,
        report.entries(),
        exported,
        Files.size(export) / 1_000_000,
        offline,
        offline * 1_000_000.0 / report.entries());
    if (Boolean.getBoolean("audit.bench.keep-export")) {
      System.out.println(">> export kept for the verifier jar: " + export.toAbsolutePath());
    } else {
      Files.delete(export);
    }
  }

  private static void seed(Database db, int count) throws Exception {
    Object[] head =
        db.read(
            em ->
                (Object[])
                    em.createNativeQuery("select seq, hash from audit_chain_head where id = 1")
                        .getSingleResult());
    long seq = ((Number) head[0]).longValue();
    String prev = (String) head[1];
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into audit_entry (id, seq, recorded_at, action, event_type,"
                  + " outcome, actor_username, actor_role, actor_org, on_behalf_of, access_point, youth_bsn, request_id, purpose,"
                  + " legal_basis, data_description, rule_ids, detail, control_authorised, control_care_relation, control_consent,"
                  + " control_override, trace_id, span_id, prev_hash, hash, canon, chained_at)"
                  + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (int i = 0; i < count; i++) {
          AuditEntryEntity e =
              AuditLog.entity(UUID.randomUUID().toString(), at.plusMillis(i), record(i));
          AuditTrace.Span span = AuditTrace.start();
          e.trace(span.traceId(), span.spanId());
          seq++;
          String hash = AuditChain.hash(AuditLog.canonical(e, seq, prev, AuditChain.FORM_TRACE));
          e.chain(seq, prev, hash, AuditChain.FORM_TRACE, at);
          int k = 1;
          ps.setString(k++, e.id());
          ps.setLong(k++, seq);
          ps.setTimestamp(k++, Timestamp.from(e.recordedAt()));
          for (String v : AuditLog.content(e)) {
            ps.setString(k++, v);
          }
          for (String v : new String[] {e.traceId(), e.spanId(), prev, hash}) {
            ps.setString(k++, v);
          }
          ps.setInt(k++, AuditChain.FORM_TRACE);
          ps.setTimestamp(k, Timestamp.from(at));
          ps.addBatch();
          prev = hash;
          if (i % 5_000 == 4_999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement("update audit_chain_head set seq = ?, hash = ? where id = 1")) {
        ps.setLong(1, seq);
        ps.setString(2, prev);
        ps.executeUpdate();
      }
      c.commit();
    }
  }
}
