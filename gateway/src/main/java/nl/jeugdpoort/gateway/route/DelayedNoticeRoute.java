package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.notice.DelayedNotices;
import org.apache.camel.builder.RouteBuilder;

/**
 * N2: every {@code jeugdpoort.notice.poll-interval} the notices sent afterwards whose deadline has
 * come go to the family's portal inbox ({@link DelayedNotices}); their e-mails leave through the
 * outbox route. Each notice is delivered once across the cluster (a conditional update, see
 * DelayedNotices).
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
    from("timer:delayed-notices?delay=" + period.toMillis() + "&period=" + period.toMillis())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .bean(notices, "deliverDue")
        .id("deliver-due-notices");
  }
}
