package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import nl.jeugdpoort.gateway.request.RequestQueue;
import org.apache.camel.builder.RouteBuilder;

/**
 * E-mail notices (N1): every {@code jeugdpoort.mail.poll-interval}, the outbox's due rows are claimed (a lease per
 * row, once across the cluster) and go to the SMTP server (camel-mail). An accepted e-mail is recorded; when all
 * notices of a request are accepted, the request is due again (and handed to the data-request route at once). A
 * failed attempt is recorded and retried with back-off. The Message-ID is stable per notice.
 */
public class NoticeOutboxRoute extends RouteBuilder {
  public static final String ROUTE_ID = "notice-outbox";

  private final NoticeOutbox outbox;
  private final MailSettings mail;
  private final OutboxMessages messages;
  private final RequestQueue requests;

  public NoticeOutboxRoute(NoticeOutbox outbox, MailSettings mail, RequestQueue requests) {
    this.outbox = outbox;
    this.mail = mail;
    this.messages = new OutboxMessages(outbox, mail);
    this.requests = requests;
  }

  @Override
  public void configure() {
    from("timer:notice-outbox?delay=" + mail.pollMillis() + "&period=" + mail.pollMillis())
        .routeId(ROUTE_ID)
        .routeConfigurationId(RouteErrorHandling.SCHEDULE_ID)
        .bean(outbox, "claimDue").id("claim-due-notices")
        .split(body())
          .setProperty(OutboxMessages.DELIVERY, body())
          .doTry()
            .bean(outbox, "mail").id("compose-email")
            .bean(messages, "toSmtp").id("email-headers")
            .to(mail.smtpUri()).id("smtp")
            .setBody(exchangeProperty(OutboxMessages.DELIVERY))
            .bean(outbox, "accepted").id("record-accepted")
          .doCatch(Exception.class)
            .bean(messages, "failed").id("record-failed")
          .end()
          // The body is the request id once all its e-mail notices are accepted.
          .filter(body().isNotNull())
            .bean(requests, "submit").id("continue-request")
          .end()
        .end();
  }
}
