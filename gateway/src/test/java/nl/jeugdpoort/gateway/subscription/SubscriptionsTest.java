package nl.jeugdpoort.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.config.AdjustableClock;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.OutboxRow;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import nl.jeugdpoort.gateway.persistence.SubscriptionNotificationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.PublicUrl;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions (issue #16, item 3) on a real (H2) database with a real HTTP endpoint (the JDK's
 * server on loopback): what a client may ask for, one notification per finished request of the
 * subscribing organisation only, the handshake before any event, the bundle the endpoint receives
 * (the backport's form, the Task by id only), retries with the same event number, giving up, and
 * deletion. The whole flow through the running gateway is DataRequestFlowIT's.
 */
class SubscriptionsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private Database db;
  private AdjustableClock clock;
  private Subscriptions subscriptions;
  private SubscriptionNotifications notifications;
  private HttpServer endpoint;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(200);

  private final AuthenticatedUser dirk =
      new AuthenticatedUser(
          "dirk", "Dirk", "child-protection-investigator", "raad", null, null, true, Set.of());
  private final AuthenticatedUser femke =
      new AuthenticatedUser("femke", "Femke", "neighbourhood-team-worker", "wijkteam", null, null);

  @BeforeEach
  void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:subscriptions" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                2));
    clock = new AdjustableClock(Clock.fixed(NOW, ZoneOffset.UTC));
    AuditLog audit = new AuditLog(clock);
    subscriptions = new Subscriptions(db, audit, clock, true, 3);
    notifications = new SubscriptionNotifications();
    notifications.database = db;
    notifications.audit = audit;
    notifications.clock = clock;
    notifications.fhir = FHIR;
    notifications.subscriptions = subscriptions;
    notifications.timeoutText = "PT5S";
    notifications.maxAttempts = 3;
    notifications.leaseText = "PT1M";
    notifications.pollText = "PT0S"; // every call looks (the tests move the clock, not time)
    PublicUrl publicUrl = new PublicUrl();
    set(publicUrl, "configured", Optional.of("https://jeugdpoort.example"));
    notifications.publicUrl = publicUrl;
    db.write(
        em -> {
          em.persist(new OrganisationEntity("raad", "Raad", "board", null));
          em.persist(new OrganisationEntity("wijkteam", "Wijkteam", "team", "/demo/w"));
          return null;
        });
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext(
        "/hook",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(answer.get(), -1);
          exchange.close();
        });
    endpoint.start();
  }

  @AfterEach
  void stop() {
    endpoint.stop(0);
    db.close();
  }

  private String hook() {
    return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
  }

  private static Subscription asked(String endpoint) {
    Subscription s = new Subscription();
    s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
    s.setReason("Ons systeem hoort wanneer een vraag klaar is");
    s.setCriteria(Subscriptions.TOPIC);
    s.getChannel()
        .setType(Subscription.SubscriptionChannelType.RESTHOOK)
        .setEndpoint(endpoint)
        .setPayload("application/fhir+json")
        .addHeader("Authorization: Bearer geheim-123");
    s.getChannel()
        .getPayloadElement()
        .addExtension(SubscriptionResources.PAYLOAD_CONTENT, new CodeType("id-only"));
    return s;
  }

  private SubscriptionEntity subscribe(AuthenticatedUser user) throws Exception {
    return subscriptions.create(user, SubscriptionResources.input(asked(hook()), NOW));
  }

  private DataRequestEntity request(String requesterOrg) {
    DataRequestEntity r =
        new DataRequestEntity(
            UUID.randomUUID().toString(),
            NOW,
            "dirk",
            "Dirk",
            "child-protection-investigator",
            requesterOrg,
            "999990019",
            "wijkteam",
            "child-protection-investigation",
            "Raadsonderzoek",
            Set.of("identification"),
            "legal-duty",
            null,
            null);
    db.write(
        em -> {
          em.persist(r);
          return null;
        });
    return r;
  }

  /** Finishes the request as the request store does: the final move and the notifications. */
  private void finish(DataRequestEntity r) {
    db.write(
        em -> {
          DataRequestEntity stored = em.find(DataRequestEntity.class, r.id());
          stored.moveTo(RequestStatus.REFUSED, "Geweigerd", clock.instant());
          subscriptions.requestFinished(em, stored, clock.instant());
          return null;
        });
  }

  private void deliverDue() {
    notifications.claimDue().forEach(notifications::send);
  }

  private List<SubscriptionNotificationEntity> rows() {
    return db.read(
        em ->
            em.createQuery(
                    "select n from SubscriptionNotificationEntity n order by n.createdAt, n.kind desc",
                    SubscriptionNotificationEntity.class)
                .getResultList());
  }

  private SubscriptionEntity reload(String id) {
    return db.read(em -> em.find(SubscriptionEntity.class, id));
  }

  private static Parameters status(String body) {
    Bundle b = FHIR.newJsonParser().parseResource(Bundle.class, body);
    assertThat(b.getType()).isEqualTo(Bundle.BundleType.HISTORY);
    assertThat(b.getMeta().hasProfile(SubscriptionResources.NOTIFICATION_PROFILE)).isTrue();
    return (Parameters) b.getEntryFirstRep().getResource();
  }

  private static String value(Parameters p, String name) {
    return p.getParameter().stream()
        .filter(x -> x.getName().equals(name))
        .findFirst()
        .map(x -> x.getValue().primitiveValue())
        .orElse(null);
  }

  private static Parameters.ParametersParameterComponent event(Parameters p) {
    return p.getParameter().stream()
        .filter(x -> x.getName().equals("notification-event"))
        .findFirst()
        .orElseThrow();
  }

  private static String part(Parameters.ParametersParameterComponent event, String name) {
    return event.getPart().stream()
        .filter(x -> x.getName().equals(name))
        .findFirst()
        .map(
            x ->
                x.getValue() instanceof Reference ref
                    ? ref.getReference()
                    : x.getValue().primitiveValue())
        .orElse(null);
  }

  @Test
  void a_client_asks_for_the_one_topic_rest_hook_and_at_most_the_task_id() {
    assertThat(problem(s -> s.setCriteria("Task?status=completed"))).startsWith("criteria:");
    assertThat(
            problem(
                s ->
                    s.getCriteriaElement()
                        .addExtension(
                            SubscriptionResources.FILTER_CRITERIA,
                            new StringType("Task?status=completed"))))
        .contains("filters");
    assertThat(problem(s -> s.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET)))
        .startsWith("channel.type:");
    assertThat(problem(s -> s.getChannel().setEndpoint(null))).startsWith("channel.endpoint:");
    assertThat(problem(s -> s.getChannel().setPayload("application/xml")))
        .startsWith("channel.payload:");
    assertThat(
            problem(
                s ->
                    s.getChannel()
                        .getPayloadElement()
                        .getExtensionByUrl(SubscriptionResources.PAYLOAD_CONTENT)
                        .setValue(new CodeType("full-resource"))))
        .contains("never carries the Task");
    assertThat(problem(s -> s.getChannel().addHeader("Host: elders.example")))
        .contains("set by Jeugdpoort");
    assertThat(problem(s -> s.getChannel().addHeader("geen header"))).startsWith("channel.header:");
    assertThat(problem(s -> s.getChannel().addHeader("X-Een: a\r\nX-Twee: b")))
        .startsWith("channel.header:");
    assertThat(problem(s -> s.setEnd(Date.from(NOW.minusSeconds(1))))).startsWith("end:");
    // Only what the HTTP client can send: visible ASCII (a value it refuses would never go out).
    assertThat(problem(s -> s.getChannel().addHeader("X-Sleutel: ключ")))
        .startsWith("channel.header:");
    assertThat(problem(s -> s.getChannel().addHeader("X-Bel: a\u0007b")))
        .startsWith("channel.header:");
    assertThat(
            problem(
                s -> {
                  for (int i = 0; i < 9; i++) {
                    s.getChannel().addHeader("X-Lang-" + i + ": " + "a".repeat(900));
                  }
                }))
        .contains("characters together");
    assertThat(
            problem(
                s ->
                    s.getChannel()
                        .getPayloadElement()
                        .addExtension(
                            SubscriptionResources.PAYLOAD_CONTENT, new CodeType("empty"))))
        .contains("once");
    assertThat(problem(s -> {})).isEqualTo("accepted");
  }

  private String problem(java.util.function.Consumer<Subscription> change) {
    Subscription s = asked("https://systeem.example.nl/hook");
    change.accept(s);
    try {
      SubscriptionResources.input(s, NOW);
      return "accepted";
    } catch (SubscriptionResources.Invalid e) {
      return e.getMessage();
    }
  }

  @Test
  void the_gateway_never_posts_to_an_internal_address() throws Exception {
    for (String url :
        List.of(
            "http://93.184.216.34/hook",
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.1/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hook",
            "https://0.0.0.0/hook",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[fe80::1]/hook",
            "https://[::ffff:10.0.0.1]/hook",
            "https://[2002:a00:1::1]/hook",
            "https://[2001:0:4136:e378::1]/hook",
            "https://[64:ff9b::a00:1]/hook",
            "https://[::a00:1]/hook",
            "https://[2001:db8::1]/hook",
            "https://user:pw@93.184.216.34/hook",
            "https://93.184.216.34/hook#x",
            "ftp://93.184.216.34/hook",
            "/hook")) {
      assertThat(Endpoints.problem(url, false)).as(url).isPresent();
    }
    assertThat(Endpoints.problem("https://93.184.216.34/hook", false)).isEmpty();
    assertThat(Endpoints.problem("https://[2606:2800:220:1::1]/hook", false)).isEmpty();
    // Only a closed test network allows plain http and loopback.
    assertThat(Endpoints.problem(hook(), true)).isEmpty();
    Subscriptions strict = new Subscriptions(db, new AuditLog(clock), clock, false, 3);
    assertThatThrownBy(() -> strict.create(dirk, SubscriptionResources.input(asked(hook()), NOW)))
        .isInstanceOf(Subscriptions.Refused.class)
        .hasMessageStartingWith("channel.endpoint:");
    Long stored =
        db.read(
            em ->
                em.createQuery("select count(s) from SubscriptionEntity s", Long.class)
                    .getSingleResult());
    assertThat(stored).isZero();
  }

  @Test
  void the_handshake_comes_first_then_one_event_per_finished_request_of_the_own_organisation()
      throws Exception {
    SubscriptionEntity s = subscribe(dirk);
    assertThat(s.status()).isEqualTo(SubscriptionEntity.REQUESTED);
    DataRequestEntity own = request("raad");
    DataRequestEntity other = request("wijkteam");
    answer.set(500); // the handshake fails: no event goes before it
    deliverDue();
    finish(own);
    finish(other);
    assertThat(rows())
        .extracting(SubscriptionNotificationEntity::kind)
        .containsExactly(
            SubscriptionNotificationEntity.HANDSHAKE, SubscriptionNotificationEntity.EVENT);
    assertThat(rows().get(1).requestId()).isEqualTo(own.id());
    deliverDue(); // the handshake is not due yet (back-off), the event waits for it
    assertThat(received).hasSize(1);
    assertThat(reload(s.id()).status()).isEqualTo(SubscriptionEntity.ERROR);
    assertThat(reload(s.id()).error()).contains("HTTP 500");

    answer.set(200);
    clock.advance(Duration.ofSeconds(6));
    deliverDue(); // the handshake
    deliverDue(); // now the event
    assertThat(received).hasSize(3);
    Parameters handshake = status(received.get(1));
    assertThat(value(handshake, "type")).isEqualTo("handshake");
    // The status when it was sent: after the failed first attempt, error.
    assertThat(value(handshake, "status")).isEqualTo("error");
    assertThat(value(handshake, "events-since-subscription-start")).isEqualTo("0");
    Parameters event = status(received.get(2));
    assertThat(value(event, "type")).isEqualTo("event-notification");
    assertThat(value(event, "status")).isEqualTo("active");
    assertThat(value(event, "topic")).isEqualTo(Subscriptions.TOPIC);
    assertThat(part(event(event), "event-number")).isEqualTo("1");
    assertThat(part(event(event), "focus"))
        .isEqualTo("https://jeugdpoort.example/fhir/Task/" + own.id());
    assertThat(received.get(2)).doesNotContain("999990019").doesNotContain(other.id());
    assertThat(authorizations).containsOnly("Bearer geheim-123");
    assertThat(reload(s.id()).status()).isEqualTo(SubscriptionEntity.ACTIVE);
    assertThat(rows()).extracting(OutboxRow::status).containsOnly(OutboxRow.SENT);
    // A1: every attempt is audited for the subscribing organisation, without the secret header.
    List<AuditEntryEntity> audited =
        db.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.eventType = :t order by a.entryNo",
                        AuditEntryEntity.class)
                    .setParameter("t", SubscriptionNotifications.AUDIT_TYPE)
                    .getResultList());
    assertThat(audited)
        .as("A1: each post recorded, failed or accepted")
        .extracting(AuditEntryEntity::outcome)
        .containsExactly("failure", "success", "success");
    assertThat(audited).allSatisfy(a -> assertThat(a.actorOrg()).isEqualTo("raad"));
    assertThat(audited).allSatisfy(a -> assertThat(a.detail()).doesNotContain("geheim"));
    // Nothing more to send: each request is told once.
    deliverDue();
    assertThat(received).hasSize(3);
  }

  @Test
  void a_committed_notification_wakes_this_members_outbox_at_once_and_a_rolled_back_one_does_not()
      throws Exception {
    subscriptions.takeHint(); // whatever the set-up left
    DataRequestEntity unsubscribed = request("raad");
    finish(unsubscribed); // no subscription yet: nothing written, no cue
    assertThat(subscriptions.takeHint()).isFalse();
    subscribe(dirk);
    assertThat(subscriptions.takeHint()).as("the handshake").isTrue();
    assertThat(subscriptions.takeHint()).as("once").isFalse();
    deliverDue(); // the handshake accepted: events may follow
    finish(request("raad"));
    assertThat(subscriptions.takeHint()).as("the event, after its commit").isTrue();
    DataRequestEntity rolledBack = request("raad");
    try {
      db.write(
          em -> {
            DataRequestEntity stored = em.find(DataRequestEntity.class, rolledBack.id());
            stored.moveTo(RequestStatus.REFUSED, "Geweigerd", clock.instant());
            subscriptions.requestFinished(em, stored, clock.instant());
            throw new IllegalStateException("rolled back");
          });
    } catch (IllegalStateException expected) {
      // the notification was not committed
    }
    assertThat(subscriptions.takeHint()).as("nothing committed, no cue").isFalse();
    // With a poll interval, an outbox without a cue does not look before the interval is over.
    notifications.pollText = "PT1H";
    notifications.claimDue(); // the first look (takes the event still waiting)
    finish(request("raad"));
    assertThat(notifications.claimDue()).as("cued: looks at once").isNotEmpty();
    assertThat(notifications.claimDue()).as("no cue, interval not over").isEmpty();
  }

  @Test
  void a_failed_event_keeps_its_number_and_after_the_last_attempt_the_subscription_is_off()
      throws Exception {
    SubscriptionEntity s = subscribe(dirk);
    deliverDue(); // handshake accepted at once
    assertThat(value(status(received.get(0)), "status")).isEqualTo("requested");
    assertThat(value(status(received.get(0)), "type")).isEqualTo("handshake");
    answer.set(503);
    finish(request("raad"));
    deliverDue();
    clock.advance(Duration.ofSeconds(6));
    deliverDue();
    assertThat(received).hasSize(3);
    assertThat(part(event(status(received.get(1))), "event-number")).isEqualTo("1");
    assertThat(part(event(status(received.get(2))), "event-number")).isEqualTo("1");
    assertThat(status(received.get(1)).getIdElement().getIdPart())
        .isEqualTo(status(received.get(2)).getIdElement().getIdPart());
    finish(request("raad")); // waits behind in the outbox
    clock.advance(Duration.ofSeconds(11));
    deliverDue(); // the third failed attempt of the first event: given up
    SubscriptionEntity off = reload(s.id());
    assertThat(off.status()).isEqualTo(SubscriptionEntity.OFF);
    assertThat(off.error()).startsWith("gave up after 3 attempts").contains("HTTP 503");
    assertThat(rows())
        .extracting(OutboxRow::status)
        .containsExactly(OutboxRow.SENT, OutboxRow.GIVEN_UP, OutboxRow.GIVEN_UP);
    // Off: no later finished request is queued, nothing more is posted.
    int before = received.size();
    finish(request("raad"));
    answer.set(200);
    clock.advance(Duration.ofHours(1));
    deliverDue();
    assertThat(received).hasSize(before);
    assertThat(rows()).hasSize(3);
  }

  @Test
  void each_organisation_sees_and_deletes_only_its_own_and_has_at_most_the_limit()
      throws Exception {
    SubscriptionEntity s = subscribe(dirk);
    assertThat(subscriptions.ofOrganisation(femke)).isEmpty();
    assertThatThrownBy(() -> subscriptions.own(femke, s.id()))
        .isInstanceOf(Subscriptions.Refused.class);
    assertThatThrownBy(() -> subscriptions.delete(femke, s.id()))
        .isInstanceOf(Subscriptions.Refused.class);
    assertThat(reload(s.id()).status()).isEqualTo(SubscriptionEntity.REQUESTED);
    subscribe(dirk);
    subscribe(dirk);
    assertThatThrownBy(() -> subscribe(dirk))
        .isInstanceOf(Subscriptions.Refused.class)
        .hasMessageContaining("delete one first");
    subscriptions.delete(dirk, s.id());
    assertThat(reload(s.id()).status()).isEqualTo(SubscriptionEntity.OFF);
    // One whose end has passed is off, also before anything is sent, and no longer counts.
    SubscriptionEntity ending =
        subscriptions.create(
            dirk,
            new SubscriptionResources.Input(
                hook(), List.of(), SubscriptionResources.ID_ONLY, null, NOW.plusSeconds(60)));
    assertThatThrownBy(() -> subscribe(dirk)).hasMessageContaining("delete one first");
    clock.advance(Duration.ofSeconds(61));
    assertThat(SubscriptionResources.toFhir(reload(ending.id()), clock.instant()).getStatus())
        .isEqualTo(Subscription.SubscriptionStatus.OFF);
    subscribe(dirk); // room again: the deleted and the ended one do not count
    // The header's value is never shown again.
    Subscription read = SubscriptionResources.toFhir(reload(s.id()), NOW);
    assertThat(read.getChannel().getHeader())
        .extracting(StringType::getValue)
        .containsExactly("Authorization: ***");
    // Neither the deleted nor the ended subscription's handshake is sent.
    deliverDue();
    assertThat(received).hasSize(3);
    assertThat(reload(ending.id()).status()).isEqualTo(SubscriptionEntity.OFF);
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }
}
