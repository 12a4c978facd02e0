package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A suspected breach (rule B1; AVG art. 33, 34), registered by a privacy officer: what it is (a
 * lost device, an account, a source, a period), when it was discovered, the 72-hour deadline for
 * the authority, the risk assessment, and when the affected families were informed.
 */
@Entity
@Table(name = "breach")
public class BreachEntity {
  /** What the breach is about. */
  public static final String LOST_DEVICE = "lost-device";

  public static final String ACCOUNT = "account";
  public static final String SOURCE = "source";
  public static final String PERIOD = "period";

  @Id private String id;

  @Column(name = "registered_at", nullable = false)
  private Instant registeredAt;

  @Column(name = "registered_by", nullable = false)
  private String registeredBy;

  @Column(name = "registered_org", nullable = false)
  private String registeredOrg;

  @Column(name = "discovered_at", nullable = false)
  private Instant discoveredAt;

  @Column(nullable = false)
  private String kind;

  @Column(nullable = false)
  private String description;

  @Column(name = "scope_account")
  private String scopeAccount;

  @Column(name = "scope_org")
  private String scopeOrg;

  @Column(name = "period_start", nullable = false)
  private Instant periodStart;

  @Column(name = "period_end", nullable = false)
  private Instant periodEnd;

  @Column(name = "authority_deadline", nullable = false)
  private Instant authorityDeadline;

  @Column(name = "authority_reported_at")
  private Instant authorityReportedAt;

  private String risk;

  @Column(name = "risk_assessment")
  private String riskAssessment;

  @Column(name = "risk_assessed_at")
  private Instant riskAssessedAt;

  @Column(name = "risk_assessed_by")
  private String riskAssessedBy;

  @Column(name = "families_informed_at")
  private Instant familiesInformedAt;

  protected BreachEntity() {}

  public BreachEntity(
      String id,
      Instant registeredAt,
      String registeredBy,
      String registeredOrg,
      Instant discoveredAt,
      String kind,
      String description,
      String scopeAccount,
      String scopeOrg,
      Instant periodStart,
      Instant periodEnd,
      Instant authorityDeadline) {
    this.id = id;
    this.registeredAt = registeredAt;
    this.registeredBy = registeredBy;
    this.registeredOrg = registeredOrg;
    this.discoveredAt = discoveredAt;
    this.kind = kind;
    this.description = description;
    this.scopeAccount = scopeAccount;
    this.scopeOrg = scopeOrg;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
    this.authorityDeadline = authorityDeadline;
  }

  public void assessed(String risk, String assessment, Instant at, String by) {
    this.risk = risk;
    this.riskAssessment = assessment;
    this.riskAssessedAt = at;
    this.riskAssessedBy = by;
  }

  public void reportedToAuthority(Instant at) {
    if (authorityReportedAt == null) {
      authorityReportedAt = at;
    }
  }

  public void familiesInformed(Instant at) {
    this.familiesInformedAt = at;
  }

  public String id() {
    return id;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public String registeredBy() {
    return registeredBy;
  }

  public String registeredOrg() {
    return registeredOrg;
  }

  public Instant discoveredAt() {
    return discoveredAt;
  }

  public String kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  public String scopeAccount() {
    return scopeAccount;
  }

  public String scopeOrg() {
    return scopeOrg;
  }

  public Instant periodStart() {
    return periodStart;
  }

  public Instant periodEnd() {
    return periodEnd;
  }

  public Instant authorityDeadline() {
    return authorityDeadline;
  }

  public Instant authorityReportedAt() {
    return authorityReportedAt;
  }

  public String risk() {
    return risk;
  }

  public String riskAssessment() {
    return riskAssessment;
  }

  public Instant riskAssessedAt() {
    return riskAssessedAt;
  }

  public String riskAssessedBy() {
    return riskAssessedBy;
  }

  public Instant familiesInformedAt() {
    return familiesInformedAt;
  }
}
