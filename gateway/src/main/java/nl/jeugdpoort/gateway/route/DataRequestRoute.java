package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.flow.DecisionStep;
import nl.jeugdpoort.gateway.flow.FetchStep;
import nl.jeugdpoort.gateway.request.HeldRequests;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.flow.ReleaseStep;
import nl.jeugdpoort.gateway.flow.RequestContext;
import nl.jeugdpoort.gateway.flow.YouthLookupStep;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;

/**
 * The journey of a data request, as RULES.md tells it: look up the youth → decide (policy) → notify
 * the family (N1) → fetch (connector) → decide on the items (S1, V, N3) → minimise, label and release
 * (P2, P4, E1). Each step writes its own audit entries (A1). A step that ends the request (refusal,
 * unreachable source, hold) stops the exchange.
 */
public class DataRequestRoute extends RouteBuilder {
  public static final String QUEUE = "seda:data-requests";
  public static final String ROUTE_ID = "data-request";

  private static final Predicate FINISHED = e -> e.getIn().getBody(RequestContext.class).isFinished();

  private final YouthLookupStep lookup;
  private final DecisionStep decision;
  private final NoticeStep notice;
  private final FetchStep fetch;
  private final ReleaseStep release;
  private final HeldRequests held;
  private final int concurrency;

  public DataRequestRoute(YouthLookupStep lookup, DecisionStep decision, NoticeStep notice, FetchStep fetch,
      ReleaseStep release, HeldRequests held, int concurrency) {
    this.lookup = lookup;
    this.decision = decision;
    this.notice = notice;
    this.fetch = fetch;
    this.release = release;
    this.held = held;
    this.concurrency = concurrency;
  }

  @Override
  public void configure() {
    from(QUEUE + "?concurrentConsumers=" + concurrency)
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.ID)
        .convertBodyTo(String.class)
        .process(e -> e.getIn().setBody(new RequestContext(e.getIn().getBody(String.class)))).id("context")
        .bean(lookup, "lookup").id("lookup-youth")
        .filter(FINISHED).stop().end()
        .bean(decision, "beforeFetch").id("decide")
        .filter(FINISHED).stop().end()
        .bean(notice, "notifyFamily").id("notify-family")
        .filter(FINISHED).stop().end()
        .bean(fetch, "fetch").id("fetch")
        .filter(FINISHED).stop().end()
        .bean(decision, "afterFetch").id("decide-on-items")
        .filter(FINISHED).stop().end()
        .bean(release, "release").id("release");

    // N3: requests held for an objection window go through the route again once it has ended.
    from("timer:held-requests?period=30000&delay=10000")
        .routeId("held-requests")
        .routeConfigurationId(RouteErrorHandling.ID)
        .bean(held, "due").id("find-due")
        .split(body())
        .to(QUEUE).id("requeue");
  }
}
