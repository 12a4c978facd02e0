package nl.jeugdpoort.gateway.route;

import java.time.Duration;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.recording.RecordingRegistry;
import org.apache.camel.builder.RouteBuilder;

/**
 * E1, E2: every {@code jeugdpoort.erasure.poll-interval} the releases past their retention end lose
 * their bundle and their recipients get an erasure request; erasure requests past their due time
 * alert the privacy officers ({@link ErasureDuties#sweep}); V5: registered recordings whose
 * trajectory ended are ended ({@link RecordingRegistry#sweep}).
 */
public class ErasureRoute extends RouteBuilder {
  public static final String ROUTE_ID = "erasure-sweep";

  private final ErasureDuties duties;
  private final RecordingRegistry recordings;
  private final Duration period;

  public ErasureRoute(ErasureDuties duties, RecordingRegistry recordings, Duration period) {
    this.duties = duties;
    this.recordings = recordings;
    this.period = period;
  }

  @Override
  public void configure() {
    from("timer:erasure-sweep?delay=5000&period=" + period.toMillis())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.ID)
        .bean(duties, "sweep")
        .id("sweep-retention-and-erasure")
        .bean(recordings, "sweep")
        .id("sweep-ended-recordings");
  }
}
