package nl.jeugdpoort.gateway.route;

import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The outbox route's two message steps, as a named bean: an outgoing e-mail for camel-mail, and a
 * failed attempt.
 */
public class OutboxMessages {
  /** The exchange property holding the delivery id while the e-mail is composed and sent. */
  public static final String DELIVERY = "delivery";

  private final NoticeOutbox outbox;
  private final String from;

  /**
   * @param from the sender address ({@link MailSettings#from()})
   */
  public OutboxMessages(NoticeOutbox outbox, String from) {
    this.outbox = outbox;
    this.from = from;
  }

  /**
   * Turns the body ({@link NoticeOutbox.OutgoingMail}) into camel-mail headers and a plain-text
   * body.
   */
  public void toSmtp(Exchange e) {
    Message in = e.getIn();
    NoticeOutbox.OutgoingMail m = in.getBody(NoticeOutbox.OutgoingMail.class);
    in.removeHeaders("*");
    in.setHeader("To", m.to());
    in.setHeader("From", from);
    in.setHeader("Subject", m.subject());
    // Stable per notice: a resend after a crash is recognisable as the same message.
    in.setHeader("Message-ID", m.messageId());
    in.setHeader("Content-Type", "text/plain; charset=UTF-8");
    in.setBody(m.text());
  }

  /**
   * Records the failed attempt (retried after a back-off); the body becomes null: the request goes
   * nowhere.
   */
  public void failed(Exchange e) {
    Exception error = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    outbox.failed(
        e.getProperty(DELIVERY, String.class), error == null ? "unknown" : error.getMessage());
    e.getIn().setBody(null);
  }
}
