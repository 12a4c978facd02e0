package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import nl.jeugdpoort.gateway.fault.Failpoints;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Requester;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Receives a data request: checks it on its face with the policy's request-only rules, stores it
 * with its audit entry in one transaction, and hands it to the route. The requester is the
 * authenticated user — never anything the request body says.
 *
 * <p>Admission (#16.2): accepted means stored — the stored row is the work item ({@link
 * RequestWork}), so nothing after the commit can lose it or answer 500. A repeat with the same
 * {@code Idempotency-Key} from the same organisation gets the request stored first. When more
 * requests are due than {@code jeugdpoort.admission.max-backlog}, a new one is refused with {@link
 * Overloaded} before anything is stored or audited.
 */
@ApplicationScoped
public class DataRequestIntake {
  @Inject PolicyEngine policy;
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject RequestQueue queue;
  @Inject ReasonTexts texts;
  @Inject RequestWork work;

  @Inject
  @ConfigProperty(name = "jeugdpoort.admission.max-backlog", defaultValue = "5000")
  long maxBacklog;

  @Inject
  @ConfigProperty(name = "jeugdpoort.admission.retry-after", defaultValue = "PT5S")
  String retryAfter;

  /**
   * A stored request, and whether it was stored by an earlier call with the same Idempotency-Key.
   */
  public record Admitted(DataRequestEntity request, boolean repeat) {}

  /**
   * More requests are due than the configured bound: try again after {@link #retryAfter()}. Nothing
   * was stored.
   */
  public static final class Overloaded extends RuntimeException {
    private final Duration retryAfter;

