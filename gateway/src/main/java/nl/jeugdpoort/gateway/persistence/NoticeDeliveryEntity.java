package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** One e-mail notice waiting in, or sent from, the outbox (rule N1). */
@Entity
@Table(name = "notice_delivery")
public class NoticeDeliveryEntity {
  public static final String PENDING = "pending";
  public static final String SENT = "sent";

  @Id private String id;

  @Column(name = "notice_id", nullable = false)
  private String noticeId;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(nullable = false)
  private String channel;

  @Column(nullable = false)
  private String address;

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

  /**
   * The member whose claim on this row holds until {@link #leaseUntil} (written by the outbox's
   * claim).
   */
  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  protected NoticeDeliveryEntity() {}

  public NoticeDeliveryEntity(
      String id, String noticeId, String requestId, String channel, String address, Instant now) {
    this.id = id;
    this.noticeId = noticeId;
    this.requestId = requestId;
    this.channel = channel;
    this.address = address;
    this.status = PENDING;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }

  /**
   * Not before {@code at}: an e-mail notice sent afterwards waits for its notice's deadline (N2).
   */
  public NoticeDeliveryEntity notBefore(Instant at) {
    this.nextAttemptAt = at;
    return this;
  }

  /** N2: the reason for the delay lapsed; a pending e-mail goes out at once. */
  public void dueNow(Instant at) {
    if (PENDING.equals(status) && nextAttemptAt.isAfter(at)) {
      nextAttemptAt = at;
    }
  }

  public String id() {
    return id;
  }

  public String noticeId() {
    return noticeId;
  }

  public String requestId() {
    return requestId;
  }

  public String channel() {
    return channel;
  }

  public String address() {
    return address;
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

  public void sent(Instant at) {
    attempts++;
    status = SENT;
    sentAt = at;
    lastError = null;
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
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
    leaseOwner = null;
    leaseUntil = null;
  }
}
