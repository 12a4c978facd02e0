package nl.jeugdpoort.gateway.route;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.flow.DecisionStep;
import nl.jeugdpoort.gateway.flow.FetchStep;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.flow.ReleaseStep;
import nl.jeugdpoort.gateway.flow.RequestPass;
import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import nl.jeugdpoort.gateway.flow.YouthLookupStep;
import nl.jeugdpoort.gateway.notice.DelayedNotices;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import nl.jeugdpoort.gateway.request.RequestQueue;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultFactoryFinder;
import org.apache.camel.spi.FactoryFinder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds, starts and stops the Camel context (Camel 4 has no CDI integration). The routes that
 * claim work ({@link DataRequestRoute#WORK_ROUTE_ID}, {@link DataRequestRoute#LEASE_ROUTE_ID})
 * start only on {@link #startWork()}.
 */
@ApplicationScoped
public class CamelRuntime implements RequestQueue {
  private static final Logger LOG = Logger.getLogger(CamelRuntime.class.getName());

  @Inject RequestPass pass;
  @Inject YouthLookupStep lookup;
  @Inject DecisionStep decision;
  @Inject NoticeStep notice;
  @Inject FetchStep fetch;
  @Inject ReleaseStep release;
  @Inject RequestWork work;
  @Inject TechnicalFailure failure;
  @Inject NoticeOutbox outbox;
  @Inject MailSettings mail;
  @Inject nl.jeugdpoort.gateway.alert.OfficerAlerts alerts;
  @Inject DelayedNotices delayedNotices;
  @Inject nl.jeugdpoort.gateway.erasure.ErasureDuties erasureDuties;
  @Inject nl.jeugdpoort.gateway.recording.RecordingRegistry recordings;
  @Inject nl.jeugdpoort.gateway.subscription.SubscriptionNotifications subscriptionNotifications;

  @Inject
  @ConfigProperty(name = "jeugdpoort.erasure.poll-interval", defaultValue = "PT10M")
  String erasurePoll;

  @Inject
  @ConfigProperty(name = "jeugdpoort.notice.poll-interval", defaultValue = "PT30S")
  String delayedNoticePoll;

  @Inject
  @ConfigProperty(name = "jeugdpoort.route.concurrent-requests", defaultValue = "4")
  int concurrency;

  @Inject
  @ConfigProperty(name = "jeugdpoort.work.poll-interval", defaultValue = "PT1S")
  String workPoll;

  private CamelContext context;
  private ProducerTemplate producer;
  private volatile boolean working;
  private volatile String queueUri;

  /** Starts the routes (not yet the claiming of work); called once at application start. */
  public synchronized void start() throws Exception {
    if (context != null) {
      return;
    }
    DefaultCamelContext camel = new DefaultCamelContext(false);
    WarClassResolver resolver = new WarClassResolver(camel, CamelRuntime.class.getClassLoader());
    camel.setClassResolver(resolver);
    camel
        .getCamelContextExtension()
        .setBootstrapFactoryFinder(new DefaultFactoryFinder(resolver, FactoryFinder.DEFAULT_PATH));
    camel
        .getCamelContextExtension()
        .setDefaultFactoryFinder(new DefaultFactoryFinder(resolver, FactoryFinder.DEFAULT_PATH));
    camel.build();
    camel.getCamelContextExtension().setName("jeugdpoort");
    camel.getShutdownStrategy().setTimeout(10);
    camel.addRoutesConfigurations(new RouteErrorHandling(failure));
    DataRequestRoute requests =
        new DataRequestRoute(
            pass,
            lookup,
            decision,
            notice,
            fetch,
            release,
            work,
            concurrency,
            work.capacity(),
            Duration.parse(workPoll),
            work.lease().dividedBy(3));
    camel.addRoutes(requests);
    this.queueUri = requests.queueUri();
    camel.addRoutes(new DelayedNoticeRoute(delayedNotices, Duration.parse(delayedNoticePoll)));
    camel.addRoutes(new ErasureRoute(erasureDuties, recordings, Duration.parse(erasurePoll)));
    camel.addRoutes(
        new SubscriptionRoute(
            subscriptionNotifications,
            nl.jeugdpoort.gateway.subscription.SubscriptionNotifications.WAKE));
    if (mail.enabled()) {
      OutboxMessages messages = new OutboxMessages(outbox, mail.from());
      camel.addRoutes(
          new NoticeOutboxRoute(outbox, messages, this, mail.smtpUri(), mail.pollMillis()));
      camel.addRoutes(new OfficerAlertRoute(alerts, messages, mail.smtpUri(), mail.pollMillis()));
    }
    camel.start();
    this.producer = camel.createProducerTemplate();
    this.context = camel;
  }

  /** Starts claiming due requests (and renewing leases): once the sources can be reached. */
  public synchronized void startWork() throws Exception {
    if (context == null || working) {
      return;
    }
    context.getRouteController().startRoute(DataRequestRoute.LEASE_ROUTE_ID);
    context.getRouteController().startRoute(DataRequestRoute.WORK_ROUTE_ID);
    working = true;
  }

  /**
   * The shortcut after intake or after the last e-mail notice was accepted: claims the request and
   * hands it to the route at once. Never throws: when it cannot (work not started yet, no room, the
   * database busy), the row stays due and the {@value DataRequestRoute#WORK_ROUTE_ID} route takes
   * it.
   */
  @Override
  public void submit(String requestId) {
    if (!working) {
      return;
    }
    try {
      if (work.claim(requestId)) {
        try {
          producer.sendBody(queueUri, requestId);
        } catch (RuntimeException full) {
          work.release(requestId);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "data request " + requestId + " left for the work route", e);
    }
  }

  public boolean isStarted() {
    return context != null && context.isStarted();
  }

  /** This member's worker name ({@code data_request.lease_owner}). */
  public String workerName() {
    return work.owner();
  }

  /** True once due requests are claimed. */
  public boolean isWorking() {
    return working;
  }

  @PreDestroy
  synchronized void stop() {
    if (context != null) {
      context.stop();
      context = null;
      working = false;
      try {
        work.releaseAll();
      } catch (RuntimeException e) {
        LOG.warning(
            "claims of this member not let go ("
                + e.getClass().getSimpleName()
                + "); their leases run out");
      }
    }
  }
}
