package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A consent or an objection given by a family member (served as FHIR Consent, permit or deny). */
@Entity
@Table(name = "consent_record")
public class ConsentEntity {
  public static final String CONSENT = "consent";
  public static final String OBJECTION = "objection";

  @Id
  private String id;

  /** consent or objection. */
  @Column(nullable = false)
  private String kind;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  /** The person reference of who gave it (RelatedPerson/… or Patient/…). */
  @Column(name = "given_by", nullable = false)
  private String givenBy;

  @Column(name = "given_by_username", nullable = false)
  private String givenByUsername;

  @Column(name = "recipient_org")
  private String recipientOrg;

  private String purpose;

  /** Comma separated, sorted; empty for an objection to every category. */
  private String categories;

  @Column(name = "information_version")
  private String informationVersion;

  @Column(nullable = false)
  private String act;

  @Column(name = "period_start", nullable = false)
  private Instant periodStart;

  @Column(name = "period_end")
  private Instant periodEnd;

  @Column(name = "withdrawn_at")
  private Instant withdrawnAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ConsentEntity() {}

  @SuppressWarnings("checkstyle:ParameterNumber")
  public ConsentEntity(String id, String kind, String youthBsn, String givenBy, String givenByUsername,
      String recipientOrg, String purpose, Set<String> categories, String informationVersion, String act,
      Instant periodStart, Instant periodEnd, Instant createdAt) {
    this.id = id;
    this.kind = kind;
    this.youthBsn = youthBsn;
    this.givenBy = givenBy;
    this.givenByUsername = givenByUsername;
    this.recipientOrg = recipientOrg;
    this.purpose = purpose;
    this.categories = String.join(",", new TreeSet<>(categories));
    this.informationVersion = informationVersion;
    this.act = act;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
    this.createdAt = createdAt;
  }

  /** C3, O3: withdrawal takes effect at once; the record stays. */
  public void withdraw(Instant at) {
    if (withdrawnAt == null) {
      withdrawnAt = at;
    }
  }

  public String id() { return id; }
  public String kind() { return kind; }
  public boolean isObjection() { return OBJECTION.equals(kind); }
  public String youthBsn() { return youthBsn; }
  public String givenBy() { return givenBy; }
  public String givenByUsername() { return givenByUsername; }
  public String recipientOrg() { return recipientOrg; }
  public String purpose() { return purpose; }
  public String informationVersion() { return informationVersion; }
  public String act() { return act; }
  public Instant periodStart() { return periodStart; }
  public Instant periodEnd() { return periodEnd; }
  public Instant withdrawnAt() { return withdrawnAt; }
  public Instant createdAt() { return createdAt; }

  public Set<String> categories() {
    return categories == null || categories.isEmpty()
        ? Set.of()
        : Arrays.stream(categories.split(",")).collect(Collectors.toCollection(TreeSet::new));
  }
}
