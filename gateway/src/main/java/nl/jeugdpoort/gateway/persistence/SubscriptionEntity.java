package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A FHIR Subscription of an organisation's system (issue #16, item 3): the topic, the rest-hook
 * endpoint with its headers, how much a notification carries, and where the subscription stands
 * ({@code requested} until the handshake is accepted, then {@code active}; {@code error} while
 * notifications fail; {@code off} when deleted, ended or given up).
 */
@Entity
@Table(name = "fhir_subscription")
public class SubscriptionEntity {
  public static final String REQUESTED = "requested";
  public static final String ACTIVE = "active";
  public static final String ERROR = "error";
  public static final String OFF = "off";

  @Id private String id;

  @Version private long version;

  @Column(name = "organisation_id", nullable = false)
  private String organisationId;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(nullable = false)
  private String topic;

  @Column(nullable = false)
  private String endpoint;

  /** The channel's headers, one {@code Name: value} per line (null: none). */
  @Column private String headers;

  @Column(name = "payload_content", nullable = false)
  private String payloadContent;

  @Column private String reason;

  @Column(nullable = false)
  private String status;

  @Column private String error;

  @Column(name = "end_at")
  private Instant endAt;

  @Column(name = "events_since_start", nullable = false)
  private long eventsSinceStart;

  @Column(name = "handshake_at")
  private Instant handshakeAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected SubscriptionEntity() {}

  public SubscriptionEntity(
      String id,
      String organisationId,
      String createdBy,
      String topic,
      String endpoint,
      String headers,
      String payloadContent,
      String reason,
      Instant endAt,
      Instant now) {
    this.id = id;
    this.organisationId = organisationId;
    this.createdBy = createdBy;
    this.topic = topic;
    this.endpoint = endpoint;
    this.headers = headers;
    this.payloadContent = payloadContent;
    this.reason = reason;
    this.endAt = endAt;
    this.status = REQUESTED;
    this.eventsSinceStart = 0;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public String organisationId() {
    return organisationId;
  }

  public String createdBy() {
    return createdBy;
  }

  public String topic() {
    return topic;
  }

  public String endpoint() {
    return endpoint;
  }

  public String headers() {
    return headers;
  }

  public String payloadContent() {
    return payloadContent;
  }

  public String reason() {
    return reason;
  }

  public String status() {
    return status;
  }

  /** The status as it is at {@code now}: {@code off} once the end has passed. */
  public String statusAt(Instant now) {
    return !OFF.equals(status) && endAt != null && !endAt.isAfter(now) ? OFF : status;
  }

  public String error() {
    return error;
  }

  public Instant endAt() {
    return endAt;
  }

  public long eventsSinceStart() {
    return eventsSinceStart;
  }

  public Instant handshakeAt() {
    return handshakeAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** Whether the subscription still wants notifications at {@code now}. */
  public boolean live(Instant now) {
    return !OFF.equals(status) && (endAt == null || endAt.isAfter(now));
  }

  /** The next event's number (events since the subscription started). */
  public long nextEventNumber(Instant now) {
    eventsSinceStart++;
    updatedAt = now;
    return eventsSinceStart;
  }

  /** A notification was accepted by the endpoint: the handshake (if it was one) is done. */
  public void delivered(boolean handshake, Instant now) {
    if (handshake && handshakeAt == null) {
      handshakeAt = now;
    }
    if (!OFF.equals(status) && handshakeAt != null) {
      status = ACTIVE;
      error = null;
    }
    updatedAt = now;
  }

  /** A notification was not accepted by the endpoint. */
  public void failing(String why, Instant now) {
    if (!OFF.equals(status)) {
      status = ERROR;
    }
    error = OutboxRow.bounded(why);
    updatedAt = now;
  }

  /** No more notifications: deleted, ended or given up ({@code why}: null when deleted). */
  public void off(String why, Instant now) {
    status = OFF;
    if (why != null) {
      error = OutboxRow.bounded(why);
    }
    updatedAt = now;
  }
}
