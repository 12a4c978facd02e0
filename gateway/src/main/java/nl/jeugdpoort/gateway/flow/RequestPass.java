package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestCompletions;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The start and the end of one pass of a claimed request through the route. At the start: a request
 * claimed more often than {@code jeugdpoort.work.max-attempts} ends as a technical failure (a
 * request that fails every pass must not be tried for ever); a request held for an objection window
 * whose window has ended goes on to be decided again (N3). At the end, whatever happened: the claim
 * is let go, and a caller waiting on the POST is woken.
 */
@ApplicationScoped
public class RequestPass {
  @Inject RequestStore store;
  @Inject RequestWork work;
  @Inject RequestCompletions completions;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.work.max-attempts", defaultValue = "20")
  int maxAttempts;

  /**
   * The body of the route for the claimed request {@code requestId}. The pass is a span of its own
   * in the request's trace (docs/audit.md#trace-context-w3c-traceparent): its audit entries and its
   * calls to the source carry the trace id the request was made in, on whichever node claims it.
   */
  public RequestContext begin(String requestId) {
    RequestContext ctx = new RequestContext(requestId, work.owner());
    DataRequestEntity r = store.load(requestId);
    AuditTrace.clear();
    if (r != null && AuditTrace.isTraceId(r.traceId())) {
      AuditTrace.enter(AuditTrace.newSpan(r.traceId()));
    }
    if (r == null || r.businessStatus().isFinal()) {
      ctx.finish();
    } else if (r.attempts() > maxAttempts) {
      ctx.finish(
          store,
          RequestStatus.TECHNICAL_FAILURE,
          TechnicalFailure.FAMILY_TEXT,
          null,
          RequestAudit.step(r, "E", "technical-failure", "failure")
              .withDetail(
                  "claimed "
                      + r.attempts()
                      + " times without an end (jeugdpoort.work.max-attempts "
                      + maxAttempts
                      + ")"));
    } else if (r.businessStatus() == RequestStatus.HELD_OBJECTION_WINDOW) {
      if (r.holdUntil() != null && r.holdUntil().isAfter(clock.instant())) {
        ctx.finish(); // claimed early (clocks of members differ): due again at the end of the
        // window
      } else {
        // N3: the window has ended; the route decides again with what the family said meanwhile.
        store.move(requestId, ctx.worker(), RequestStatus.FETCHING, null, null, null);
      }
    }
    return ctx;
  }

  /**
   * Lets go of the claim on the request the exchange carried ({@link RequestContext} or its id).
   */
  public void end(Object body) {
    String id =
        body instanceof RequestContext ctx
            ? ctx.requestId()
            : body == null ? null : String.valueOf(body);
    if (id == null) {
      AuditTrace.clear();
      return;
    }
    try {
      work.release(id);
    } finally {
      AuditTrace.clear();
      completions.passEnded(id);
    }
  }
}
