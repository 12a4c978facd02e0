package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A depicted family that must answer a {@code showing} permission (V3), by its youth's BSN: how a
 * family's portal finds the requests it is asked to answer.
 */
@Entity
@Table(name = "recording_permission_party")
public class RecordingPermissionPartyEntity {
  @Id private String id;

  @Column(name = "permission_id", nullable = false)
  private String permissionId;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  protected RecordingPermissionPartyEntity() {}

  public RecordingPermissionPartyEntity(String id, String permissionId, String youthBsn) {
    this.id = id;
    this.permissionId = permissionId;
    this.youthBsn = youthBsn;
  }

  public String permissionId() {
    return permissionId;
  }

  public String youthBsn() {
    return youthBsn;
  }
}
