package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.alert.OfficerAlerts;
import org.apache.camel.builder.RouteBuilder;

/**
 * E-mail alerts to privacy officers (E2 overdue, B1, password spraying): every {@code
 * jeugdpoort.mail.poll-interval}, the alerts due are claimed (a lease per row, once across the
 * cluster) and go to the SMTP server; an accepted e-mail is recorded, a failed attempt is retried
 * with back-off. The Message-ID is stable per alert.
 */
public class OfficerAlertRoute extends RouteBuilder {
  public static final String ROUTE_ID = "officer-alerts";

  /** The exchange property holding the alert id while its e-mail is composed and sent. */
  static final String ALERT = "alert";

  private final OfficerAlerts alerts;
  private final OutboxMessages messages;
  private final String smtpUri;
  private final long pollMillis;

  public OfficerAlertRoute(
      OfficerAlerts alerts, OutboxMessages messages, String smtpUri, long pollMillis) {
    this.alerts = alerts;
    this.messages = messages;
    this.smtpUri = smtpUri;
    this.pollMillis = pollMillis;
  }

  @Override
  public void configure() {
    from("timer:" + ROUTE_ID + "?delay=" + pollMillis + "&period=" + pollMillis)
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .bean(alerts, "claimDue")
        .id("claim-due-alerts")
        .split(body())
        .setProperty(ALERT, body())
        .doTry()
        .bean(alerts, "mail")
        .id("compose-alert")
        .bean(messages, "toSmtp")
        .id("alert-headers")
        .to(smtpUri)
        .id("alert-smtp")
        .bean(alerts, "accepted(${exchangeProperty." + ALERT + "})")
        .id("record-alert-accepted")
        .doCatch(Exception.class)
        .bean(alerts, "failed(${exchangeProperty." + ALERT + "}, ${exception.message})")
        .id("record-alert-failed")
        .end()
        .end();
  }
}
