package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A released bundle, kept until its retention end and then deleted (rule E1: {@link #erase}); its
 * metadata stays. The recipient's access ends when an erasure request is sent (E2: {@link
 * #endAccess}). At most one per request: {@code request_id} is unique (constraint {@code
 * release_record_one_per_request}, V12); a repeat answered under P5 points at an earlier release
 * through {@code data_request.release_id} and writes no row here.
 */
@Entity
@Table(name = "release_record")
public class ReleaseEntity {
  @Id private String id;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "retention_end", nullable = false)
  private Instant retentionEnd;

  @Column(name = "item_count", nullable = false)
  private int itemCount;

  @Column(name = "withheld_count", nullable = false)
  private int withheldCount;

  /** The released Bundle; null once deleted (E1). */
  @Lob
  @Column(name = "bundle_json")
  private String bundleJson;

  @Column(name = "erased_at")
  private Instant erasedAt;

  @Column(name = "access_ended_at")
  private Instant accessEndedAt;

  protected ReleaseEntity() {}

  public ReleaseEntity(
      String id,
      String requestId,
      Instant createdAt,
      Instant retentionEnd,
      int itemCount,
      int withheldCount,
      String bundleJson) {
    this.id = id;
    this.requestId = requestId;
    this.createdAt = createdAt;
    this.retentionEnd = retentionEnd;
    this.itemCount = itemCount;
    this.withheldCount = withheldCount;
    this.bundleJson = bundleJson;
  }

  public String id() {
    return id;
  }

  public String requestId() {
    return requestId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant retentionEnd() {
    return retentionEnd;
  }

  public int itemCount() {
    return itemCount;
  }

  public int withheldCount() {
    return withheldCount;
  }

  public String bundleJson() {
    return bundleJson;
  }

  public Instant erasedAt() {
    return erasedAt;
  }

  public Instant accessEndedAt() {
    return accessEndedAt;
  }

  /** E1: the stored bundle is deleted; what was released, when and until when stays. */
  public void erase(Instant at) {
    bundleJson = null;
    erasedAt = at;
    endAccess(at);
  }

  /**
   * E2: the recipient may no longer read the bundle (an erasure request went out, or it was
   * deleted).
   */
  public void endAccess(Instant at) {
    if (accessEndedAt == null) {
      accessEndedAt = at;
    }
  }

  /**
   * True while the release still stands: within its retention period, not deleted and not recalled
   * by an erasure request. Only such a release answers a repeated request (P5).
   */
  public boolean stillStands(Instant now) {
    return accessEndedAt == null && erasedAt == null && !now.isAfter(retentionEnd);
  }
}
