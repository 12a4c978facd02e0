package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An erasure request to the recipient of one release (rule E2): why (E1 retention ended, C3 consent
 * withdrawn, V5 a recording's trajectory or purpose ended), when it was sent and is due, and who
 * confirmed it, when and how (the recipient's system through FHIR, or their people in the portal).
 */
@Entity
@Table(name = "erasure_duty")
public class ErasureDutyEntity {
  public static final String VIA_FHIR = "fhir";
  public static final String VIA_PORTAL = "portal";

  @Id private String id;

  @Column(name = "release_id", nullable = false)
  private String releaseId;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  @Column(name = "recipient_org", nullable = false)
  private String recipientOrg;

  @Column(name = "source_org", nullable = false)
  private String sourceOrg;

  @Column(name = "rule_id", nullable = false)
  private String ruleId;

  @Column(nullable = false)
  private String cause;

  @Column(name = "sent_at", nullable = false)
  private Instant sentAt;

  @Column(name = "due_at", nullable = false)
  private Instant dueAt;

  @Column(name = "confirmed_at")
  private Instant confirmedAt;

  @Column(name = "confirmed_by")
  private String confirmedBy;

  @Column(name = "confirmed_by_name")
  private String confirmedByName;

  @Column(name = "confirmed_via")
  private String confirmedVia;

  @Column(name = "overdue_alerted_at")
  private Instant overdueAlertedAt;

  @Column(name = "family_told_at")
  private Instant familyToldAt;

  protected ErasureDutyEntity() {}

  public ErasureDutyEntity(
      String id,
      String releaseId,
      String requestId,
      String youthBsn,
      String recipientOrg,
      String sourceOrg,
      String ruleId,
      String cause,
      Instant sentAt,
      Instant dueAt) {
    this.id = id;
    this.releaseId = releaseId;
    this.requestId = requestId;
    this.youthBsn = youthBsn;
    this.recipientOrg = recipientOrg;
    this.sourceOrg = sourceOrg;
    this.ruleId = ruleId;
    this.cause = cause;
    this.sentAt = sentAt;
    this.dueAt = dueAt;
  }

  public void confirmed(Instant at, String username, String name, String via) {
    this.confirmedAt = at;
    this.confirmedBy = username;
    this.confirmedByName = name;
    this.confirmedVia = via;
  }

  public void overdueAlerted(Instant at) {
    this.overdueAlertedAt = at;
  }

  public void familyTold(Instant at) {
    this.familyToldAt = at;
  }

  /** Not confirmed and past its due time. */
  public boolean overdue(Instant now) {
    return confirmedAt == null && now.isAfter(dueAt);
  }

  public String id() {
    return id;
  }

  public String releaseId() {
    return releaseId;
  }

  public String requestId() {
    return requestId;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String recipientOrg() {
    return recipientOrg;
  }

  public String sourceOrg() {
    return sourceOrg;
  }

  public String ruleId() {
    return ruleId;
  }

  public String cause() {
    return cause;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public Instant dueAt() {
    return dueAt;
  }

  public Instant confirmedAt() {
    return confirmedAt;
  }

  public String confirmedBy() {
    return confirmedBy;
  }

  public String confirmedByName() {
    return confirmedByName;
  }

  public String confirmedVia() {
    return confirmedVia;
  }

  public Instant overdueAlertedAt() {
    return overdueAlertedAt;
  }

  public Instant familyToldAt() {
    return familyToldAt;
  }
}
