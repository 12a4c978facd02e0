package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.notice.DelayedNotices;
import org.apache.camel.builder.RouteBuilder;

/**
 * N2: every {@code jeugdpoort.notice.poll-interval} the notices sent afterwards whose deadline has come go
 * to the family's portal inbox ({@link DelayedNotices}); their e-mails leave through the outbox route.
 */
public class DelayedNoticeRoute extends RouteBuilder {
  public static final String ROUTE_ID = "delayed-notices";

  private final DelayedNotices notices;
  private final Duration period;

  public DelayedNoticeRoute(DelayedNotices notices, Duration period) {
    this.notices = notices;
    this.period = period;
  }

  @Override
  public void configure() {
    from("timer:delayed-notices?delay=2000&period=" + period.toMillis())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.ID)
        .bean(notices, "deliverDue").id("deliver-due-notices");
  }
}
