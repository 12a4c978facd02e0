package nl.jeugdpoort.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.PostgresTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A2: the verification reads the chain in segments, several at once on connections of their own,
 * and checks them in order. With segments of 7 seq numbers a chain of 50 entries spans eight of
 * them: an entry missing at a segment's end and a changed entry in a later segment are each named,
 * on H2 and on PostgreSQL, and so is a gap before an entry moved far beyond the end, at once (not
 * after walking every empty segment up to it); entries chained after a verification are checked by
 * the next one, up to the head.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditVerificationTest {
  private static final int SEGMENT = 7;
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  private PostgresTestServer postgres;
  private Database h2;
  private Database pg;

  @BeforeAll
  void start() throws Exception {
    h2 =
        new Database(new DatabaseSettings("jdbc:h2:mem:verifytest;DB_CLOSE_DELAY=-1", "sa", "", 4));
    postgres = PostgresTestServer.start(Path.of("target", "postgres-verify"));
    pg = new Database(postgres.settings());
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {h2, pg, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  Stream<Database> databases() {
    return Stream.of(h2, pg);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void segments_are_checked_in_order_and_a_gap_or_a_change_in_any_of_them_is_named(Database db) {
    append(db, 50);
    AuditVerification.Result intact = AuditVerification.verify(db, SEGMENT);
    assertThat(intact.intact()).as(intact.problem()).isTrue();
    long last = intact.lastSeq();
    assertThat(last).isGreaterThanOrEqualTo(50);
    assertThat(intact.checked()).isEqualTo(last);
    assertThat(AuditVerification.verify(db).checked()).isEqualTo(last);

    // The last entry of the second segment moved away: missing at its place.
    long boundary = 2L * SEGMENT;
    setSeq(db, boundary, boundary + 1_000_000);
    AuditVerification.Result gap = AuditVerification.verify(db, SEGMENT);
    assertThat(gap.intact()).isFalse();
    assertThat(gap.firstBadSeq()).isEqualTo(boundary);
    assertThat(gap.problem()).contains("is missing");
    assertThat(gap.checked()).isEqualTo(boundary - 1);
    setSeq(db, boundary + 1_000_000, boundary);

    // A changed entry in a later segment, the others read ahead meanwhile: named.
    long victim = 5L * SEGMENT + 3;
    String detail = detail(db, victim);
    setDetail(db, victim, "changed");
    AuditVerification.Result changed = AuditVerification.verify(db, SEGMENT);
    assertThat(changed.intact()).isFalse();
    assertThat(changed.firstBadSeq()).isEqualTo(victim);
    assertThat(changed.problem()).contains("does not match its hash");
    setDetail(db, victim, detail);
    assertThat(AuditVerification.verify(db, SEGMENT).intact()).isTrue();

    // The last entry moved far beyond the end (seq near the largest long): the gap is named at
    // once, not after walking the empty segments up to it.
    setSeq(db, last, Long.MAX_VALUE - 3);
    AuditVerification.Result far = AuditVerification.verify(db, SEGMENT);
    assertThat(far.intact()).isFalse();
    assertThat(far.firstBadSeq()).isEqualTo(last);
    assertThat(far.problem()).contains("is missing (next present: " + (Long.MAX_VALUE - 3) + ")");
    setSeq(db, Long.MAX_VALUE - 3, last);

    // More entries chained: the next verification reaches the new head.
    append(db, 9);
    AuditVerification.Result grown = AuditVerification.verify(db, SEGMENT);
    assertThat(grown.intact()).as(grown.problem()).isTrue();
    assertThat(grown.lastSeq()).isEqualTo(last + 9);
  }

  private void append(Database db, int count) {
    AuditLog log = new AuditLog(clock);
    for (int i = 0; i < count; i++) {
      int n = i;
      db.write(
          em ->
              log.append(
                  em,
                  AuditRecord.of("R", "test", "success", AuditRecord.Actor.system("t"))
                      .withDetail("entry " + n)
                      .withRules(List.of("A1", "A2"))));
    }
    new AuditChainer(db, clock, Duration.ofSeconds(1)).chainAll();
  }

  private static void setSeq(Database db, long from, long to) {
    int updated =
        db.write(
            em ->
                em.createNativeQuery("update audit_entry set seq = ?1 where seq = ?2")
                    .setParameter(1, to)
                    .setParameter(2, from)
                    .executeUpdate());
    assertThat(updated).isEqualTo(1);
  }

  private static String detail(Database db, long seq) {
    return db.read(
        em ->
            (String)
                em.createNativeQuery("select detail from audit_entry where seq = ?1")
                    .setParameter(1, seq)
                    .getSingleResult());
  }

  private static void setDetail(Database db, long seq, String detail) {
    int updated =
        db.write(
            em ->
                em.createNativeQuery("update audit_entry set detail = ?1 where seq = ?2")
                    .setParameter(1, detail)
                    .setParameter(2, seq)
                    .executeUpdate());
    assertThat(updated).isEqualTo(1);
  }
}
