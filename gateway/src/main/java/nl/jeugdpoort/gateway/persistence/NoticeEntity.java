package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A notice to one family member about one request (rules N1–N3), served as a FHIR Communication.
 */
@Entity
@Table(name = "notice")
public class NoticeEntity {
  @Id private String id;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(name = "recipient_ref", nullable = false)
  private String recipientRef;

  @Column(name = "recipient_name")
  private String recipientName;

  @Column(name = "recipient_relation", nullable = false)
  private String recipientRelation;

  /** before, after (N2) or refusal (nothing was shared after an earlier notice). */
  @Column(nullable = false)
  private String timing;

  /** portal-inbox (and email once configured). */
  @Column(nullable = false)
  private String channel;

  /** stored, delivered. */
  @Column(nullable = false)
  private String status;

  @Lob
  @Column(nullable = false)
  private String text;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "delivered_at")
  private Instant deliveredAt;

  private Instant deadline;

  /** The subject line (e-mail subject, inbox heading); null on notices from before issue #13. */
  private String subject;

  /** The reader's role as the family says it ({@code FamilyRole} name). */
  @Column(name = "recipient_role")
  private String recipientRole;

  @Column(name = "youth_first_name")
  private String youthFirstName;

  @Column(name = "youth_birth_date")
  private java.time.LocalDate youthBirthDate;

  /** Who objected, "ROLE person-id" entries separated by commas (O2, or a refusal by objection). */
  @Column(name = "objected_by")
  private String objectedBy;

  protected NoticeEntity() {}

  public NoticeEntity(
      String id,
      String requestId,
      String recipientRef,
      String recipientName,
      String recipientRelation,
      String timing,
      String channel,
      String text,
      Instant createdAt,
      Instant deadline) {
    this.id = id;
    this.requestId = requestId;
    this.recipientRef = recipientRef;
    this.recipientName = recipientName;
    this.recipientRelation = recipientRelation;
    this.timing = timing;
    this.channel = channel;
    this.status = "stored";
    this.text = text;
    this.createdAt = createdAt;
    this.deadline = deadline;
  }

  /** What the notice was composed from about its reader (issue #13); returns this. */
  public NoticeEntity composedFor(
      String recipientRole,
      String youthFirstName,
      java.time.LocalDate youthBirthDate,
      String objectedBy) {
    this.recipientRole = recipientRole;
    this.youthFirstName = youthFirstName;
    this.youthBirthDate = youthBirthDate;
    this.objectedBy = objectedBy;
    return this;
  }

  /**
   * The notice's words: its subject and text (set at composition, and again when a notice
   * afterwards goes out, N2).
   */
  public NoticeEntity words(String subject, String text) {
    this.subject = subject;
    this.text = text;
    return this;
  }

  /** N2: the reason for notifying afterwards lapsed before the deadline; the notice is due now. */
  public void dueNow(Instant at) {
    if (deliveredAt == null && (deadline == null || deadline.isAfter(at))) {
      deadline = at;
    }
  }

  /** The notice was handed to its delivery channel. */
  public void delivered(Instant at) {
    this.status = "delivered";
    this.deliveredAt = at;
  }

  public String id() {
    return id;
  }

  public String requestId() {
    return requestId;
  }

  public String recipientRef() {
    return recipientRef;
  }

  public String recipientName() {
    return recipientName;
  }

  public String recipientRelation() {
    return recipientRelation;
  }

  public String timing() {
    return timing;
  }

  public String channel() {
    return channel;
  }

  public String status() {
    return status;
  }

  public String text() {
    return text;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant deliveredAt() {
    return deliveredAt;
  }

  public Instant deadline() {
    return deadline;
  }

  public String subject() {
    return subject;
  }

  public String recipientRole() {
    return recipientRole;
  }

  public String youthFirstName() {
    return youthFirstName;
  }

  public java.time.LocalDate youthBirthDate() {
    return youthBirthDate;
  }

  public String objectedBy() {
    return objectedBy;
  }
}
