package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One e-mail notice waiting in, or sent from, the outbox (rule N1). */
@Entity
@Table(name = "notice_delivery")
public class NoticeDeliveryEntity extends OutboxRow {
  @Column(name = "notice_id", nullable = false)
  private String noticeId;

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(nullable = false)
  private String channel;

  @Column(nullable = false)
  private String address;

  protected NoticeDeliveryEntity() {}

  public NoticeDeliveryEntity(
      String id, String noticeId, String requestId, String channel, String address, Instant now) {
    super(id, now);
    this.noticeId = noticeId;
    this.requestId = requestId;
    this.channel = channel;
    this.address = address;
  }

  /**
   * Not before {@code at}: an e-mail notice sent afterwards waits for its notice's deadline (N2).
   */
  public NoticeDeliveryEntity notBefore(Instant at) {
    nextAttemptAt(at);
    return this;
  }

  /** N2: the reason for the delay lapsed; a pending e-mail goes out at once. */
  public void dueNow(Instant at) {
    if (PENDING.equals(status()) && nextAttemptAt().isAfter(at)) {
      nextAttemptAt(at);
    }
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
}
