package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What happens when a step fails unexpectedly: the request ends as a technical failure with an audit
 * entry (never half-released; each step writes in one transaction), and the exception is logged by id.
 */
public class RouteErrorHandling extends RouteConfigurationBuilder {
  public static final String ID = "request-errors";
  private final TechnicalFailure failure;

  public RouteErrorHandling(TechnicalFailure failure) {
    this.failure = failure;
  }

  @Override
  public void configuration() {
    routeConfiguration(ID)
        .onException(Exception.class)
        .handled(true)
        .bean(failure, "record")
        .id("technical-failure");
  }
}
