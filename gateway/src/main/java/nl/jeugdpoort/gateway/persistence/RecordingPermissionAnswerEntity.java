package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One answer of one person to a {@link RecordingPermissionEntity}; rows are only added, and a
 * person's latest answer decides (O4).
 */
@Entity
@Table(name = "recording_permission_answer")
public class RecordingPermissionAnswerEntity {
  @Id private String id;

  @Column(name = "permission_id", nullable = false)
  private String permissionId;

  @Column(name = "person_ref", nullable = false)
  private String personRef;

  @Column(name = "answered_by", nullable = false)
  private String answeredBy;

  @Column(nullable = false)
  private boolean consents;

  @Column(name = "answered_at", nullable = false)
  private Instant answeredAt;

  protected RecordingPermissionAnswerEntity() {}

  public RecordingPermissionAnswerEntity(
      String id,
      String permissionId,
      String personRef,
      String answeredBy,
      boolean consents,
      Instant answeredAt) {
    this.id = id;
    this.permissionId = permissionId;
    this.personRef = personRef;
    this.answeredBy = answeredBy;
    this.consents = consents;
    this.answeredAt = answeredAt;
  }

  public String permissionId() {
    return permissionId;
  }

  public String personRef() {
    return personRef;
  }

  public String answeredBy() {
    return answeredBy;
  }

  public boolean consents() {
    return consents;
  }

  public Instant answeredAt() {
    return answeredAt;
  }
}
