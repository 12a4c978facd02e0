package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A family member's activation code (issue #18, migration V14): single-use, expiring, bound to one
 * person at the source and the youth's BSN, taken from a notice to that person. Only the code's
 * SHA-256 hash is kept.
 */
@Entity
@Table(name = "family_activation")
public class FamilyActivationEntity {
  public static final String EMAIL = "email";
  public static final String CODE = "code";

  @Id
  @Column(name = "code_hash")
  private String codeHash;

  @Column(name = "notice_id", nullable = false)
  private String noticeId;

  @Column(name = "person_ref", nullable = false)
  private String personRef;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  /**
   * {@link #EMAIL} (a link in the first notice e-mail) or {@link #CODE} (made by a professional).
   */
  @Column(nullable = false)
  private String channel;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  /** The account made with it. */
  @Column private String username;

  protected FamilyActivationEntity() {}

  public FamilyActivationEntity(
      String codeHash,
      String noticeId,
      String personRef,
      String youthBsn,
      String channel,
      String createdBy,
      Instant createdAt,
      Instant expiresAt) {
    this.codeHash = codeHash;
    this.noticeId = noticeId;
    this.personRef = personRef;
    this.youthBsn = youthBsn;
    this.channel = channel;
    this.createdBy = createdBy;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  public String codeHash() {
    return codeHash;
  }

  public String noticeId() {
    return noticeId;
  }

  public String personRef() {
    return personRef;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String channel() {
    return channel;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Instant usedAt() {
    return usedAt;
  }

  public String username() {
    return username;
  }

  /** Usable: not used and not expired at {@code now}. */
  public boolean usableAt(Instant now) {
    return usedAt == null && now.isBefore(expiresAt);
  }

  public void used(Instant at, String username) {
    this.usedAt = at;
    this.username = username;
  }
}
