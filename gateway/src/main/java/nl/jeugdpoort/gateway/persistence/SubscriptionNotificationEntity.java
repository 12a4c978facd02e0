package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One notification of a {@link SubscriptionEntity} waiting in, or sent from, the outbox: the
 * handshake, or the event "data request finished" of one request ({@code requestId}). Its event
 * number is given at the first attempt and kept for every retry, so that the receiver can tell a
 * repeat from a new event.
 */
@Entity
@Table(name = "subscription_notification")
public class SubscriptionNotificationEntity extends OutboxRow {
  public static final String HANDSHAKE = "handshake";
  public static final String EVENT = "event-notification";

  @Column(name = "subscription_id", nullable = false)
  private String subscriptionId;

  @Column(nullable = false)
  private String kind;

  @Column(name = "request_id")
  private String requestId;

  @Column(name = "event_number")
  private Long eventNumber;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected SubscriptionNotificationEntity() {}

  public SubscriptionNotificationEntity(
      String id, String subscriptionId, String kind, String requestId, Instant now) {
    super(id, now);
    this.subscriptionId = subscriptionId;
    this.kind = kind;
    this.requestId = requestId;
    this.createdAt = now;
  }

  public String subscriptionId() {
    return subscriptionId;
  }

  public String kind() {
    return kind;
  }

  public boolean handshake() {
    return HANDSHAKE.equals(kind);
  }

  public String requestId() {
    return requestId;
  }

  public Long eventNumber() {
    return eventNumber;
  }

  public void eventNumber(long number) {
    this.eventNumber = number;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
