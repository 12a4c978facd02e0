package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * E-mail notices (N1): every few seconds, the due rows of the outbox go to the SMTP server (camel-mail).
 * An accepted e-mail is recorded; when all notices of a request are accepted, the request goes back on
 * the data-request route, which then fetches. A failed attempt is recorded and retried with back-off.
 */
public class NoticeOutboxRoute extends RouteBuilder {
  public static final String ROUTE_ID = "notice-outbox";

  private final NoticeOutbox outbox;
  private final MailSettings mail;

  public NoticeOutboxRoute(NoticeOutbox outbox, MailSettings mail) {
    this.outbox = outbox;
    this.mail = mail;
  }

  @Override
  public void configure() {
    from("timer:notice-outbox?delay=1000&period=" + mail.pollMillis())
        .routeId(ROUTE_ID)
        .bean(outbox, "due").id("find-due-notices")
        .split(body())
          .setProperty("delivery", body())
          .doTry()
            .bean(outbox, "mail").id("compose-email")
            .process(e -> {
              NoticeOutbox.OutgoingMail m = e.getIn().getBody(NoticeOutbox.OutgoingMail.class);
              e.getIn().removeHeaders("*");
              e.getIn().setHeader("To", m.to());
              e.getIn().setHeader("From", mail.from());
              e.getIn().setHeader("Subject", m.subject());
              // Stable per notice: a resend after a crash is recognisable as the same message.
              e.getIn().setHeader("Message-ID", m.messageId());
              e.getIn().setHeader("Content-Type", "text/plain; charset=UTF-8");
              e.getIn().setBody(m.text());
            })
            .to(mail.smtpUri()).id("smtp")
            .setBody(exchangeProperty("delivery"))
            .bean(outbox, "accepted").id("record-accepted")
          .doCatch(Exception.class)
            .process(e -> {
              outbox.failed(e.getProperty("delivery", String.class), e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
              e.getIn().setBody(null);
            }).id("record-failed")
          .end()
          // The body is the request id once all its e-mail notices are accepted.
          .filter(body().isNotNull())
            .to(DataRequestRoute.QUEUE).id("continue-request")
          .end()
        .end();
  }
}
