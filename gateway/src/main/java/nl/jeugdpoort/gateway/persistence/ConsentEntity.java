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

  @Id private String id;

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

  /**
   * While the record is in force: a SHA-256 of {@link #content()} and the person's previous record
   * (unique, V9), so that the same record on top of the same previous one is stored once; null once
   * withdrawn.
   */
  @Column(name = "active_key")
  private String activeKey;

  protected ConsentEntity() {}

  @SuppressWarnings("checkstyle:ParameterNumber")
  public ConsentEntity(
      String id,
      String kind,
      String youthBsn,
      String givenBy,
      String givenByUsername,
      String recipientOrg,
      String purpose,
      Set<String> categories,
      String informationVersion,
      String act,
      Instant periodStart,
      Instant periodEnd,
      Instant createdAt) {
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
      activeKey = null;
    }
  }

  /**
   * What this record says, as one string: two records with the same content are the same consent or
   * objection (the start counts only when it lies after the moment of giving, as a FHIR client may
   * set).
   */
  public String content() {
    return String.join(
        "|",
        kind,
        youthBsn,
        givenBy,
        String.valueOf(recipientOrg),
        String.valueOf(purpose),
        String.valueOf(categories),
        String.valueOf(informationVersion),
        act,
        periodStart.isAfter(createdAt) ? periodStart.toString() : "-",
        String.valueOf(periodEnd));
  }

  /**
   * Marks the record as in force on top of {@code previousId} (the person's latest record, or
   * null).
   */
  public void inForceAfter(String previousId) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (content() + "|after:" + previousId)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      activeKey = java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public String activeKey() {
    return activeKey;
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  public boolean isObjection() {
    return OBJECTION.equals(kind);
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String givenBy() {
    return givenBy;
  }

  public String givenByUsername() {
    return givenByUsername;
  }

  public String recipientOrg() {
    return recipientOrg;
  }

  public String purpose() {
    return purpose;
  }

  public String informationVersion() {
    return informationVersion;
  }

  public String act() {
    return act;
  }

  public Instant periodStart() {
    return periodStart;
  }

  public Instant periodEnd() {
    return periodEnd;
  }

  public Instant withdrawnAt() {
    return withdrawnAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Set<String> categories() {
    return categories == null || categories.isEmpty()
        ? Set.of()
        : Arrays.stream(categories.split(",")).collect(Collectors.toCollection(TreeSet::new));
  }
}
