package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.flow.DecisionStep;
import nl.jeugdpoort.gateway.flow.FetchStep;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.flow.ReleaseStep;
import nl.jeugdpoort.gateway.flow.RequestContext;
import nl.jeugdpoort.gateway.flow.RequestPass;
import nl.jeugdpoort.gateway.flow.YouthLookupStep;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;

/**
 * The journey of a data request, as RULES.md tells it: look up the youth → decide (policy) → notify
 * the family (N1) → fetch (connector) → decide on the items (S1, V, N3) → minimise, label and
 * release (P2, P4, E1). Each step writes its own audit entries (A1). A step that ends the request
 * (refusal, unreachable source, hold) or makes it wait (for its e-mail notices) stops the exchange.
 *
 * <p>Only claimed requests enter (issue #15.2): the {@value #WORK_ROUTE_ID} route claims due rows
 * of the {@code data_request} table every {@code jeugdpoort.work.poll-interval} and hands their ids
 * over through the in-JVM queue {@value #QUEUE}; the intake hands a new request over at once (a
 * shortcut: the row is the work item). The {@value #LEASE_ROUTE_ID} route renews the leases of the
 * requests in progress. Both start only when the gateway can reach its sources ({@code
 * health.GatewayStartup}). At the end of every pass the claim is let go.
 */
public class DataRequestRoute extends RouteBuilder {
  public static final String QUEUE = "seda:data-requests";
  public static final String ROUTE_ID = "data-request";
  public static final String WORK_ROUTE_ID = "request-work";
  public static final String LEASE_ROUTE_ID = "request-leases";

  private static final Predicate FINISHED =
      e -> e.getIn().getBody() instanceof RequestContext c && c.isFinished();

  private final RequestPass pass;
  private final YouthLookupStep lookup;
  private final DecisionStep decision;
  private final NoticeStep notice;
  private final FetchStep fetch;
  private final ReleaseStep release;
  private final RequestWork work;
  private final int concurrency;
  private final int capacity;
  private final Duration poll;
  private final Duration renew;

  /**
   * @param concurrency route consumers working on requests at once ({@code
   *     jeugdpoort.route.concurrent-requests})
   * @param capacity requests this member holds at most ({@link RequestWork#capacity()}), the in-JVM
   *     queue's size
   * @param poll how often due requests are claimed ({@code jeugdpoort.work.poll-interval})
   * @param renew how often the leases of requests in progress are renewed (a third of {@code
   *     jeugdpoort.work.lease})
   */
  public DataRequestRoute(
      RequestPass pass,
      YouthLookupStep lookup,
      DecisionStep decision,
      NoticeStep notice,
      FetchStep fetch,
      ReleaseStep release,
      RequestWork work,
      int concurrency,
      int capacity,
      Duration poll,
      Duration renew) {
    this.pass = pass;
    this.lookup = lookup;
    this.decision = decision;
    this.notice = notice;
    this.fetch = fetch;
    this.release = release;
    this.work = work;
    this.concurrency = concurrency;
    this.capacity = capacity;
    this.poll = poll;
    this.renew = renew;
  }

  /**
   * The in-JVM queue's endpoint, the same URI for the consumers, the claims' hand-over and the
   * intake ({@link CamelRuntime#submit}): one endpoint, so the queue has {@code capacity} places
   * whichever end makes it first. (Camel makes a seda queue lazily; an end named without the size
   * that came first would make one of Camel's default size, 1,000.)
   */
  public String queueUri() {
    return QUEUE + "?concurrentConsumers=" + concurrency + "&size=" + capacity;
  }

  @Override
  public void configure() {
    from(queueUri())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.ID)
        .onCompletion()
        .bean(pass, "end")
        .id("end-pass")
        .end()
        .convertBodyTo(String.class)
        .bean(pass, "begin")
        .id("begin-pass")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(lookup, "lookup")
        .id("lookup-youth")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(decision, "beforeFetch")
        .id("decide")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(notice, "notifyFamily")
        .id("notify-family")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(fetch, "fetch")
        .id("fetch")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(decision, "afterFetch")
        .id("decide-on-items")
        .filter(FINISHED)
        .stop()
        .end()
        .bean(release, "release")
        .id("release");

    // Due requests — new, resumed after a crash, retried, waited for e-mail notices, held for an
    // objection window
    // (N3) — are claimed from the table, once across the cluster.
    from("timer:" + WORK_ROUTE_ID + "?delay=0&period=" + poll.toMillis())
        .routeId(WORK_ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .autoStartup(false)
        .bean(work, "claimDue")
        .id("claim-due")
        .split(body())
        // A claim the queue has no room for (the intake's hand-off filled it meanwhile) is let go
        // at once: the row stays due for the next period. Held on to, it would be renewed for
        // ever and never worked on (ClusterBenchmark found such requests stuck in RECEIVED).
        .doTry()
        .to(queueUri())
        .id("hand-over")
        .doCatch(Exception.class)
        .bean(work, "release")
        .id("hand-back")
        .end()
        .end();

    from("timer:" + LEASE_ROUTE_ID + "?delay=0&period=" + renew.toMillis())
        .routeId(LEASE_ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .autoStartup(false)
        .bean(work, "renew")
        .id("renew-leases");
  }
}
