package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Duration;
import java.time.Instant;

/**
 * The delivery state an outbox row has ({@link NoticeDeliveryEntity}, {@link OfficerAlertEntity},
 * {@link SubscriptionNotificationEntity}): pending or sent, the attempts, when it is due next, the
 * last error, and the member's claim on it (written by {@link Outbox#claim}).
 */
@MappedSuperclass
public abstract class OutboxRow {
  public static final String PENDING = "pending";
  public static final String SENT = "sent";

  /** Given up: no further attempt (a subscription's notification after its last attempt). */
  public static final String GIVEN_UP = "given-up";

  @Id private String id;

  @Column(nullable = false)
  private String status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "sent_at")
  private Instant sentAt;

  /** The member whose claim on this row holds until {@link #leaseUntil}. */
  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  protected OutboxRow() {}

  /** A new pending row, due at {@code now}. */
  protected OutboxRow(String id, Instant now) {
    this.id = id;
    this.status = PENDING;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }

  public String id() {
    return id;
  }

  public String status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public String leaseOwner() {
    return leaseOwner;
  }

  public Instant leaseUntil() {
    return leaseUntil;
  }

  /** True while {@code owner} holds the claim on this pending row. */
  public boolean claimedBy(String owner) {
    return PENDING.equals(status) && owner.equals(leaseOwner);
  }

  /** The claim of {@code owner} holds until {@code until} (a member that starts on the row). */
  public void extendLease(String owner, Instant until) {
    if (owner.equals(leaseOwner)) {
      leaseUntil = until;
    }
  }

  /** Not before {@code at}. */
  protected void nextAttemptAt(Instant at) {
    this.nextAttemptAt = at;
  }

  public void sent(Instant at) {
    attempts++;
    status = SENT;
    sentAt = at;
    lastError = null;
    leaseOwner = null;
    leaseUntil = null;
  }

  /** No further attempt: the row stays as it is, with {@code error}. */
  public void giveUp(String error) {
    status = GIVEN_UP;
    lastError = bounded(error);
    leaseOwner = null;
    leaseUntil = null;
  }

  /**
   * A failed attempt: try again after {@code backoff} doubled per earlier attempt, at most {@code
   * max}.
   */
  public void failed(Instant at, String error, Duration backoff, Duration max) {
    attempts++;
    Duration wait = backoff.multipliedBy(1L << Math.min(attempts - 1, 20));
    nextAttemptAt = at.plus(wait.compareTo(max) > 0 ? max : wait);
    lastError = bounded(error);
    leaseOwner = null;
    leaseUntil = null;
  }

  /** An error text cut to the 1000 characters of its column (null stays null). */
  static String bounded(String error) {
    return error == null ? null : error.substring(0, Math.min(error.length(), 1000));
  }
}
