package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import nl.jeugdpoort.gateway.request.RequestQueue;
import org.apache.camel.builder.RouteBuilder;

/**
 * E-mail notices (N1): every {@code jeugdpoort.mail.poll-interval}, the outbox's due rows are
 * claimed (a lease per row, once across the cluster) and go to the SMTP server (camel-mail). An
 * accepted e-mail is recorded; when all notices of a request are accepted, the request is due again
 * (and handed to the data-request route at once). A failed attempt is recorded and retried with
 * back-off. The Message-ID is stable per notice.
 */
public class NoticeOutboxRoute extends RouteBuilder {
  public static final String ROUTE_ID = "notice-outbox";

  private final NoticeOutbox outbox;
  private final OutboxMessages messages;
  private final RequestQueue requests;
  private final String smtpUri;
  private final long pollMillis;

  /**
   * @param smtpUri the camel-mail endpoint ({@link MailSettings#smtpUri()})
   * @param pollMillis the period of the outbox ({@code jeugdpoort.mail.poll-interval})
   */
  public NoticeOutboxRoute(
      NoticeOutbox outbox,
      OutboxMessages messages,
      RequestQueue requests,
      String smtpUri,
      long pollMillis) {
    this.outbox = outbox;
    this.messages = messages;
    this.requests = requests;
    this.smtpUri = smtpUri;
    this.pollMillis = pollMillis;
  }

  @Override
  public void configure() {
    from("timer:notice-outbox?delay=" + pollMillis + "&period=" + pollMillis)
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .bean(outbox, "claimDue")
        .id("claim-due-notices")
        .split(body())
        .setProperty(OutboxMessages.DELIVERY, body())
        .doTry()
        .bean(outbox, "mail")
        .id("compose-email")
        .bean(messages, "toSmtp")
        .id("email-headers")
        .to(smtpUri)
        .id("smtp")
        .setBody(exchangeProperty(OutboxMessages.DELIVERY))
        .bean(outbox, "accepted")
        .id("record-accepted")
        .doCatch(Exception.class)
        .bean(messages, "failed")
        .id("record-failed")
        .end()
        // The body is the request id once all its e-mail notices are accepted.
        .filter(body().isNotNull())
        .bean(requests, "submit")
        .id("continue-request")
        .end()
        .end();
  }
}
