package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import org.apache.camel.builder.RouteBuilder;

/**
 * E1, E2: every {@code jeugdpoort.erasure.poll-interval} the releases past their retention end lose
 * their bundle and their recipients get an erasure request; erasure requests past their due time
 * alert the privacy officers ({@link ErasureDuties#sweep}).
 */
public class ErasureRoute extends RouteBuilder {
  public static final String ROUTE_ID = "erasure-sweep";

  private final ErasureDuties duties;
  private final Duration period;

  public ErasureRoute(ErasureDuties duties, Duration period) {
    this.duties = duties;
    this.period = period;
  }

  @Override
  public void configure() {
    from("timer:erasure-sweep?delay=5000&period=" + period.toMillis())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.ID)
        .bean(duties, "sweep")
        .id("sweep-retention-and-erasure");
  }
}
