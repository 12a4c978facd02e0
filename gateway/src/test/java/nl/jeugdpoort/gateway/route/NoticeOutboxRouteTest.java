package nl.jeugdpoort.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The outbox route (#14.3): an e-mail the SMTP server does not accept is recorded as failed and
 * sent again in a later round; once accepted, it is recorded and the request goes on. The outbox's
 * table is kept in memory here; the SMTP endpoint is a mock that fails the first time.
 */
class NoticeOutboxRouteTest extends CamelTestSupport {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final List<String> continued = Collections.synchronizedList(new ArrayList<>());

  /** The outbox with one pending e-mail for request r1, in memory. */
  private final NoticeOutbox outbox =
      new NoticeOutbox() {
        private boolean sent;

        @Override
        public List<String> claimDue() {
          return sent ? List.of() : List.of("d1");
        }

        @Override
        public OutgoingMail mail(String deliveryId) {
          return new OutgoingMail(
              "ouder@example.org",
              "Gegevens over Sam",
              "Beste ouder",
              NoticeOutbox.messageId("n1"));
        }

        @Override
        public String accepted(String deliveryId) {
          sent = true;
          events.add("accepted:" + deliveryId);
          return "r1";
        }

        @Override
        public void failed(String deliveryId, String error) {
          events.add("failed:" + deliveryId + ":" + error);
        }
      };

  @Override
  public void configureTest(TestExecutionConfiguration configuration) {
    super.configureTest(configuration);
    configuration.withUseAdviceWith(true);
  }

  @Override
  protected RoutesBuilder[] createRouteBuilders() {
    return new RoutesBuilder[] {
      new RouteErrorHandling(null),
      new NoticeOutboxRoute(
          outbox,
          new OutboxMessages(outbox, "jeugdpoort@example.org"),
          continued::add,
          "smtp://localhost:1?connectionTimeout=100",
          3_600_000)
    };
  }

  @Test
  void a_refused_email_is_recorded_and_sent_again_in_the_next_round_then_the_request_goes_on()
      throws Exception {
    AdviceWith.adviceWith(
        context,
        NoticeOutboxRoute.ROUTE_ID,
        a -> {
          a.replaceFromWith("direct:round");
          a.weaveById("smtp").replace().to("mock:smtp");
        });
    context.start();
    MockEndpoint smtp = getMockEndpoint("mock:smtp");
    smtp.whenExchangeReceived(
        1,
        e -> {
          throw new IllegalStateException("SMTP server down");
        });
    smtp.expectedMessageCount(2);

    NotifyBuilder first =
        new NotifyBuilder(context).fromRoute(NoticeOutboxRoute.ROUTE_ID).whenDone(1).create();
    template.sendBody("direct:round", null);
    assertThat(first.matches(10, TimeUnit.SECONDS)).isTrue();
    assertThat(events).containsExactly("failed:d1:SMTP server down");
    assertThat(continued).as("nothing goes on before the e-mail is accepted (N1)").isEmpty();

    template.sendBody("direct:round", null);
    smtp.assertIsSatisfied();
    assertThat(events).containsExactly("failed:d1:SMTP server down", "accepted:d1");
    assertThat(continued).containsExactly("r1");
    var accepted = smtp.getReceivedExchanges().get(1).getIn();
    assertThat(accepted.getHeader("Message-ID")).isEqualTo("<notice-n1@jeugdpoort>");
    assertThat(accepted.getHeader("To")).isEqualTo("ouder@example.org");
    assertThat(accepted.getHeader("From")).isEqualTo("jeugdpoort@example.org");
    assertThat(accepted.getHeader("Subject")).isEqualTo("Gegevens over Sam");
    assertThat(accepted.getBody(String.class)).isEqualTo("Beste ouder");

    template.sendBody("direct:round", null);
    assertThat(smtp.getReceivedCounter()).as("sent is sent: no third e-mail").isEqualTo(2);
  }
}
