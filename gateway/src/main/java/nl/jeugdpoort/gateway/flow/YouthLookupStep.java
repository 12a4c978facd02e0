package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.connectors.TraceContext;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.source.SourceTranslation;

/**
 * Step 1: load the request and look the youth up at the source (birth date and legal representation
 * feed rules C2 and N1). The BSN must match exactly one Patient (C5); the fetch later reads only
 * that Patient's data. A source that does not know the youth, knows several, refuses (P6), keeps
 * the gateway out, answers something unusable or is down ends the request with its own status;
 * nothing is fetched.
 */
@ApplicationScoped
public class YouthLookupStep {
  @Inject RequestStore store;
  @Inject SourceDirectory directory;
  @Inject SourceConnector connector;
  @Inject SourceAnswers answers;

  public void lookup(RequestContext ctx) {
    DataRequestEntity r = store.load(ctx.requestId());
    if (r == null || r.businessStatus().isFinal()) {
      ctx.finish();
      return;
    }
    ctx.request(RequestStore.toPolicy(r));
    Optional<SourceEndpoint> endpoint = directory.endpoint(r.sourceOrg());
    if (endpoint.isEmpty()) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_UNAVAILABLE,
          "De organisatie "
              + directory.name(r.sourceOrg())
              + " heeft geen systeem dat Jeugdpoort kan bereiken.",
          null,
          RequestAudit.step(r, "R", "youth-lookup", "failure")
              .withDetail("no reachable endpoint for source"));
      return;
    }
    ctx.source(endpoint.get());
    SourceResult result = connector.lookupYouth(endpoint.get(), query(r));
    if (result instanceof SourceResult.Youth y) {
      ctx.youth(SourceTranslation.youth(y.patient(), y.relatedPersons(), r.youthBsn()));
      ctx.emails(SourceTranslation.emails(y.patient(), y.relatedPersons()));
      ctx.familyRoles(SourceTranslation.familyRoles(y.patient(), y.relatedPersons()));
    } else {
      answers.endWithoutData(ctx, r, result);
    }
  }

  static SourceQuery query(DataRequestEntity r) {
    return new SourceQuery(
        r.id(),
        r.youthBsn(),
        null,
        Set.of(),
        0,
        r.purpose(),
        r.explanation(),
        r.requesterOrg(),
        sourceTrace());
  }

  /**
   * The trace context for calls to the source: the current span (the pass's, in the request's
   * trace); each call then carries a span of its own under it ({@code traceparent}). Null outside
   * any trace.
   */
  static TraceContext sourceTrace() {
    AuditTrace.Span span = AuditTrace.current();
    return span == null ? null : new TraceContext(span.traceId(), span.spanId(), "01");
  }
}
