package nl.jeugdpoort.gateway.audit;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;

/**
 * Appends entries to the hash-chained audit log (A2). An append inserts the entry in the caller's
 * write transaction — a step and its audit entry are kept or lost together — without chain fields
 * and without any lock: appends run concurrently. The {@link AuditChainer} then gives the committed
 * entries, in insertion order, their {@code seq}, the previous entry's hash and their own hash:
 * SHA-256 over the entry's canonical bytes ({@link #canonical}, docs/audit.md). {@link #verify}
 * recomputes the chain.
 */
public final class AuditLog {
  /** The hash the first entry chains to. */
  public static final String GENESIS = AuditChain.GENESIS;

  /** recordedAt in the canonical JSON: UTC, always with milliseconds. */
  static final DateTimeFormatter RECORDED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  public AuditLog(Clock clock) {
    this.clock = clock;
  }

  /**
   * Appends one entry inside the caller's transaction (which must be a {@code Database.write}). The
   * entry is pending until the chainer links it, shortly after the transaction commits. It carries
   * the thread's trace context ({@link AuditTrace#current()}); outside one, an entry about a data
   * request that has a trace id gets that trace with a span of its own.
   */
  public AuditEntryEntity append(EntityManager em, AuditRecord given) {
    AuditEntryEntity entry =
        entity(UUID.randomUUID().toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS), given);
    AuditTrace.Span span = AuditTrace.current();
    if (span == null && entry.requestId() != null) {
      DataRequestEntity request = em.find(DataRequestEntity.class, entry.requestId());
      if (request != null && AuditTrace.isTraceId(request.traceId())) {
        span = AuditTrace.newSpan(request.traceId());
      }
    }
    if (span != null) {
      entry.trace(cut(span.traceId(), 32), cut(span.spanId(), 16));
    }
    Connection connection = em.unwrap(Connection.class);
    if (connection == null) {
      // Only inside Database.write has the entity manager a transaction and so a connection.
      throw new IllegalStateException("an audit entry is appended inside a write transaction only");
    }
    insert(connection, entry);
    return entry;
  }

  /**
   * The 19 text fields of an entry's content, from {@code action} to {@code controlOverride}, in
   * the order of form 1 and of the columns of {@code audit_entry} (docs/audit.md).
   */
  static String[] content(AuditEntryEntity e) {
    return new String[] {
      e.action(),
      e.eventType(),
      e.outcome(),
      e.actorUsername(),
      e.actorRole(),
      e.actorOrg(),
      e.onBehalfOf(),
      e.accessPoint(),
      e.youthBsn(),
      e.requestId(),
      e.purpose(),
      e.legalBasis(),
      e.dataDescription(),
      e.ruleIds(),
      e.detail(),
      e.controlAuthorised(),
      e.controlCareRelation(),
      e.controlConsent(),
      e.controlOverride()
    };
  }

  /** The columns of a pending entry, in the order {@link #insert} binds them. */
  private static final String INSERT =
      "insert into audit_entry (id, recorded_at, action, event_type, outcome, actor_username,"
          + " actor_role, actor_org, on_behalf_of, access_point, youth_bsn, request_id, purpose,"
          + " legal_basis, data_description, rule_ids, detail, control_authorised,"
          + " control_care_relation, control_consent, control_override, trace_id, span_id)"
          + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  /**
   * Inserts the pending entry on the transaction's own connection, at once: the same transaction as
   * the step it records, without the entity manager's change tracking of an entity that is never
   * changed (a third of an append's work, docs/performance.md#audit). The entry returned by {@link
   * #append} is therefore not managed.
   */
  private static void insert(Connection connection, AuditEntryEntity e) {
    try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
      ps.setString(1, e.id());
      ps.setTimestamp(2, Timestamp.from(e.recordedAt()));
      String[] values = content(e);
      for (int i = 0; i < values.length; i++) {
        ps.setString(3 + i, values[i]);
      }
      ps.setString(3 + values.length, e.traceId());
      ps.setString(4 + values.length, e.spanId());
      ps.executeUpdate();
    } catch (SQLException ex) {
      // Fails the caller's transaction: no action without its audit entry (A1).
      throw new IllegalStateException("audit entry could not be written: " + ex.getMessage(), ex);
    }
  }

  /** The pending entity of a record, every field cut to its column's width. */
  static AuditEntryEntity entity(String id, Instant at, AuditRecord given) {
    AuditRecord r = fitted(given);
    AuditRecord.Actor a = r.actor();
    AuditRecord.Controls c = r.controls();
    return new AuditEntryEntity(id, at, r.action(), r.eventType(), r.outcome())
        .actor(a.username(), a.role(), a.organisation(), a.onBehalfOf())
        .request(r.requestId(), r.youthBsn(), r.purpose(), r.legalBasis())
        .about(r.accessPoint(), r.dataDescription(), String.join(",", r.ruleIds()), r.detail())
        .controls(c.authorised(), c.careRelation(), c.consent(), c.override());
  }

  /**
   * The exact bytes hashed for {@code e} at place {@code seq} after {@code prevHash}, in the given
   * form ({@link AuditChain#FORM_TRACE} for every entry chained since V17, {@link
   * AuditChain#FORM_JSON} from V13 to V17). docs/audit.md lists the fields.
   */
  public static byte[] canonical(AuditEntryEntity e, long seq, String prevHash, int form) {
    if (form == AuditChain.FORM_PIPE) {
      return pipeForm(e, seq, prevHash);
    }
    if (form != AuditChain.FORM_JSON && form != AuditChain.FORM_TRACE) {
      throw new IllegalArgumentException("unknown canonical form " + form);
    }
    Map<String, Object> f = new LinkedHashMap<>(64);
    f.put("seq", seq);
    f.put("prevHash", prevHash);
    f.put("id", e.id());
    f.put("recordedAt", RECORDED_AT.format(e.recordedAt()));
    f.put("action", e.action());
    f.put("eventType", e.eventType());
    f.put("outcome", e.outcome());
    f.put("actorUsername", e.actorUsername());
    f.put("actorRole", e.actorRole());
    f.put("actorOrg", e.actorOrg());
    f.put("onBehalfOf", e.onBehalfOf());
    f.put("accessPoint", e.accessPoint());
    f.put("youthBsn", e.youthBsn());
    f.put("requestId", e.requestId());
    f.put("purpose", e.purpose());
    f.put("legalBasis", e.legalBasis());
    f.put("dataDescription", e.dataDescription());
    f.put("ruleIds", e.ruleIds());
    f.put("detail", e.detail());
    f.put("controlAuthorised", e.controlAuthorised());
    f.put("controlCareRelation", e.controlCareRelation());
    f.put("controlConsent", e.controlConsent());
    f.put("controlOverride", e.controlOverride());
    if (form == AuditChain.FORM_TRACE) {
      f.put("traceId", e.traceId());
      f.put("spanId", e.spanId());
    }
    return AuditChain.canonicalJson(f);
  }

  /** The bytes a chained entry's hash was computed over (its own seq, prev hash and form). */
  public static byte[] canonical(AuditEntryEntity chained) {
    if (!chained.chained()) {
      throw new IllegalArgumentException("audit entry " + chained.id() + " is not chained yet");
    }
    return canonical(
        chained,
        chained.seq(),
        chained.prevHash(),
        chained.canon() == null ? AuditChain.FORM_PIPE : chained.canon());
  }

  /**
   * Recomputes the chain over chained entries in seq order (pending ones, with no seq, are
   * skipped); returns the seq of the first broken entry, or -1 when the chain is intact.
   */
  public static long verify(List<AuditEntryEntity> entriesInOrder) {
    AuditVerification.Result result = AuditVerification.check(entriesInOrder, 1, GENESIS);
    return result.intact() ? -1 : result.firstBadSeq();
  }

  /** Form 1, the '|'-joined, length-prefixed text of the entries chained before V13. */
  private static byte[] pipeForm(AuditEntryEntity e, long seq, String prev) {
    String[] fields = content(e);
    StringBuilder canonical =
        new StringBuilder(prev)
            .append('|')
            .append(seq)
            .append('|')
            .append(e.id())
            .append('|')
            .append(e.recordedAt().toEpochMilli());
    for (String f : fields) {
      String v = Objects.toString(truncate(f, 4000), "");
      canonical.append('|').append(v.length()).append(':').append(v);
    }
    return canonical.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record with every field cut to its column's width (V1 schema), so that a long value a
   * caller sent (a 100-character client id, a long user name) can never make the entry fail. A cut
   * value ends in "…" (one character of the width), so that the truncation is visible.
   */
  static AuditRecord fitted(AuditRecord r) {
    AuditRecord.Actor a = r.actor();
    AuditRecord.Actor actor =
        new AuditRecord.Actor(
            cut(a.username(), 64),
            cut(a.role(), 64),
            cut(a.organisation(), 64),
            cut(a.onBehalfOf(), 200));
    String ruleIds = String.join(",", r.ruleIds());
    AuditRecord.Controls c = r.controls();
    return new AuditRecord(
        r.action(),
        cut(r.eventType(), 64),
        cut(r.outcome(), 16),
        actor,
        cut(r.accessPoint(), 100),
        cut(r.youthBsn(), 9),
        cut(r.requestId(), 36),
        cut(r.purpose(), 64),
        cut(r.legalBasis(), 32),
        cut(r.dataDescription(), 1000),
        ruleIds.length() <= 500 ? r.ruleIds() : List.of(cut(ruleIds, 500)),
        cut(r.detail(), 4000),
        new AuditRecord.Controls(
            cut(c.authorised(), 8),
            cut(c.careRelation(), 8),
            cut(c.consent(), 8),
            cut(c.override(), 8)));
  }

  private static String cut(String s, int width) {
    return s == null || s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
