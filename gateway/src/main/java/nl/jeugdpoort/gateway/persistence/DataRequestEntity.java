package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A professional's request for data about one youth, and where it stands. */
@Entity
@Table(name = "data_request")
public class DataRequestEntity {
  @Id private String id;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "requester_username", nullable = false)
  private String requesterUsername;

  @Column(name = "requester_name", nullable = false)
  private String requesterName;

  @Column(name = "requester_role", nullable = false)
  private String requesterRole;

  @Column(name = "requester_org", nullable = false)
  private String requesterOrg;

  @Column(name = "youth_bsn", nullable = false)
  private String youthBsn;

  @Column(name = "source_org", nullable = false)
  private String sourceOrg;

  @Column(nullable = false)
  private String purpose;

  @Column(nullable = false)
  private String explanation;

  /** Requested categories, comma separated, sorted. */
  @Column(nullable = false)
  private String categories;

  @Column(name = "source_report", length = 4000)
  private String sourceReport;

  @Column(name = "legal_basis")
  private String legalBasis;

  private String motivation;

  @Column(name = "delayed_notice_motivation")
  private String delayedNoticeMotivation;

  @Enumerated(EnumType.STRING)
  @Column(name = "business_status", nullable = false)
  private RequestStatus businessStatus;

  @Column(nullable = false)
  private String status;

  @Column(name = "status_reason")
  private String statusReason;

  /** The latest decision with its reasons, as JSON (see DecisionJson). */
  @Lob
  @Column(name = "decision_json")
  private String decisionJson;

  @Column(name = "release_id")
  private String releaseId;

  @Column(name = "hold_until")
  private Instant holdUntil;

  @Column(name = "notice_delivered_at")
  private Instant noticeDeliveredAt;

  @Column(name = "review_required", nullable = false)
  private boolean reviewRequired;

  /**
   * When the request is to be worked on next (a claim takes it then); null while it waits for an
   * event or is final.
   */
  @Column(name = "due_at")
  private Instant dueAt;

  /**
   * The worker (member and JVM) whose claim holds until {@link #leaseUntil}; written by {@code
   * RequestWork}.
   */
  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  /** How often the request was claimed. */
  @Column(nullable = false)
  private int attempts;

  /** The client's {@code Idempotency-Key} (unique per requesting organisation), if it sent one. */
  @Column(name = "idempotency_key")
  private String idempotencyKey;

  /** The W3C trace id the request was made in (32 hex digits); its later steps log in it. */
  @Column(name = "trace_id")
  private String traceId;

  protected DataRequestEntity() {}

  public DataRequestEntity(
      String id,
      Instant createdAt,
      String requesterUsername,
      String requesterName,
      String requesterRole,
      String requesterOrg,
      String youthBsn,
      String sourceOrg,
      String purpose,
      String explanation,
      Set<String> categories,
      String legalBasis,
      String motivation,
      String delayedNoticeMotivation) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.requesterUsername = requesterUsername;
    this.requesterName = requesterName;
    this.requesterRole = requesterRole;
    this.requesterOrg = requesterOrg;
    this.youthBsn = youthBsn;
    this.sourceOrg = sourceOrg;
    this.purpose = purpose;
    this.explanation = explanation;
    this.categories = String.join(",", new TreeSet<>(categories));
    this.legalBasis = legalBasis;
    this.motivation = motivation;
    this.delayedNoticeMotivation = delayedNoticeMotivation;
    this.businessStatus = RequestStatus.RECEIVED;
    this.status = RequestStatus.RECEIVED.taskStatus();
    this.dueAt = createdAt;
  }

  /**
   * Moves the request to a new status, if {@link RequestLifecycle} allows the move. A final status
   * ends the work (nothing due, no claim); a hold is due again when its objection window ends
   * ({@link #recordDecision} first).
   *
   * @throws RequestLifecycle.IllegalMove for a move the table does not allow
   */
  public void moveTo(RequestStatus next, String reason, Instant at) {
    if (!RequestLifecycle.allows(businessStatus, next)) {
      throw new RequestLifecycle.IllegalMove(id, businessStatus, next);
    }
    this.businessStatus = next;
    this.status = next.taskStatus();
    this.statusReason = reason;
    this.updatedAt = at;
    if (next.isFinal()) {
      this.dueAt = null;
      this.leaseOwner = null;
      this.leaseUntil = null;
    } else if (next == RequestStatus.HELD_OBJECTION_WINDOW) {
      this.dueAt = holdUntil == null ? at : holdUntil;
    }
  }

  /** The request waits for an event (its e-mail notices accepted) and is not due until then. */
  public void awaitEvent() {
    this.dueAt = null;
  }

  /**
   * The awaited event happened: the request is due now (a claim takes it). Nothing for a final
   * request.
   */
  public void dueNow(Instant at) {
    if (!businessStatus.isFinal()) {
      this.dueAt = at;
    }
  }

  /** Keeps the client's Idempotency-Key (#16.2). */
  public DataRequestEntity idempotencyKey(String key) {
    this.idempotencyKey = key;
    return this;
  }

  /** Keeps the W3C trace id the request was made in (#20.5). */
  public DataRequestEntity traceId(String traceId) {
    this.traceId = traceId;
    return this;
  }

  /** The W3C trace id the request was made in, or null (requests made before V17). */
  public String traceId() {
    return traceId;
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String requesterUsername() {
    return requesterUsername;
  }

  public String requesterName() {
    return requesterName;
  }

  public String requesterRole() {
    return requesterRole;
  }

  public String requesterOrg() {
    return requesterOrg;
  }

  public String youthBsn() {
    return youthBsn;
  }

  public String sourceOrg() {
    return sourceOrg;
  }

  public String purpose() {
    return purpose;
  }

  public String explanation() {
    return explanation;
  }

  public String legalBasis() {
    return legalBasis;
  }

  public String motivation() {
    return motivation;
  }

  public String delayedNoticeMotivation() {
    return delayedNoticeMotivation;
  }

  public RequestStatus businessStatus() {
    return businessStatus;
  }

  public String statusReason() {
    return statusReason;
  }

  public String decisionJson() {
    return decisionJson;
  }

  public String releaseId() {
    return releaseId;
  }

  public Instant holdUntil() {
    return holdUntil;
  }

  public Instant noticeDeliveredAt() {
    return noticeDeliveredAt;
  }

  public boolean reviewRequired() {
    return reviewRequired;
  }

  public Instant dueAt() {
    return dueAt;
  }

  public String leaseOwner() {
    return leaseOwner;
  }

  public Instant leaseUntil() {
    return leaseUntil;
  }

  public int attempts() {
    return attempts;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public long version() {
    return version;
  }

  public Set<String> categories() {
    return categories.isEmpty()
        ? Set.of()
        : Arrays.stream(categories.split(",")).collect(Collectors.toCollection(TreeSet::new));
  }

  public void recordDecision(String json, boolean review, Instant holdUntil) {
    this.decisionJson = json;
    this.reviewRequired = this.reviewRequired || review;
    this.holdUntil = holdUntil;
  }

  public void noticeDelivered(Instant at) {
    this.noticeDeliveredAt = at;
  }

  public void released(String releaseId) {
    this.releaseId = releaseId;
  }

  /**
   * What the source delivered per category (JSON, see {@code SourceReport}), written with the
   * release.
   */
  public void sourceReport(String json) {
    this.sourceReport = json;
  }

  public String sourceReport() {
    return sourceReport;
  }
}
