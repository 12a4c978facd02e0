package nl.jeugdpoort.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.fhir.audit.AuditVerifier;
import nl.jeugdpoort.gateway.audit.AuditChainer;
import nl.jeugdpoort.gateway.audit.AuditCheckpoints;
import nl.jeugdpoort.gateway.audit.AuditExport;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.AuditVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The persistence layer against both supported databases: H2 (the embedded default) and a real
 * PostgreSQL server. Same migrations, same mappings, same transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseTest {
  private PostgresTestServer postgres;
  private Database h2;
  private Database pg;
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  void start() throws Exception {
    h2 = new Database(new DatabaseSettings("jdbc:h2:mem:dbtest;DB_CLOSE_DELAY=-1", "sa", "", 4));
    postgres = PostgresTestServer.start(Path.of("target", "postgres"));
    pg = new Database(postgres.settings());
  }

  @AfterAll
  void stop() throws Exception {
    if (h2 != null) {
      h2.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  Stream<Database> databases() {
    return Stream.of(h2, pg);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void stores_and_reads_a_request_with_its_notice_and_release(Database db) {
    String id = UUID.randomUUID().toString();
    db.write(
        em -> {
          em.persist(new OrganisationEntity("org-" + id, "Org", "source", "/demo"));
          em.persist(
              new DataRequestEntity(
                  id,
                  clock.instant(),
                  "anna",
                  "Anna",
                  "neighbourhood-team-worker",
                  "org-" + id,
                  "111222333",
                  "org-" + id,
                  "care-coordination",
                  "uitleg",
                  Set.of("care-plan", "identification"),
                  "consent",
                  null,
                  null));
          em.persist(
              new NoticeEntity(
                  UUID.randomUUID().toString(),
                  id,
                  "RelatedPerson/1",
                  "Moeder",
                  "AUTHORITY_HOLDER",
                  "before",
                  "portal-inbox",
                  "Beste ouder, ...".repeat(500),
                  clock.instant(),
                  null));
          em.persist(
              new ReleaseEntity(
                  UUID.randomUUID().toString(),
                  id,
                  clock.instant(),
                  clock.instant(),
                  2,
                  1,
                  "{\"resourceType\":\"Bundle\"}"));
          return null;
        });
    DataRequestEntity read = db.read(em -> em.find(DataRequestEntity.class, id));
    assertThat(read.categories()).containsExactly("care-plan", "identification");
    assertThat(read.createdAt()).isEqualTo(clock.instant());
    assertThat(read.businessStatus()).isEqualTo(RequestStatus.RECEIVED);
    List<NoticeEntity> notices =
        db.read(
            em ->
                em.createQuery(
                        "select n from NoticeEntity n where n.requestId = :r", NoticeEntity.class)
                    .setParameter("r", id)
                    .getResultList());
    assertThat(notices).singleElement().satisfies(n -> assertThat(n.text()).hasSize(16 * 500));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void failed_work_leaves_nothing_behind(Database db) {
    String id = UUID.randomUUID().toString();
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      em.persist(new OrganisationEntity(id, "Half", "source", null));
                      em.flush();
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    OrganisationEntity found = db.read(em -> em.find(OrganisationEntity.class, id));
    assertThat(found).isNull();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void audit_chain_verifies_and_detects_tampering(Database db) {
    AuditLog log = new AuditLog(clock);
    AuditChainer chainer = new AuditChainer(db, clock, Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      int n = i;
      db.write(
          em ->
              log.append(
                  em,
                  AuditRecord.of("R", "test", "success", AuditRecord.Actor.system("t"))
                      .withDetail("entry " + n)
                      .withRules(List.of("A1", "A2"))));
    }
    // Written, not yet chained: pending, reported by verification, not counted as broken.
    assertThat(AuditVerification.verify(db).pending()).isGreaterThanOrEqualTo(5);
    chainer.chainAll();
    List<AuditEntryEntity> chain =
        db.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a order by a.seq", AuditEntryEntity.class)
                    .getResultList());
    assertThat(chain)
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(e -> assertThat(e.chained()).isTrue());
    assertThat(AuditLog.verify(chain)).isEqualTo(-1L);
    AuditVerification.Result intact = AuditVerification.verify(db);
    assertThat(intact.intact()).as(intact.problem()).isTrue();
    assertThat(intact.pending()).isZero();
    assertThat(intact.lastSeq()).isEqualTo(chain.get(chain.size() - 1).seq());

    // Tamper with one stored entry behind the log's back: verification names it.
    AuditEntryEntity victim = chain.get(chain.size() - 3);
    db.write(
        em ->
            em.createNativeQuery(
                    "update audit_entry set detail = 'changed' where seq = " + victim.seq())
                .executeUpdate());
    List<AuditEntryEntity> tampered =
        db.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a order by a.seq", AuditEntryEntity.class)
                    .getResultList());
    assertThat(AuditLog.verify(tampered)).isEqualTo(victim.seq());
    AuditVerification.Result broken = AuditVerification.verify(db);
    assertThat(broken.intact()).isFalse();
    assertThat(broken.firstBadSeq()).isEqualTo(victim.seq());
    assertThat(broken.firstBadId()).isEqualTo(victim.id());
    assertThat(broken.problem()).contains("does not match its hash");
    // Put it back, so that the other tests on this database see an intact chain.
    db.write(
        em ->
            em.createNativeQuery("update audit_entry set detail = ?1 where seq = ?2")
                .setParameter(1, victim.detail())
                .setParameter(2, victim.seq())
                .executeUpdate());
    assertThat(AuditVerification.verify(db).intact()).isTrue();
  }

  /**
   * #15.4, #16.1: many threads on two "nodes" (two Database instances, each with its own chainer,
   * on one database) append audit entries with business writes at once. No write fails or waits for
   * another, the chain never forks (one seq per entry, no gaps) and it verifies.
   */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void concurrent_appends_on_two_nodes_never_fork_and_the_chain_verifies(Database db)
      throws Exception {
    try (Database second = new Database(db.settings())) {
      AuditLog log = new AuditLog(Clock.systemUTC());
      AuditChainer chainerA = new AuditChainer(db, Clock.systemUTC(), Duration.ofMillis(20));
      AuditChainer chainerB = new AuditChainer(second, Clock.systemUTC(), Duration.ofMillis(20));
      chainerA.start(Thread::new);
      chainerB.start(Thread::new);
      int threads = 8;
      int each = 40;
      String run = UUID.randomUUID().toString();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Database node = t % 2 == 0 ? db : second;
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      String org = "org-" + UUID.randomUUID();
                      node.write(
                          em -> {
                            em.persist(new OrganisationEntity(org, "Org", "source", null));
                            return log.append(
                                em,
                                AuditRecord.of(
                                        "C",
                                        "concurrency",
                                        "success",
                                        AuditRecord.Actor.system("t"))
                                    .withDetail(run + " " + thread)
                                    .withData(org));
                          });
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      chainerA.close();
      chainerB.close();
      chainerA.chainAll();
      long written =
          db.read(
              em ->
                  em.createQuery(
                          "select count(a) from AuditEntryEntity a where a.detail like :run and a.seq is not null",
                          Long.class)
                      .setParameter("run", run + "%")
                      .getSingleResult());
      assertThat(written).isEqualTo((long) threads * each);
      long organisations =
          db.read(
              em ->
                  em.createQuery(
                          "select count(o) from OrganisationEntity o where o.id in (select a.dataDescription from AuditEntryEntity a"
                              + " where a.detail like :run)",
                          Long.class)
                      .setParameter("run", run + "%")
                      .getSingleResult());
      assertThat(organisations)
          .as("every action kept with its audit entry")
          .isEqualTo((long) threads * each);
      Object[] seqs =
          db.read(
              em ->
                  (Object[])
                      em.createNativeQuery(
                              "select count(*), count(distinct seq), min(seq), max(seq) from audit_entry")
                          .getSingleResult());
      long count = ((Number) seqs[0]).longValue();
      assertThat(((Number) seqs[1]).longValue()).isEqualTo(count);
      assertThat(((Number) seqs[2]).longValue()).isEqualTo(1L);
      assertThat(((Number) seqs[3]).longValue()).as("no gaps").isEqualTo(count);
      AuditVerification.Result result = AuditVerification.verify(db);
      assertThat(result.intact()).as(result.problem()).isTrue();
      assertThat(result.pending()).isZero();
    }
  }

  /**
   * #20.2, #20.3: an export verifies offline (AuditVerifier, no gateway), with its signed
   * checkpoint; a row altered in the database is named by its seq and id; a tail rewritten with
   * fresh hashes still chains, but no longer matches the signed checkpoint.
   */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void an_export_verifies_offline_and_the_verifier_names_an_altered_row(Database db)
      throws Exception {
    AuditLog log = new AuditLog(clock);
    AuditChainer chainer = new AuditChainer(db, clock, Duration.ofSeconds(1));
    for (int i = 0; i < 6; i++) {
      int n = i;
      db.write(
          em ->
              log.append(
                  em,
                  AuditRecord.of("R", "export-test", "success", AuditRecord.Actor.system("t"))
                      .withDetail(n % 2 == 0 ? "entry " + n : n == 1 ? "" : null)
                      .withRules(List.of("A2"))));
    }
    chainer.chainAll();
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    AuditCheckpoints checkpoints = new AuditCheckpoints(db, clock, () -> key);
    AuditCheckpoints.Checkpoint checkpoint = checkpoints.sign("export");
    JWKSet published = checkpoints.keys();
    assertThat(published.getKeyByKeyId("test-key")).isNotNull();
    assertThat(published.getKeyByKeyId("test-key").isPrivate()).isFalse();

    AuditVerifier.Report good = AuditVerifier.verify(export(db), checkpoint.jws(), published);
    assertThat(good.intact()).as(good.summary()).isTrue();
    assertThat(good.lastSeq()).isEqualTo(checkpoint.seq());
    assertThat(good.checkpoint()).contains("matches");

    // One row altered by hand: the verifier names it.
    long victim = checkpoint.seq() - 2;
    String victimId =
        db.read(
            em ->
                em.createQuery("select a.id from AuditEntryEntity a where a.seq = :s", String.class)
                    .setParameter("s", victim)
                    .getSingleResult());
    assertThat(db.read(em -> em.find(AuditEntryEntity.class, victimId)).youthBsn()).isNull();
    db.write(
        em ->
            em.createNativeQuery(
                    "update audit_entry set youth_bsn = '999999999' where seq = " + victim)
                .executeUpdate());
    AuditVerifier.Report altered = AuditVerifier.verify(export(db), checkpoint.jws(), published);
    assertThat(altered.intact()).isFalse();
    assertThat(altered.badSeq()).isEqualTo(victim);
    assertThat(altered.badId()).isEqualTo(victimId);
    assertThat(altered.summary()).contains("seq " + victim).contains(victimId);

    // The whole tail rewritten with fresh hashes: it chains, but the signed checkpoint exposes it.
    rehashFrom(db, victim);
    AuditVerifier.Report rewritten = AuditVerifier.verify(export(db), checkpoint.jws(), published);
    assertThat(rewritten.intact()).isFalse();
    assertThat(rewritten.badSeq()).isEqualTo(checkpoint.seq());
    assertThat(rewritten.problem()).contains("signed checkpoint");
    assertThat(AuditVerifier.verify(export(db), null, null).intact())
        .as("without the checkpoint it would pass")
        .isTrue();

    // Put it all back for the other tests on this database: the original content gives the original
    // hashes.
    db.write(
        em ->
            em.createNativeQuery("update audit_entry set youth_bsn = null where seq = " + victim)
                .executeUpdate());
    rehashFrom(db, victim);
    assertThat(AuditVerifier.verify(export(db), checkpoint.jws(), published).intact()).isTrue();
    assertThat(AuditVerification.verify(db).intact()).isTrue();
  }

  /**
   * What someone with write access to the database could do: recompute every hash from {@code seq}
   * on.
   */
  private static void rehashFrom(Database db, long seq) {
    db.write(
        em -> {
          List<AuditEntryEntity> tail =
              em.createQuery(
                      "select a from AuditEntryEntity a where a.seq >= :s order by a.seq",
                      AuditEntryEntity.class)
                  .setParameter("s", seq)
                  .getResultList();
          String prev = tail.get(0).prevHash();
          for (AuditEntryEntity e : tail) {
            String hash = AuditChain.hash(AuditLog.canonical(e, e.seq(), prev, e.canon()));
            em.createNativeQuery("update audit_entry set prev_hash = ?1, hash = ?2 where id = ?3")
                .setParameter(1, prev)
                .setParameter(2, hash)
                .setParameter(3, e.id())
                .executeUpdate();
            prev = hash;
          }
          return null;
        });
  }

  private static BufferedReader export(Database db) throws Exception {
    StringWriter out = new StringWriter();
    AuditExport.write(db, FhirContext.forR4Cached(), 1, Long.MAX_VALUE, out);
    return new BufferedReader(new StringReader(out.toString()));
  }

  /**
   * V9: the same consent on top of the same previous record is stored once; withdrawn, it frees its
   * key.
   */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void an_identical_consent_in_force_collides_and_a_withdrawn_one_does_not(Database db) {
    String bsn = String.valueOf(100000000 + (int) (Math.random() * 800000000)).substring(0, 9);
    java.util.function.Supplier<ConsentEntity> same =
        () ->
            new ConsentEntity(
                UUID.randomUUID().toString(),
                ConsentEntity.CONSENT,
                bsn,
                "RelatedPerson/m",
                "moeder",
                "gi-horizon",
                "care-coordination",
                Set.of("care-plan"),
                "v2",
                "AUTHENTICATED_ACT",
                clock.instant(),
                null,
                clock.instant());
    ConsentEntity first = same.get();
    first.inForceAfter(null);
    db.write(
        em -> {
          em.persist(first);
          return null;
        });
    ConsentEntity second = same.get();
    second.inForceAfter(null);
    assertThat(second.content()).isEqualTo(first.content());
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      em.persist(second);
                      em.flush();
                      return null;
                    }))
        .isInstanceOf(jakarta.persistence.PersistenceException.class);
    // On top of a different previous record (a consent again after one's own objection, O4) it is
    // stored.
    ConsentEntity again = same.get();
    again.inForceAfter("objection-1");
    db.write(
        em -> {
          em.persist(again);
          return null;
        });
    db.write(
        em -> {
          em.find(ConsentEntity.class, first.id()).withdraw(clock.instant());
          return null;
        });
    ConsentEntity afterWithdrawal = same.get();
    afterWithdrawal.inForceAfter(null);
    db.write(
        em -> {
          em.persist(afterWithdrawal);
          return null;
        });
    long stored =
        db.read(
            em ->
                em.createQuery(
                        "select count(c) from ConsentEntity c where c.youthBsn = :b", Long.class)
                    .setParameter("b", bsn)
                    .getSingleResult());
    assertThat(stored).isEqualTo(3L);
  }
}