    Overloaded(Duration retryAfter) {
      super("too many data requests waiting");
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * The Idempotency-Key was used before by this organisation for a different request (or another
   * requester).
   */
  public static final class KeyReused extends RuntimeException {
    KeyReused() {
      super("Idempotency-Key already used for another data request");
    }
  }

  /** Without an Idempotency-Key (the portal, whose form has its own one-time token). */
  public DataRequestEntity submit(NewDataRequest in, AuthenticatedUser user, String accessPoint) {
    return submit(in, user, accessPoint, null, false).request();
  }

  /**
   * @param idempotencyKey the client's key, or null
   * @throws RefusedAtIntake when the request fails C5, P1, P2, P3 or V7 (audited, nothing else
   *     stored)
   * @throws Overloaded when the due backlog is over the bound (nothing stored or audited)
   * @throws KeyReused when the key names another request of the organisation
   */
  public Admitted submit(
      NewDataRequest in, AuthenticatedUser user, String accessPoint, String idempotencyKey) {
    return submit(in, user, accessPoint, idempotencyKey, true);
  }

  private Admitted submit(
      NewDataRequest in,
      AuthenticatedUser user,
      String accessPoint,
      String idempotencyKey,
      boolean admission) {
    if (idempotencyKey != null) {
      Optional<DataRequestEntity> earlier = byKey(user.organisationId(), idempotencyKey);
      if (earlier.isPresent()) {
        return repeat(earlier.get(), in, user);
      }
    }
    if (admission && work.dueBacklog() > maxBacklog) {
      throw new Overloaded(Duration.parse(retryAfter));
    }
    try {
      return new Admitted(store(in, user, accessPoint, idempotencyKey), false);
    } catch (PersistenceException e) {
      // Two repeats at once: the unique (requester_org, idempotency_key) let one in; the other
      // answers with it.
      Optional<DataRequestEntity> earlier =
          idempotencyKey == null ? Optional.empty() : byKey(user.organisationId(), idempotencyKey);
      if (earlier.isEmpty()) {
        throw e;
      }
      return repeat(earlier.get(), in, user);
    }
  }

  private Optional<DataRequestEntity> byKey(String org, String key) {
    return database.read(
        em ->
            em
                .createQuery(
                    "select r from DataRequestEntity r where r.requesterOrg = :org and r.idempotencyKey = :key",
                    DataRequestEntity.class)
                .setParameter("org", org)
                .setParameter("key", key)
                .getResultList()
                .stream()
                .findFirst());
  }

  /**
   * The same key again: the same request if it asks the same of the same source by the same person.
   */
  private static Admitted repeat(
      DataRequestEntity earlier, NewDataRequest in, AuthenticatedUser user) {
    boolean same =
        earlier.requesterUsername().equals(user.username())
            && earlier.youthBsn().equals(in.youthBsn())
            && earlier.sourceOrg().equals(in.sourceOrganisationId())
            && earlier.purpose().equals(in.purpose())
            && earlier.categories().equals(new java.util.TreeSet<>(in.categories()));
    if (!same) {
      throw new KeyReused();
    }
    return new Admitted(earlier, true);
  }

  private DataRequestEntity store(
      NewDataRequest in, AuthenticatedUser user, String accessPoint, String idempotencyKey) {
    String id = UUID.randomUUID().toString();
    Requester requester =
        new Requester(user.username(), user.displayName(), user.role(), user.organisationId());
    DataRequest asked =
        new DataRequest(
            id,
            requester,
            in.youthBsn(),
            in.sourceOrganisationId(),
            in.purpose(),
            in.explanation(),
            in.categories(),
            in.basis(),
            in.motivation(),
            in.delayedNoticeMotivation());
    Decision precheck = policy.precheck(asked);
    AuditRecord.Actor actor =
        new AuditRecord.Actor(user.username(), user.role(), user.organisationId(), null);
    if (precheck.isRefused()) {
      database.write(
          em ->
              audit.append(
                  em,
                  AuditRecord.of("C", "request-received", "refused", actor)
                      .withAccessPoint(accessPoint)
                      .withRequest(
                          null,
                          fitsBsnColumn(in.youthBsn()),
                          fits(in.purpose(), 64),
                          fits(in.basis(), 32))
                      .withData(fits(String.join(",", in.categories()), 1000))
                      .withRules(precheck.ruleIds())
                      .withDetail(
                          texts.auditDetail(precheck.outcome().name(), precheck.reasons()))));
      throw new RefusedAtIntake(precheck);
    }
    Instant now = clock.instant();
    DataRequestEntity stored =
        database.write(
            em -> {
              DataRequestEntity r =
                  new DataRequestEntity(
                          id,
                          now,
                          user.username(),
                          user.displayName(),
                          user.role(),
                          user.organisationId(),
                          in.youthBsn(),
                          in.sourceOrganisationId(),
                          in.purpose(),
                          in.explanation(),
                          in.categories(),
                          in.basis(),
                          blankToNull(in.motivation()),
                          blankToNull(in.delayedNoticeMotivation()))
                      .idempotencyKey(idempotencyKey)
                      .traceId(traceId());
              em.persist(r);
              audit.append(
                  em,
                  AuditRecord.of("C", "request-received", "success", actor)
                      .withAccessPoint(accessPoint)
                      .withRequest(id, in.youthBsn(), in.purpose(), in.basis())
                      .withData(String.join(",", r.categories()))
                      .withRules(List.of("P1", "P3"))
                      .withDetail("data request received for source " + in.sourceOrganisationId()));
              return r;
            });
    Failpoints.reached(Failpoints.AFTER_INTAKE, id);
    try {
      queue.submit(id); // the shortcut; the row is due whatever happens here
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(DataRequestIntake.class.getName())
          .warning(
              "data request "
                  + id
                  + " stored; hand-over failed ("
                  + e.getClass().getSimpleName()
                  + "), the work route takes it");
    }
    return stored;
  }

  /**
   * The trace the request is made in (the call's, docs/audit.md#trace-context-w3c-traceparent), or
   * a new one when the call has none; the request's later steps log in it.
   */
  private static String traceId() {
    AuditTrace.Span span = AuditTrace.current();
    return (span != null ? span : AuditTrace.start()).traceId();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Keeps only a value that fits the BSN column (nine characters) in the audit of a refused
   * request.
   */
  /**
   * A refused value that does not fit its audit column is left out of it (the detail keeps the
   * reason).
   */
  private static String fits(String s, int max) {
    return s != null && s.length() <= max ? s : null;
  }

  private static String fitsBsnColumn(String s) {
    return s != null && s.length() == 9 ? s : null;
  }
}
