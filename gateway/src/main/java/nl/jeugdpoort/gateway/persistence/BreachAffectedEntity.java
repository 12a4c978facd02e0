package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One release in a breach's scope, as the audit log yields it (rule B1): which youth, what data,
 * which organisations.
 */
@Entity
@Table(name = "breach_affected")
public class BreachAffectedEntity {
  @Id private String id;

  @Column(name = "breach_id", nullable = false)
  private String breachId;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  @Column(name = "request_id")
  private String requestId;

  @Column(name = "audit_seq", nullable = false)
  private long auditSeq;

  @Column(name = "recipient_org")
  private String recipientOrg;

  @Column(name = "source_org")
  private String sourceOrg;

  private String data;

  @Column(name = "released_at", nullable = false)
  private Instant releasedAt;

  protected BreachAffectedEntity() {}

  public BreachAffectedEntity(
      String id,
      String breachId,
      String youthBsn,
      String requestId,
      long auditSeq,
      String recipientOrg,
      String sourceOrg,
      String data,
      Instant releasedAt) {
    this.id = id;
    this.breachId = breachId;
    this.youthBsn = youthBsn;
    this.requestId = requestId;
    this.auditSeq = auditSeq;
    this.recipientOrg = recipientOrg;
    this.sourceOrg = sourceOrg;
    this.data = data;
    this.releasedAt = releasedAt;
  }

  public String id() {
    return id;
  }

  public String breachId() {
    return breachId;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String requestId() {
    return requestId;
  }

  public long auditSeq() {
    return auditSeq;
  }

  public String recipientOrg() {
    return recipientOrg;
  }

  public String sourceOrg() {
    return sourceOrg;
  }

  public String data() {
    return data;
  }

  public Instant releasedAt() {
    return releasedAt;
  }
}
