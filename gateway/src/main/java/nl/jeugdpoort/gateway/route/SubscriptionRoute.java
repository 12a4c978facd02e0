package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.subscription.SubscriptionNotifications;
import org.apache.camel.builder.RouteBuilder;

/**
 * Subscription notifications (issue #16, item 3): every {@link SubscriptionNotifications#WAKE} the
 * outbox is asked for due notifications ({@link SubscriptionNotifications#claimDue}: at once after
 * this member committed one, else every {@code jeugdpoort.subscription.poll-interval}); they are
 * claimed (a lease per row, once across the cluster) and posted to their endpoints one after the
 * other; the outcome of each is recorded by {@link SubscriptionNotifications#send}.
 */
public class SubscriptionRoute extends RouteBuilder {
  public static final String ROUTE_ID = "subscription-notifications";

  private final SubscriptionNotifications notifications;
  private final long pollMillis;

  public SubscriptionRoute(SubscriptionNotifications notifications, Duration wake) {
    this.notifications = notifications;
    this.pollMillis = Math.max(1, wake.toMillis());
  }

  @Override
  public void configure() {
    from("timer:" + ROUTE_ID + "?delay=" + pollMillis + "&period=" + pollMillis)
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .bean(notifications, "claimDue")
        .id("claim-due-notifications")
        .split(body())
        .bean(notifications, "send")
        .id("post-notification")
        .end();
  }
}
