package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the append-only, hash-chained audit log (rules A1, A2). Never updated or deleted. */
@Entity
@Table(name = "audit_entry")
public class AuditEntryEntity {
  @Id
  private long seq;

  @Column(nullable = false, unique = true)
  private String id;

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

  @Column(name = "prev_hash", nullable = false)
  private String prevHash;

  @Column(nullable = false)
  private String hash;

  protected AuditEntryEntity() {}

  @SuppressWarnings("checkstyle:ParameterNumber")
  public AuditEntryEntity(long seq, String id, Instant recordedAt, String action, String eventType,
      String outcome, String actorUsername, String actorRole, String actorOrg, String onBehalfOf,
      String accessPoint, String youthBsn, String requestId, String purpose, String legalBasis,
      String dataDescription, String ruleIds, String detail, String controlAuthorised,
      String controlCareRelation, String controlConsent, String controlOverride, String prevHash,
      String hash) {
    this.seq = seq;
    this.id = id;
    this.recordedAt = recordedAt;
    this.action = action;
    this.eventType = eventType;
    this.outcome = outcome;
    this.actorUsername = actorUsername;
    this.actorRole = actorRole;
    this.actorOrg = actorOrg;
    this.onBehalfOf = onBehalfOf;
    this.accessPoint = accessPoint;
    this.youthBsn = youthBsn;
    this.requestId = requestId;
    this.purpose = purpose;
    this.legalBasis = legalBasis;
    this.dataDescription = dataDescription;
    this.ruleIds = ruleIds;
    this.detail = detail;
    this.controlAuthorised = controlAuthorised;
    this.controlCareRelation = controlCareRelation;
    this.controlConsent = controlConsent;
    this.controlOverride = controlOverride;
    this.prevHash = prevHash;
    this.hash = hash;
  }

  public long seq() { return seq; }
  public String id() { return id; }
  public Instant recordedAt() { return recordedAt; }
  public String action() { return action; }
  public String eventType() { return eventType; }
  public String outcome() { return outcome; }
  public String actorUsername() { return actorUsername; }
  public String actorRole() { return actorRole; }
  public String actorOrg() { return actorOrg; }
  public String onBehalfOf() { return onBehalfOf; }
  public String accessPoint() { return accessPoint; }
  public String youthBsn() { return youthBsn; }
  public String requestId() { return requestId; }
  public String purpose() { return purpose; }
  public String legalBasis() { return legalBasis; }
  public String dataDescription() { return dataDescription; }
  public String ruleIds() { return ruleIds; }
  public String detail() { return detail; }
  public String controlAuthorised() { return controlAuthorised; }
  public String controlCareRelation() { return controlCareRelation; }
  public String controlConsent() { return controlConsent; }
  public String controlOverride() { return controlOverride; }
  public String prevHash() { return prevHash; }
  public String hash() { return hash; }
}
