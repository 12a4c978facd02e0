package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A privacy officer's review of a request flagged for review (O2, S1, N2), for their organisation.
 */
@Entity
@Table(name = "privacy_review")
public class PrivacyReviewEntity {
  @Id private String id;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(name = "organisation_id", nullable = false)
  private String organisationId;

  @Column(name = "reviewed_by", nullable = false)
  private String reviewedBy;

  @Column(name = "reviewed_at", nullable = false)
  private Instant reviewedAt;

  private String remark;

  protected PrivacyReviewEntity() {}

  public PrivacyReviewEntity(
      String id,
      String requestId,
      String organisationId,
      String reviewedBy,
      Instant reviewedAt,
      String remark) {
    this.id = id;
    this.requestId = requestId;
    this.organisationId = organisationId;
    this.reviewedBy = reviewedBy;
    this.reviewedAt = reviewedAt;
    this.remark = remark;
  }

  public String id() {
    return id;
  }

  public String requestId() {
    return requestId;
  }

  public String organisationId() {
    return organisationId;
  }

  public String reviewedBy() {
    return reviewedBy;
  }

  public Instant reviewedAt() {
    return reviewedAt;
  }

  public String remark() {
    return remark;
  }
}
