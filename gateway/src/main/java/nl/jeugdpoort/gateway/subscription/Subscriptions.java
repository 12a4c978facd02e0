package nl.jeugdpoort.gateway.subscription;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.OutboxRow;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import nl.jeugdpoort.gateway.persistence.SubscriptionNotificationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subscriptions of the organisations' systems (issue #16, item 3): made, read, listed and
 * deleted by the organisation's professionals and systems (each organisation sees only its own),
 * and the one event they are told of: a data request of their organisation reached its final status
 * ({@link #requestFinished}, written in the transaction that finishes it, so no finished request is
 * left untold and none is told twice). Every subscription made or deleted is audited as {@value
 * #AUDIT_TYPE}.
 */
@ApplicationScoped
public class Subscriptions {
  /** The one topic: a data request of the subscribing organisation finished. */
  public static final String TOPIC =
      "https://jeugdpoort.nl/fhir/SubscriptionTopic/data-request-finished";

  public static final String AUDIT_TYPE = "subscription";

  /**
   * The subscriptions of organisation {@code :org} that still want notifications at {@code :now}
   * (not off, not ended; {@code :off} = {@link SubscriptionEntity#OFF}).
   */
  private static final String LIVE =
      "s.organisationId = :org and s.status <> :off and (s.endAt is null or s.endAt > :now)";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.subscription.allow-local-endpoints", defaultValue = "false")
  boolean allowLocal;

  @Inject
  @ConfigProperty(name = "jeugdpoort.subscription.max-per-organisation", defaultValue = "10")
  int maxPerOrganisation;

  /**
   * Set on a writer's thread by {@link #requestFinished}, turned into {@link #hinted} after commit.
   */
  private static final ThreadLocal<Boolean> WROTE = new ThreadLocal<>();

  /** A notification was committed on this member since the outbox last looked. */
  private final AtomicBoolean hinted = new AtomicBoolean();

  public Subscriptions() {}

  /** After every commit: one that wrote a notification wakes this member's outbox at once. */
  @PostConstruct
  void listen() {
    database.afterCommit(
        () -> {
          if (WROTE.get() != null) {
            WROTE.remove();
            hinted.set(true);
          }
        });
    database.afterRollback(WROTE::remove);
  }

  /**
   * Whether a notification was committed on this member since the last call (the outbox's cue to
   * look at once instead of at its next poll).
   */
  public boolean takeHint() {
    return hinted.getAndSet(false);
  }

  /** Without a container (tests): the same as injected. */
  public Subscriptions(
      Database database, AuditLog audit, Clock clock, boolean allowLocal, int maxPerOrganisation) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
    this.allowLocal = allowLocal;
    this.maxPerOrganisation = maxPerOrganisation;
    listen();
  }

  /** A subscription not made, or not the caller's: the element and why, or "not found". */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal. */
    public enum Why {
      INVALID,
      TOO_MANY,
      NOT_FOUND
    }

    private final Why why;

    Refused(Why why, String message) {
      super(message);
      this.why = why;
    }

    public Why why() {
      return why;
    }
  }

  /** Whether endpoints on internal addresses (and plain http) are accepted. */
  public boolean allowLocal() {
    return allowLocal;
  }

  /**
   * Makes a subscription of the caller's organisation, status {@code requested}, with its handshake
   * in the outbox; the handshake accepted by the endpoint makes it {@code active}.
   */
  public SubscriptionEntity create(AuthenticatedUser user, SubscriptionResources.Input in)
      throws Refused {
    var problem = Endpoints.problem(in.endpoint(), allowLocal);
    if (problem.isPresent()) {
      throw new Refused(Refused.Why.INVALID, problem.get());
    }
    Instant now = clock.instant();
    SubscriptionEntity made =
        database.write(
            em -> {
              // The organisation's row is locked: two subscriptions made at once count each other.
              em.find(
                  OrganisationEntity.class,
                  user.organisationId(),
                  jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
              long live =
                  em.createQuery(
                          "select count(s) from SubscriptionEntity s where " + LIVE, Long.class)
                      .setParameter("org", user.organisationId())
                      .setParameter("off", SubscriptionEntity.OFF)
                      .setParameter("now", now)
                      .getSingleResult();
              if (live >= maxPerOrganisation) {
                return null;
              }
              SubscriptionEntity s =
                  new SubscriptionEntity(
                      UUID.randomUUID().toString(),
                      user.organisationId(),
                      user.username(),
                      TOPIC,
                      in.endpoint(),
                      in.headers().isEmpty() ? null : String.join("\n", in.headers()),
                      in.payloadContent(),
                      in.reason(),
                      in.end(),
                      now);
              em.persist(s);
              em.flush(); // the subscription first: the handshake refers to it
              WROTE.set(Boolean.TRUE);
              em.persist(
                  new SubscriptionNotificationEntity(
                      UUID.randomUUID().toString(),
                      s.id(),
                      SubscriptionNotificationEntity.HANDSHAKE,
                      null,
                      now));
              audit.append(
                  em,
                  record(user, "C", s)
                      .withDetail(
                          "Subscription/"
                              + s.id()
                              + " made: topic data-request-finished, rest-hook to "
                              + host(s.endpoint())
                              + ", "
                              + s.payloadContent()
                              + (s.endAt() == null ? "" : ", until " + s.endAt())));
              return s;
            });
    if (made == null) {
      throw new Refused(
          Refused.Why.TOO_MANY,
          "your organisation has "
              + maxPerOrganisation
              + " subscriptions already (the most there may be); delete one first");
    }
    return made;
  }

  /** A subscription of the caller's organisation; {@link Refused} (NOT_FOUND) for any other. */
  public SubscriptionEntity own(AuthenticatedUser user, String id) throws Refused {
    SubscriptionEntity s =
        id == null ? null : database.read(em -> em.find(SubscriptionEntity.class, id));
    if (s == null || !Objects.equals(s.organisationId(), user.organisationId())) {
      throw new Refused(Refused.Why.NOT_FOUND, "Subscription/" + id);
    }
    return s;
  }

  /** The subscriptions of the caller's organisation, newest first (deleted ones too, as off). */
  public List<SubscriptionEntity> ofOrganisation(AuthenticatedUser user) {
    return database.read(
        em ->
            em.createQuery(
                    "select s from SubscriptionEntity s where s.organisationId = :org order by s.createdAt desc, s.id",
                    SubscriptionEntity.class)
                .setParameter("org", user.organisationId())
                .getResultList());
  }

  /** Deletes (switches off) a subscription of the caller's organisation: nothing more is sent. */
  public void delete(AuthenticatedUser user, String id) throws Refused {
    own(user, id);
    Instant now = clock.instant();
    database.write(
        em -> {
          // The subscription first, then its waiting notifications: the order in which a post
          // locks them, so that a deletion and a post never wait for each other.
          SubscriptionEntity s =
              em.find(
                  SubscriptionEntity.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
          giveUpPending(em, id, "the subscription was deleted");
          if (!SubscriptionEntity.OFF.equals(s.status())) {
            s.off(null, now);
            audit.append(em, record(user, "D", s).withDetail("Subscription/" + id + " deleted"));
          }
          return null;
        });
  }

  /**
   * The request {@code r} reached its final status: one notification for every live subscription of
   * the requesting organisation, in {@code em}'s transaction (the one that finishes the request).
   */
  public void requestFinished(EntityManager em, DataRequestEntity r, Instant now) {
    List<String> subscriptions =
        em.createQuery("select s.id from SubscriptionEntity s where " + LIVE, String.class)
            .setParameter("org", r.requesterOrg())
            .setParameter("off", SubscriptionEntity.OFF)
            .setParameter("now", now)
            .getResultList();
    if (!subscriptions.isEmpty()) {
      WROTE.set(Boolean.TRUE);
    }
    for (String subscription : subscriptions) {
      em.persist(
          new SubscriptionNotificationEntity(
              UUID.randomUUID().toString(),
              subscription,
              SubscriptionNotificationEntity.EVENT,
              r.id(),
              now));
    }
  }

  /** The pending notifications of a subscription that is off are given up. */
  static void giveUpPending(EntityManager em, String subscriptionId, String why) {
    for (SubscriptionNotificationEntity n :
        em.createQuery(
                "select n from SubscriptionNotificationEntity n where n.subscriptionId = :id and n.status = :pending",
                SubscriptionNotificationEntity.class)
            .setParameter("id", subscriptionId)
            .setParameter("pending", OutboxRow.PENDING)
            .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
            .getResultList()) {
      n.giveUp(why);
    }
  }

  private static AuditRecord record(AuthenticatedUser user, String action, SubscriptionEntity s) {
    return AuditRecord.of(action, AUDIT_TYPE, "success", SecurityAudit.actor(user))
        .withAccessPoint("fhir");
  }

  /** The host of an endpoint, for the audit log (never its path or query). */
  static String host(String endpoint) {
    try {
      String host = java.net.URI.create(endpoint).getHost();
      return host == null ? "?" : host;
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }
}
