package nl.jeugdpoort.gateway.subscription;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.Outbox;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import nl.jeugdpoort.gateway.persistence.SubscriptionNotificationEntity;
import nl.jeugdpoort.gateway.security.PublicUrl;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox of subscription notifications: claims the due ones (a lease per row, once across the
 * cluster), posts each to its subscription's endpoint as a notification bundle, and records the
 * outcome with its audit entry ({@value #AUDIT_TYPE}). A 2xx answer counts as delivered; anything
 * else is retried after 5 s, doubled per attempt up to 15 min; after {@code
 * jeugdpoort.subscription.max-attempts} failed attempts the notification is given up and the
 * subscription switched off (its error says why). Delivery is at least once: a member that dies
 * after the post and before recording it leaves the row to be posted again, with the same bundle id
 * and event number.
 */
@ApplicationScoped
public class SubscriptionNotifications {
  private static final Logger LOG = Logger.getLogger(SubscriptionNotifications.class.getName());

  public static final String AUDIT_TYPE = "subscription-notification";

  static final Duration BACKOFF = Duration.ofSeconds(5);
  static final Duration BACKOFF_MAX = Duration.ofMinutes(15);

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject FhirContext fhir;
  @Inject PublicUrl publicUrl;
  @Inject Subscriptions subscriptions;

  @Inject
  @ConfigProperty(name = "jeugdpoort.subscription.timeout", defaultValue = "PT10S")
  String timeoutText;

  @Inject
  @ConfigProperty(name = "jeugdpoort.subscription.max-attempts", defaultValue = "10")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.lease", defaultValue = "PT1M")
  String leaseText;

  private final String owner = Outbox.newOwner();

  private volatile HttpClient http;

  /** What to post: the endpoint, its headers and the bundle (null: nothing to post). */
  record Post(String endpoint, List<String> headers, String body, String describe) {}

  @Inject
  @ConfigProperty(name = "jeugdpoort.subscription.poll-interval", defaultValue = "PT0.5S")
  String pollText;

  private volatile long lastPoll;

  /**
   * Claims the notifications due now (at most 20), each with a lease for this member — at once when
   * this member committed one since the last look ({@link Subscriptions#takeHint()}), else at most
   * every {@code jeugdpoort.subscription.poll-interval} (the notifications of other members, and
   * retries). Called every {@link #WAKE}.
   */
  public List<String> claimDue() {
    long now = System.nanoTime();
    if (!subscriptions.takeHint() && now - lastPoll < Duration.parse(pollText).toNanos()) {
      return List.of();
    }
    lastPoll = now;
    List<String> claimed = claim();
    if (claimed.size() >= Outbox.BATCH) {
      lastPoll = 0; // a full batch: more may be due, look again at the next wake
    }
    return claimed;
  }

  /**
   * How often the outbox route asks {@link #claimDue()}: a local notification waits at most this.
   */
  public static final Duration WAKE = Duration.ofMillis(50);

  /** Claims the notifications due now, without waiting for the poll interval. */
  List<String> claim() {
    return Outbox.claim(
        database.dataSource(),
        "subscription_notification",
        // Events wait for the handshake; an off subscription's rows are claimed to be given up.
        " and exists (select 1 from fhir_subscription s where s.id = d.subscription_id"
            + " and (d.kind = 'handshake' or s.handshake_at is not null or s.status = 'off'))",
        owner,
        Duration.parse(leaseText),
        clock.instant());
  }

  /** Posts one claimed notification and records the outcome; never throws. */
  public void send(String notificationId) {
    try {
      Post post = prepare(notificationId);
      if (post == null) {
        return;
      }
      String failure = post(post);
      if (failure == null) {
        delivered(notificationId, post);
      } else {
        failed(notificationId, post, failure);
      }
    } catch (RuntimeException e) {
      // The class only: a message could quote an endpoint's header.
      LOG.warning(
          "subscription notification "
              + notificationId
              + " not sent ("
              + e.getClass().getName()
              + "); tried again when its lease runs out");
    }
  }

  /**
   * Under the locks of the subscription and then the row (the order every writer of both takes):
   * gives an event its number (once, kept for every retry), extends this member's lease for the
   * post, and builds the bundle; null when this member no longer holds the claim or the
   * subscription is off (then its waiting notifications are given up).
   */
  Post prepare(String notificationId) {
    Instant now = clock.instant();
    String base = publicUrl.known().map(b -> b + "/fhir").orElse(null);
    return database.write(
        em -> {
          Locked locked = lock(em, notificationId);
          if (locked == null) {
            return null;
          }
          SubscriptionNotificationEntity n = locked.notification();
          SubscriptionEntity s = locked.subscription();
          if (!s.live(now)) {
            s.off(
                s.endAt() != null && !s.endAt().isAfter(now) ? "ended at " + s.endAt() : null, now);
            Subscriptions.giveUpPending(em, s.id(), "the subscription is off");
            return null;
          }
          n.extendLease(owner, now.plus(Duration.parse(leaseText)));
          Instant eventAt = null;
          if (!n.handshake()) {
            if (n.eventNumber() == null) {
              n.eventNumber(s.nextEventNumber(now));
            }
            DataRequestEntity r = em.find(DataRequestEntity.class, n.requestId());
            eventAt = r == null ? null : r.updatedAt();
          }
          String body =
              fhir.newJsonParser()
                  .encodeResourceToString(
                      SubscriptionResources.notification(
                          n.id(),
                          s,
                          n.handshake()
                              ? SubscriptionNotificationEntity.HANDSHAKE
                              : SubscriptionNotificationEntity.EVENT,
                          n.eventNumber(),
                          n.handshake() ? null : "Task/" + n.requestId(),
                          eventAt,
                          base,
                          now));
          return new Post(
              s.endpoint(),
              SubscriptionResources.headerLines(s.headers()),
              body,
              (n.handshake()
                      ? "handshake"
                      : "event " + n.eventNumber() + " (Task/" + n.requestId() + ")")
                  + " of Subscription/"
                  + s.id()
                  + " to "
                  + Subscriptions.host(s.endpoint()));
        });
  }

  /**
   * Posts; null when the endpoint answered 2xx, else why not — in words that say no more about the
   * endpoint's network than its HTTP status (no exception names: they would let a subscriber scan
   * ports). The whole answer must have arrived within {@code jeugdpoort.subscription.timeout} after
   * the connection (on Java 17 the client's own request time-out covers the headers only).
   */
  String post(Post post) {
    var problem = Endpoints.problem(post.endpoint(), subscriptions.allowLocal());
    if (problem.isPresent()) {
      return problem.get();
    }
    Duration timeout = Duration.parse(timeoutText);
    java.util.concurrent.CompletableFuture<HttpResponse<Void>> answer = null;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(post.endpoint()))
              .timeout(timeout)
              .header("Content-Type", "application/fhir+json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(post.body()));
      for (String h : post.headers()) {
        int colon = h.indexOf(':');
        request.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
      }
      answer = client(timeout).sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
      int status =
          answer.get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS).statusCode();
      return status >= 200 && status < 300 ? null : "the endpoint answered HTTP " + status;
    } catch (TimeoutException e) {
      answer.cancel(true);
      return "the endpoint did not answer in time";
    } catch (ExecutionException e) {
      return "the endpoint cannot be reached or broke off its answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (IllegalArgumentException e) {
      // never the message: it may quote a header's value
      return "the request cannot be made (a header or the URL is not accepted by the HTTP client)";
    }
  }

  private HttpClient client(Duration timeout) {
    HttpClient c = http;
    if (c == null) {
      c =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      http = c;
    }
    return c;
  }

  private void delivered(String notificationId, Post post) {
    record(
        notificationId,
        (em, n, s, now) -> {
          n.sent(now);
          s.delivered(n.handshake(), now);
          return entry(s, "success")
              .withDetail(post.describe() + " accepted after " + n.attempts() + " attempt(s)");
        });
  }

  private void failed(String notificationId, Post post, String why) {
    record(
        notificationId,
        (em, n, s, now) -> {
          n.failed(now, why, BACKOFF, BACKOFF_MAX);
          String outcome;
          if (n.attempts() >= maxAttempts) {
            n.giveUp(why);
            s.off("gave up after " + n.attempts() + " attempts: " + why, now);
            Subscriptions.giveUpPending(em, s.id(), "the subscription was switched off");
            outcome = "given up; the subscription is off";
          } else {
            s.failing(why, now);
            outcome = "next attempt " + n.nextAttemptAt();
          }
          return entry(s, "failure")
              .withDetail(
                  post.describe()
                      + " not accepted (attempt "
                      + n.attempts()
                      + "): "
                      + why
                      + "; "
                      + outcome);
        });
  }

  private interface Step {
    AuditRecord apply(
        EntityManager em, SubscriptionNotificationEntity n, SubscriptionEntity s, Instant now);
  }

  /** Records an outcome and its audit entry, if this member still holds the claim. */
  private void record(String notificationId, Step step) {
    Instant now = clock.instant();
    database.write(
        em -> {
          Locked locked = lock(em, notificationId);
          if (locked != null) {
            audit.append(em, step.apply(em, locked.notification(), locked.subscription(), now));
          }
          return null;
        });
  }

  /** A notification and its subscription, both locked. */
  private record Locked(
      SubscriptionNotificationEntity notification, SubscriptionEntity subscription) {}

  /**
   * Locks the notification's subscription and then the notification — never the other way round, so
   * that two members (or a post and a deletion) do not wait for each other; null when the row is
   * gone or this member no longer holds its claim.
   */
  private Locked lock(EntityManager em, String notificationId) {
    SubscriptionNotificationEntity n =
        em.find(SubscriptionNotificationEntity.class, notificationId);
    if (n == null) {
      return null;
    }
    SubscriptionEntity s =
        em.find(SubscriptionEntity.class, n.subscriptionId(), LockModeType.PESSIMISTIC_WRITE);
    em.refresh(n, LockModeType.PESSIMISTIC_WRITE);
    return n.claimedBy(owner) ? new Locked(n, s) : null;
  }

  /** The gateway acts for the subscribing organisation; no endpoint path, no header in the log. */
  private static AuditRecord entry(SubscriptionEntity s, String outcome) {
    return AuditRecord.of(
            "E",
            AUDIT_TYPE,
            outcome,
            new AuditRecord.Actor("jeugdpoort", "jeugdpoort-gateway", s.organisationId(), null))
        .withAccessPoint("route");
  }
}
