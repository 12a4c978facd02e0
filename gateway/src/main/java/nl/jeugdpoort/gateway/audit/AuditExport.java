package nl.jeugdpoort.gateway.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * The export of the audit log (docs/audit.md): chained entries of a seq range, in seq order, as
 * NDJSON — one FHIR AuditEvent per line, each with its chain fields and the exact bytes that were
 * hashed, so that {@code nl.jeugdpoort.fhir.audit.AuditVerifier} can check it without the gateway.
 * Reads in pages. {@link #writeLogboek} writes the same entries in the shape of the Logboek
 * Dataverwerkingen standard instead (docs/audit.md#logboek-dataverwerkingen).
 */
public final class AuditExport {
  private static final int PAGE = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditExport() {}

  /** Writes the entries with {@code from <= seq <= to}; returns how many. */
  public static long write(Database database, FhirContext fhir, long from, long to, Writer out)
      throws IOException {
    IParser parser = fhir.newJsonParser().setPrettyPrint(false);
    return write(
        database,
        from,
        to,
        out,
        e -> parser.encodeResourceToString(AuditEvents.toAuditEvent(e, true)));
  }

  /**
   * Writes the entries with {@code from <= seq <= to} as NDJSON in the shape of the Logboek
   * Dataverwerkingen standard, one processing action per line (docs/audit.md states the mapping and
   * the version followed); returns how many.
   */
  public static long writeLogboek(Database database, long from, long to, Writer out)
      throws IOException {
    return write(database, from, to, out, AuditExport::logboek);
  }

  /** One entry as a Logboek Dataverwerkingen line (docs/audit.md#logboek-dataverwerkingen). */
  static String logboek(AuditEntryEntity e) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    nullable(line, "trace_id", e.traceId());
    nullable(line, "span_id", e.spanId());
    line.put("status_code", statusCode(e));
    line.put("name", e.eventType());
    long at = e.recordedAt().toEpochMilli();
    line.put("start_time", at);
    line.put("end_time", at);
    ObjectNode attributes = line.putObject("attributes");
    if (e.purpose() != null) {
      attributes.put("dpl.core.processing_activity_id", Vocabulary.PURPOSE + "#" + e.purpose());
    }
    if (e.youthBsn() != null) {
      attributes.put("dpl.core.data_subject_id", e.youthBsn());
      attributes.put("dpl.core.data_subject_id_type", "BSN");
    }
    attributes.put("dpl.jeugdpoort.audit_seq", e.seq());
    attributes.put("dpl.jeugdpoort.audit_id", e.id());
    attributes.put("dpl.jeugdpoort.audit_hash", e.hash());
    attributes.put("dpl.jeugdpoort.outcome", e.outcome());
    optional(attributes, "dpl.jeugdpoort.request_id", e.requestId());
    optional(attributes, "dpl.jeugdpoort.legal_basis", e.legalBasis());
    optional(attributes, "dpl.jeugdpoort.actor_org", e.actorOrg());
    optional(attributes, "dpl.jeugdpoort.receiver_org", receiver(e));
    optional(attributes, "dpl.jeugdpoort.data", e.dataDescription());
    optional(attributes, "dpl.jeugdpoort.rule_ids", blankToNull(e.ruleIds()));
    return JSON.writeValueAsString(line);
  }

  /**
   * The Logboek status: 1 (OK) for a success, 2 (ERROR) for a step of the gateway that failed, 0
   * (UNSET) for the rest — a refusal or hold is a processing without an error, and so is a failed
   * login or token request (the caller's error, not the gateway's).
   */
  static int statusCode(AuditEntryEntity e) {
    return switch (e.outcome()) {
      case "success" -> 1;
      case "failure" ->
          "login".equals(e.eventType()) || "token-request".equals(e.eventType()) ? 0 : 2;
      default -> 0;
    };
  }

  /** The organisation that received the data: the requester's, on a release. */
  private static String receiver(AuditEntryEntity e) {
    String forWhom = e.onBehalfOf();
    if (!"release".equals(e.eventType()) || forWhom == null || !forWhom.contains("@")) {
      return null;
    }
    return forWhom.substring(forWhom.lastIndexOf('@') + 1);
  }

  private static void nullable(ObjectNode b, String name, String value) {
    if (value == null) {
      b.putNull(name);
    } else {
      b.put(name, value);
    }
  }

  private static void optional(ObjectNode b, String name, String value) {
    if (value != null) {
      b.put(name, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private interface Line {
    String of(AuditEntryEntity e) throws IOException;
  }

  private static long write(Database database, long from, long to, Writer out, Line line)
      throws IOException {
    long after = from - 1;
    long written = 0;
    while (after < to) {
      long a = after;
      List<AuditEntryEntity> page =
          database.read(
              em ->
                  em.createQuery(
                          "select e from AuditEntryEntity e where e.seq > :after and e.seq <= :to order by e.seq",
                          AuditEntryEntity.class)
                      .setParameter("after", a)
                      .setParameter("to", to)
                      .setMaxResults(PAGE)
                      .getResultList());
      if (page.isEmpty()) {
        break;
      }
      for (AuditEntryEntity e : page) {
        out.write(line.of(e));
        out.write('\n');
        after = e.seq();
        written++;
      }
    }
    out.flush();
    return written;
  }
}
