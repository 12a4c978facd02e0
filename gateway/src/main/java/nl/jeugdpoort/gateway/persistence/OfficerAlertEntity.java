package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One e-mail alert to a privacy officer waiting in, or sent from, the outbox (E2 overdue, B1,
 * password spraying): the words are fixed when the alert is raised; {@code organisationId} is null
 * for the gateway's own privacy officer.
 */
@Entity
@Table(name = "officer_alert")
public class OfficerAlertEntity extends OutboxRow {
  @Column(nullable = false)
  private String kind;

  @Column(name = "cause_ref", nullable = false)
  private String causeRef;

  @Column(name = "organisation_id")
  private String organisationId;

  @Column(nullable = false)
  private String address;

  @Column(name = "rule_ids", nullable = false)
  private String ruleIds;

  @Column(nullable = false)
  private String subject;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected OfficerAlertEntity() {}

  public OfficerAlertEntity(
      String id,
      String kind,
      String causeRef,
      String organisationId,
      String address,
      String ruleIds,
      String subject,
      String body,
      Instant now) {
    super(id, now);
    this.kind = kind;
    this.causeRef = causeRef;
    this.organisationId = organisationId;
    this.address = address;
    this.ruleIds = ruleIds;
    this.subject = subject;
    this.body = body;
    this.createdAt = now;
  }

  public String kind() {
    return kind;
  }

  public String causeRef() {
    return causeRef;
  }

  public String organisationId() {
    return organisationId;
  }

  public String address() {
    return address;
  }

  public String ruleIds() {
    return ruleIds;
  }

  public String subject() {
    return subject;
  }

  public String body() {
    return body;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
