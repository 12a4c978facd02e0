package nl.jeugdpoort.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.fhir.audit.AuditVerifier;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;

/**
 * #20.5: every audit entry keeps the W3C trace and span it was written in, and they are hashed
 * (canonical form 3); a log whose older entries are form 2 and newer ones form 3 verifies in the
 * gateway and offline; the Logboek export carries the trace.
 */
class AuditTraceTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void entries_carry_their_trace_hashed_in_form_3_after_form_2_entries_and_all_verify()
      throws Exception {
    try (Database db =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:audittrace1;DB_CLOSE_DELAY=-1", "sa", "", 4))) {
      AuditLog log = new AuditLog(CLOCK);
      AuditChainer chainer = new AuditChainer(db, CLOCK, Duration.ofSeconds(1));
      // Three entries chained as before V17: form 2, no trace.
      for (int i = 0; i < 3; i++) {
        append(db, log, "before V17 " + i);
      }
      chainAsForm2(db);
      // Then one in a trace, one outside any.
      AuditTrace.Span span = AuditTrace.start();
      try (AuditTrace.Scope scope = AuditTrace.enter(span)) {
        append(db, log, "in a trace");
      }
      assertThat(AuditTrace.current()).as("the scope ends").isNull();
      append(db, log, "outside any trace");
      assertThat(chainer.chainAll()).isEqualTo(2);

      List<AuditEntryEntity> all = entries(db);
      assertThat(all).extracting(AuditEntryEntity::canon).containsExactly(2, 2, 2, 3, 3);
      AuditEntryEntity traced = all.get(3);
      assertThat(traced.traceId()).isEqualTo(span.traceId());
      assertThat(traced.spanId()).isEqualTo(span.spanId());
      assertThat(all.get(4).traceId()).isNull();
      assertThat(new String(AuditLog.canonical(traced), StandardCharsets.UTF_8))
          .contains("\"spanId\":\"" + span.spanId() + "\"")
          .contains("\"traceId\":\"" + span.traceId() + "\"")
          .endsWith(
              ",\"seq\":4,\"spanId\":\""
                  + span.spanId()
                  + "\",\"traceId\":\""
                  + span.traceId()
                  + "\",\"youthBsn\":\"111222333\"}");
      assertThat(new String(AuditLog.canonical(all.get(4)), StandardCharsets.UTF_8))
          .contains("\"spanId\":null,\"traceId\":null");
      assertThat(new String(AuditLog.canonical(all.get(0)), StandardCharsets.UTF_8))
          .doesNotContain("traceId");

      AuditVerification.Result inGateway = AuditVerification.verify(db);
      assertThat(inGateway.intact()).as(inGateway.problem()).isTrue();
      assertThat(inGateway.checked()).isEqualTo(5);

      StringWriter export = new StringWriter();
      AuditExport.write(db, FhirContext.forR4Cached(), 1, Long.MAX_VALUE, export);
      assertThat(export.toString().split("\n")[3])
          .contains("\"name\":\"trace-context\"")
          .contains(span.traceId())
          .contains("\"valueInteger\":3");
      AuditVerifier.Report offline =
          AuditVerifier.verify(new BufferedReader(new StringReader(export.toString())), null, null);
      assertThat(offline.intact()).as(offline.summary()).isTrue();
      assertThat(offline.entries()).isEqualTo(5);

      StringWriter logboek = new StringWriter();
      assertThat(AuditExport.writeLogboek(db, 1, Long.MAX_VALUE, logboek)).isEqualTo(5);
      String[] lines = logboek.toString().split("\n");
      assertThat(lines[3])
          .startsWith("{\"trace_id\":\"" + span.traceId() + "\",\"span_id\":\"" + span.spanId())
          .contains("\"status_code\":1,\"name\":\"test\"")
          .contains(
              "\"dpl.core.processing_activity_id\":\"https://jeugdpoort.nl/fhir/CodeSystem/purpose#care-coordination\"")
          .contains(
              "\"dpl.core.data_subject_id\":\"111222333\",\"dpl.core.data_subject_id_type\":\"BSN\"")
          .contains("\"dpl.jeugdpoort.audit_seq\":4");
      assertThat(lines[4]).startsWith("{\"trace_id\":null,\"span_id\":null,");

      // The trace is hashed: changing it in the database breaks the chain at that entry.
      db.write(
          em ->
              em.createNativeQuery("update audit_entry set span_id = ?1 where seq = 4")
                  .setParameter(1, AuditTrace.start().spanId())
                  .executeUpdate());
      AuditVerification.Result changed = AuditVerification.verify(db);
      assertThat(changed.intact()).isFalse();
      assertThat(changed.firstBadSeq()).isEqualTo(4);
      assertThat(changed.firstBadId()).isEqualTo(traced.id());
    }
  }

  @Test
  void an_entry_about_a_request_written_outside_any_call_gets_the_trace_of_the_request()
      throws Exception {
    try (Database db =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:audittrace2;DB_CLOSE_DELAY=-1", "sa", "", 4))) {
      AuditLog log = new AuditLog(CLOCK);
      String trace = AuditTrace.start().traceId();
      db.write(
          em -> {
            em.persist(
                new DataRequestEntity(
                        "11111111-2222-3333-4444-555555555555",
                        Instant.now(),
                        "dirk",
                        "Dirk",
                        "youth-care-professional",
                        "wijkteam-noord",
                        "111222333",
                        "ggz",
                        "care-coordination",
                        "Afstemming",
                        Set.of("care-plan"),
                        "consent",
                        null,
                        null)
                    .traceId(trace));
            return null;
          });
      AuditRecord about =
          AuditRecord.of(
                  "E", "notice-email", "success", AuditRecord.Actor.system("dirk@wijkteam-noord"))
              .withRequest(
                  "11111111-2222-3333-4444-555555555555",
                  "111222333",
                  "care-coordination",
                  "consent");
      AuditEntryEntity first = db.write(em -> log.append(em, about));
      AuditEntryEntity second = db.write(em -> log.append(em, about));
      assertThat(first.traceId()).isEqualTo(trace);
      assertThat(second.traceId()).isEqualTo(trace);
      assertThat(first.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(second.spanId());
      // Inside a call, the call's trace wins.
      AuditTrace.Span call = AuditTrace.start();
      try (AuditTrace.Scope scope = AuditTrace.enter(call)) {
        assertThat(db.write(em -> log.append(em, about)).traceId()).isEqualTo(call.traceId());
      }
    }
  }

  private static void append(Database db, AuditLog log, String detail) {
    db.write(
        em ->
            log.append(
                em,
                AuditRecord.of("R", "test", "success", AuditRecord.Actor.system("t"))
                    .withRequest(null, "111222333", "care-coordination", "consent")
                    .withDetail(detail)));
  }

  private static List<AuditEntryEntity> entries(Database db) {
    return db.read(
        em ->
            em.createQuery(
                    "select a from AuditEntryEntity a order by a.seq", AuditEntryEntity.class)
                .getResultList());
  }

  /** Chains the pending entries as the chainer did before V17: form 2. */
  private static void chainAsForm2(Database db) throws Exception {
    List<AuditEntryEntity> pending =
        db.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.seq is null order by a.entryNo",
                        AuditEntryEntity.class)
                    .getResultList());
    String prev = AuditChain.GENESIS;
    long seq = 0;
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      for (AuditEntryEntity e : pending) {
        seq++;
        String hash = AuditChain.hash(AuditLog.canonical(e, seq, prev, AuditChain.FORM_JSON));
        try (PreparedStatement ps =
            c.prepareStatement(
                "update audit_entry set seq = ?, prev_hash = ?, hash = ?, canon = 2 where id = ?")) {
          ps.setLong(1, seq);
          ps.setString(2, prev);
          ps.setString(3, hash);
          ps.setString(4, e.id());
          ps.executeUpdate();
        }
        prev = hash;
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
