package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One line of the append-only, hash-chained audit log (rules A1, A2). It is inserted in the
 * transaction of the action it records, with an insertion number ({@code entry_no}, from the
 * database) and without chain fields ("pending"); the chainer then sets, once, its place in the
 * chain ({@code seq}), the previous entry's hash and its own hash. Its content is never updated; it
 * leaves the table only by the archive step (audit.AuditArchive), which first writes it to a
 * verifiable file.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntryEntity {
  @Id private String id;

  /** The insertion number, from the database's identity column; chaining follows it. */
  @Column(name = "entry_no", insertable = false, updatable = false)
  private Long entryNo;

  /** The place in the chain (1, 2, …), null while the entry is pending. */
  private Long seq;

  /**
   * The form of the hashed bytes: 1 the '|'-joined text (before V13), 2 RFC 8785 JSON (V13 to V17),
   * 3 RFC 8785 JSON with the trace context (docs/audit.md).
   */
  private Integer canon;

  @Column(name = "chained_at")
  private Instant chainedAt;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  /** C, R, U, D or E (NEN 7513 / FHIR AuditEvent.action). */
  @Column(nullable = false)
  private String action;

  @Column(name = "event_type", nullable = false)
  private String eventType;

  /** success, refused, failure. */
  @Column(nullable = false)
  private String outcome;

  @Column(name = "actor_username")
  private String actorUsername;

  @Column(name = "actor_role")
  private String actorRole;

  @Column(name = "actor_org")
  private String actorOrg;

  @Column(name = "on_behalf_of")
  private String onBehalfOf;

  @Column(name = "access_point")
  private String accessPoint;

  @Column(name = "youth_bsn")
  private String youthBsn;

  @Column(name = "request_id")
  private String requestId;

  private String purpose;

  @Column(name = "legal_basis")
  private String legalBasis;

  @Column(name = "data_description")
  private String dataDescription;

  @Column(name = "rule_ids")
  private String ruleIds;

  private String detail;

  @Column(name = "control_authorised")
  private String controlAuthorised;

  @Column(name = "control_care_relation")
  private String controlCareRelation;

  @Column(name = "control_consent")
  private String controlConsent;

  @Column(name = "control_override")
  private String controlOverride;

  /** The W3C trace the entry was written in (32 hex digits), or null. */
  @Column(name = "trace_id")
  private String traceId;

  /** The span (16 hex digits) of the operation that wrote the entry, or null. */
  @Column(name = "span_id")
  private String spanId;

  @Column(name = "prev_hash")
  private String prevHash;

  private String hash;

  protected AuditEntryEntity() {}

  /**
   * A pending entry: what happened, when; add who, what and the controls with the methods below.
   */
  public AuditEntryEntity(
      String id, Instant recordedAt, String action, String eventType, String outcome) {
    this.id = id;
    this.recordedAt = recordedAt;
    this.action = action;
    this.eventType = eventType;
    this.outcome = outcome;
  }

  /** Who acted, and for whom. */
  public AuditEntryEntity actor(
      String username, String role, String organisation, String onBehalfOf) {
    this.actorUsername = username;
    this.actorRole = role;
    this.actorOrg = organisation;
    this.onBehalfOf = onBehalfOf;
    return this;
  }

  /** Which request, about which youth, for which purpose on which basis. */
  public AuditEntryEntity request(
      String requestId, String youthBsn, String purpose, String legalBasis) {
    this.requestId = requestId;
    this.youthBsn = youthBsn;
    this.purpose = purpose;
    this.legalBasis = legalBasis;
    return this;
  }

  /**
   * Where the call came from, what data, the rule ids (comma-separated) and a short description.
   */
  public AuditEntryEntity about(
      String accessPoint, String dataDescription, String ruleIds, String detail) {
    this.accessPoint = accessPoint;
    this.dataDescription = dataDescription;
    this.ruleIds = ruleIds;
    this.detail = detail;
    return this;
  }

  /** NEN 7513 control results. */
  public AuditEntryEntity controls(
      String authorised, String careRelation, String consent, String override) {
    this.controlAuthorised = authorised;
    this.controlCareRelation = careRelation;
    this.controlConsent = consent;
    this.controlOverride = override;
    return this;
  }

  /** The W3C trace and span the entry was written in (null when none). */
  public AuditEntryEntity trace(String traceId, String spanId) {
    this.traceId = traceId;
    this.spanId = spanId;
    return this;
  }

  /** Links a pending entry into the chain; only the chainer calls this, once per entry. */
  public void chain(long seq, String prevHash, String hash, int canon, Instant chainedAt) {
    if (this.seq != null) {
      throw new IllegalStateException("audit entry " + id + " is already chained at " + this.seq);
    }
    this.seq = seq;
    this.prevHash = prevHash;
    this.hash = hash;
    this.canon = canon;
    this.chainedAt = chainedAt;
  }

  /** Whether the chainer has linked this entry. */
  public boolean chained() {
    return seq != null;
  }

  /** The place in the chain, or null while pending. */
  public Long seq() {
    return seq;
  }

  public Long entryNo() {
    return entryNo;
  }

  public Integer canon() {
    return canon;
  }

  public Instant chainedAt() {
    return chainedAt;
  }

  public String id() {
    return id;
  }

  public Instant recordedAt() {
    return recordedAt;
  }

  public String action() {
    return action;
  }

  public String eventType() {
    return eventType;
  }

  public String outcome() {
    return outcome;
  }

  public String actorUsername() {
    return actorUsername;
  }

  public String actorRole() {
    return actorRole;
  }

  public String actorOrg() {
    return actorOrg;
  }

  public String onBehalfOf() {
    return onBehalfOf;
  }

  public String accessPoint() {
    return accessPoint;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String requestId() {
    return requestId;
  }

  public String purpose() {
    return purpose;
  }

  public String legalBasis() {
    return legalBasis;
  }

  public String dataDescription() {
    return dataDescription;
  }

  public String ruleIds() {
    return ruleIds;
  }

  public String detail() {
    return detail;
  }

  public String controlAuthorised() {
    return controlAuthorised;
  }

  public String controlCareRelation() {
    return controlCareRelation;
  }

  public String controlConsent() {
    return controlConsent;
  }

  public String controlOverride() {
    return controlOverride;
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  public String prevHash() {
    return prevHash;
  }

  public String hash() {
    return hash;
  }
}
