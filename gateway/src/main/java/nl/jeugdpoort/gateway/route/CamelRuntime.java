package nl.jeugdpoort.gateway.route;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.flow.DecisionStep;
import nl.jeugdpoort.gateway.notice.DelayedNotices;
import nl.jeugdpoort.gateway.flow.FetchStep;
import nl.jeugdpoort.gateway.request.HeldRequests;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.flow.ReleaseStep;
import nl.jeugdpoort.gateway.request.RequestQueue;
import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import nl.jeugdpoort.gateway.flow.YouthLookupStep;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds, starts and stops the Camel context (Camel 4 has no CDI integration). */
@ApplicationScoped
public class CamelRuntime implements RequestQueue {
  @Inject YouthLookupStep lookup;
  @Inject DecisionStep decision;
  @Inject NoticeStep notice;
  @Inject FetchStep fetch;
  @Inject ReleaseStep release;
  @Inject HeldRequests held;
  @Inject TechnicalFailure failure;
  @Inject NoticeOutbox outbox;
  @Inject MailSettings mail;
  @Inject DelayedNotices delayedNotices;
  @Inject nl.jeugdpoort.gateway.erasure.ErasureDuties erasureDuties;

  @Inject
  @ConfigProperty(name = "jeugdpoort.erasure.poll-interval", defaultValue = "PT10M")
  String erasurePoll;

  @Inject
  @ConfigProperty(name = "jeugdpoort.notice.poll-interval", defaultValue = "PT30S")
  String delayedNoticePoll;

  @Inject
  @ConfigProperty(name = "jeugdpoort.route.concurrent-requests", defaultValue = "4")
  int concurrency;

  private CamelContext context;
  private ProducerTemplate producer;

  /** Starts the routes; called once at application start. */
  public synchronized void start() throws Exception {
    if (context != null) {
      return;
    }
    CamelContext camel = new DefaultCamelContext();
    camel.getCamelContextExtension().setName("jeugdpoort");
    camel.addRoutesConfigurations(new RouteErrorHandling(failure));
    camel.addRoutes(new DataRequestRoute(lookup, decision, notice, fetch, release, held, concurrency));
    camel.addRoutes(new DelayedNoticeRoute(delayedNotices, java.time.Duration.parse(delayedNoticePoll)));
    camel.addRoutes(new ErasureRoute(erasureDuties, java.time.Duration.parse(erasurePoll)));
    if (mail.enabled()) {
      camel.addRoutes(new NoticeOutboxRoute(outbox, mail));
    }
    camel.start();
    this.producer = camel.createProducerTemplate();
    this.context = camel;
  }

  /** Hands a stored request to the route. */
  @Override
  public void submit(String requestId) {
    producer.sendBody(DataRequestRoute.QUEUE, requestId);
  }

  public boolean isStarted() {
    return context != null && context.isStarted();
  }

  @PreDestroy
  synchronized void stop() {
    if (context != null) {
      context.stop();
      context = null;
    }
  }
}
