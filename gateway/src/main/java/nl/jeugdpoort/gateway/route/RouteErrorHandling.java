package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What happens when a step fails unexpectedly ({@value #ID}): {@link TechnicalFailure} decides —
 * another worker holds the request (the pass stops), a passing fault (the request is due again
 * later), or a bug (the request ends as a technical failure with an audit entry; never
 * half-released: each step writes in one transaction). The periodic routes ({@value #SCHEDULE_ID})
 * log the exception's class and try again at their next period: their work stays in the database.
 */
public class RouteErrorHandling extends RouteConfigurationBuilder {
  public static final String ID = "request-errors";
  public static final String SCHEDULE_ID = "schedule-errors";
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

    routeConfiguration(SCHEDULE_ID)
        .onException(Exception.class)
        .handled(true)
        .log(
            LoggingLevel.WARN,
            "nl.jeugdpoort.gateway.route",
            "${routeId}: ${exception.class.simpleName}; tried again next period")
        .id("schedule-failure");
  }
}
