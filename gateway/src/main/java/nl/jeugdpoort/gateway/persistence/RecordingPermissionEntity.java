package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A maker's request for permission about a recording: {@code training-session} (V2: the named
 * members of the holder view it in a closed training session, with the owner's consent) or {@code
 * showing} (V3: outside that setting, with the owner's and every depicted family's consent). Never
 * changed after it is made; the answers are {@link RecordingPermissionAnswerEntity} rows.
 */
@Entity
@Table(name = "recording_permission")
public class RecordingPermissionEntity {
  public static final String TRAINING_SESSION = "training-session";
  public static final String SHOWING = "showing";

  @Id private String id;

  @Column(name = "recording_id", nullable = false)
  private String recordingId;

  @Column(nullable = false)
  private String kind;

  @Column(nullable = false)
  private String title;

  @Column(nullable = false)
  private LocalDate occasion;

  /** Account names, one per line (training-session only). */
  @Column(nullable = false)
  private String members;

  @Column(name = "requested_by", nullable = false)
  private String requestedBy;

  @Column(name = "requested_at", nullable = false)
  private Instant requestedAt;

  protected RecordingPermissionEntity() {}

  public RecordingPermissionEntity(
      String id,
      String recordingId,
      String kind,
      String title,
      LocalDate occasion,
      List<String> members,
      String requestedBy,
      Instant requestedAt) {
    this.id = id;
    this.recordingId = recordingId;
    this.kind = kind;
    this.title = title;
    this.occasion = occasion;
    this.members = String.join("\n", members);
    this.requestedBy = requestedBy;
    this.requestedAt = requestedAt;
  }

  public String id() {
    return id;
  }

  public String recordingId() {
    return recordingId;
  }

  public String kind() {
    return kind;
  }

  public String title() {
    return title;
  }

  public LocalDate occasion() {
    return occasion;
  }

  public List<String> members() {
    return members == null || members.isEmpty() ? List.of() : Arrays.asList(members.split("\n"));
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant requestedAt() {
    return requestedAt;
  }
}
