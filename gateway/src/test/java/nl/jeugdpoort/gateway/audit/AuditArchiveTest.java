package nl.jeugdpoort.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import nl.jeugdpoort.fhir.audit.AuditVerifier;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #20.7: the archive step moves old entries out of the hot table without breaking verification — in
 * the gateway (from the signed boundary on) and offline (the archive file followed by a later
 * export).
 */
class AuditArchiveTest {
  @TempDir Path dir;

  @Test
  void old_entries_move_to_a_file_and_both_parts_still_verify() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2020-01-01T00:00:00Z"));
    try (Database db =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:archivetest;DB_CLOSE_DELAY=-1", "sa", "", 4))) {
      AuditLog log = new AuditLog(clock);
      AuditChainer chainer = new AuditChainer(db, clock, Duration.ofSeconds(1));
      ECKey key = new ECKeyGenerator(Curve.P_256).keyID("archive-key").generate();
      AuditCheckpoints checkpoints = new AuditCheckpoints(db, clock, () -> key);
      AuditArchive archive =
          new AuditArchive(db, FhirContext.forR4Cached(), checkpoints, clock, dir);
      for (int i = 0; i < 10; i++) {
        append(db, log, "old " + i);
        clock.now = clock.now.plusSeconds(60);
      }
      chainer.chainAll();
      Instant cut = clock.now;
      clock.now = clock.now.plus(Duration.ofDays(6 * 365));
      for (int i = 0; i < 5; i++) {
        append(db, log, "new " + i);
      }
      chainer.chainAll();

      AuditArchive.Archived archived = archive.archiveBefore(cut).orElseThrow();
      assertThat(archived.fromSeq()).isEqualTo(1);
      assertThat(archived.toSeq()).isEqualTo(10);
      assertThat(archived.entries()).isEqualTo(10);
      assertThat(Files.readAllLines(archived.file())).hasSize(10);
      long hot =
          db.read(
              em ->
                  em.createQuery("select count(a) from AuditEntryEntity a", Long.class)
                      .getSingleResult());
      assertThat(hot).isEqualTo(5);
      assertThat(AuditArchive.boundary(db).seq()).isEqualTo(10);
      // Nothing more is old enough: a second run moves nothing.
      assertThat(archive.archiveBefore(cut)).isEmpty();

      // In the gateway: the hot table verifies from the boundary on.
      AuditVerification.Result result = AuditVerification.verify(db);
      assertThat(result.intact()).as(result.problem()).isTrue();
      assertThat(result.checked()).isEqualTo(5);
      assertThat(result.lastSeq()).isEqualTo(15);

      // Offline: the archive file followed by today's export is one chain from seq 1, and the
      // archive's
      // signed checkpoint matches its last entry.
      StringWriter later = new StringWriter();
      AuditExport.write(db, FhirContext.forR4Cached(), 1, Long.MAX_VALUE, later);
      String whole = Files.readString(archived.file(), StandardCharsets.UTF_8) + later;
      AuditVerifier.Report report =
          AuditVerifier.verify(
              new BufferedReader(new StringReader(whole)),
              archived.checkpointJws(),
              checkpoints.keys());
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.entries()).isEqualTo(15);
      assertThat(report.checkpoint()).contains("at seq 10 matches");

      // A removed hot entry right after the boundary is still found.
      db.write(
          em -> em.createNativeQuery("delete from audit_entry where seq = 11").executeUpdate());
      AuditVerification.Result broken = AuditVerification.verify(db);
      assertThat(broken.intact()).isFalse();
      assertThat(broken.firstBadSeq()).isEqualTo(11);
    }
  }

  private static void append(Database db, AuditLog log, String detail) {
    db.write(
        em ->
            log.append(
                em,
                AuditRecord.of("R", "archive-test", "success", AuditRecord.Actor.system("t"))
                    .withDetail(detail)
                    .withRules(List.of("A1"))));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
