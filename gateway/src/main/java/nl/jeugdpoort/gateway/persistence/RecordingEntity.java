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
 * A registered recording (V1, V2, V5, V6): its metadata as its holder registered it, never the
 * video. {@code endedAt} is set once, by the V5 sweep, when the trajectory ended; {@code
 * eraseOriginalAt} says when the holder was asked to erase the original (null when the owner agreed
 * to keep it).
 */
@Entity
@Table(name = "recording")
public class RecordingEntity {
  @Id private String id;

  @Column(name = "source_org", nullable = false)
  private String sourceOrg;

  @Column(name = "source_id", nullable = false)
  private String sourceId;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  /** The recording-kind code (video-home-training, video-interaction-coaching, …). */
  @Column(nullable = false)
  private String kind;

  @Column(name = "owner_ref", nullable = false)
  private String ownerRef;

  @Column(nullable = false)
  private String maker;

  /** One family id per line. */
  @Column(name = "depicted_families", nullable = false)
  private String depictedFamilies;

  @Column(name = "registered_hash", nullable = false)
  private String registeredHash;

  @Column(name = "current_hash")
  private String currentHash;

  @Column(name = "edit_announced", nullable = false)
  private boolean editAnnounced;

  private String announcement;

  @Column(name = "trajectory_end")
  private LocalDate trajectoryEnd;

  @Column(name = "original_kept", nullable = false)
  private boolean originalKept;

  private String description;

  @Column(name = "registered_by", nullable = false)
  private String registeredBy;

  @Column(name = "registered_at", nullable = false)
  private Instant registeredAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "erase_original_at")
  private Instant eraseOriginalAt;

  /** V5: trajectory-end, purpose-ended or consent-withdrawn; set with {@code endedAt}. */
  @Column(name = "end_cause")
  private String endCause;

  /** V8: when the other party to a conversation asked for its copy (set once). */
  @Column(name = "copy_requested_at")
  private Instant copyRequestedAt;

  @Column(name = "copy_requested_by")
  private String copyRequestedBy;

  protected RecordingEntity() {}

  public RecordingEntity(
      String id,
      String sourceOrg,
      String sourceId,
      String youthBsn,
      String kind,
      String ownerRef,
      String maker,
      List<String> depictedFamilies,
      String registeredHash,
      String currentHash,
      boolean editAnnounced,
      String announcement,
      LocalDate trajectoryEnd,
      boolean originalKept,
      String description,
      String registeredBy,
      Instant registeredAt) {
    this.id = id;
    this.sourceOrg = sourceOrg;
    this.sourceId = sourceId;
    this.youthBsn = youthBsn;
    this.kind = kind;
    this.ownerRef = ownerRef;
    this.maker = maker;
    this.depictedFamilies = String.join("\n", depictedFamilies);
    this.registeredHash = registeredHash;
    this.currentHash = currentHash;
    this.editAnnounced = editAnnounced;
    this.announcement = announcement;
    this.trajectoryEnd = trajectoryEnd;
    this.originalKept = originalKept;
    this.description = description;
    this.registeredBy = registeredBy;
    this.registeredAt = registeredAt;
    this.updatedAt = registeredAt;
  }

  /** V6: an edited version, registered with its announcement: the new content hash. */
  public void edited(String newHash, String announcement, Instant at) {
    this.currentHash = newHash;
    this.editAnnounced = true;
    this.announcement = announcement;
    this.updatedAt = at;
  }

  public String id() {
    return id;
  }

  public String sourceOrg() {
    return sourceOrg;
  }

  public String sourceId() {
    return sourceId;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String kind() {
    return kind;
  }

  public String ownerRef() {
    return ownerRef;
  }

  public String maker() {
    return maker;
  }

  public List<String> depictedFamilies() {
    return depictedFamilies == null || depictedFamilies.isEmpty()
        ? List.of()
        : Arrays.asList(depictedFamilies.split("\n"));
  }

  public String registeredHash() {
    return registeredHash;
  }

  public String currentHash() {
    return currentHash;
  }

  public boolean editAnnounced() {
    return editAnnounced;
  }

  public String announcement() {
    return announcement;
  }

  public LocalDate trajectoryEnd() {
    return trajectoryEnd;
  }

  public boolean originalKept() {
    return originalKept;
  }

  public String description() {
    return description;
  }

  public String registeredBy() {
    return registeredBy;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public Instant eraseOriginalAt() {
    return eraseOriginalAt;
  }

  public String endCause() {
    return endCause;
  }

  public Instant copyRequestedAt() {
    return copyRequestedAt;
  }

  public String copyRequestedBy() {
    return copyRequestedBy;
  }
}
