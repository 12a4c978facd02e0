package nl.jeugdpoort.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.PersistenceException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.PostgresTestServer;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestLifecycle;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import nl.jeugdpoort.gateway.persistence.SubscriptionNotificationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.GatewayKeys;
import nl.jeugdpoort.gateway.subscription.SubscriptionNotifications;
import nl.jeugdpoort.gateway.subscription.SubscriptionResources;
import nl.jeugdpoort.gateway.subscription.Subscriptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #15 against both databases (H2, a real PostgreSQL): claims with a lease (two claimers, one
 * wins), a dead worker's lease runs out and another continues, a worker that lost its claim writes
 * nothing, the state machine refuses moves out of its table, a request is released once, each
 * outbox row goes to one member, and the replay cache and signing key are shared through the
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableWorkTest {
  private PostgresTestServer postgres;
  private Database h2;
  private Database pg;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

  @BeforeAll
  void start() throws Exception {
    h2 =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:durablework;DB_CLOSE_DELAY=-1", "sa", "", 8));
    postgres = PostgresTestServer.start(Path.of("target", "postgres-work"));
    pg =
        new Database(
            new DatabaseSettings(
                postgres.settings().url(),
                postgres.settings().user(),
                postgres.settings().password(),
                8));
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {h2, pg, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  Stream<Database> databases() {
    return Stream.of(h2, pg);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void of_two_workers_claiming_one_request_at_once_exactly_one_wins(Database db) throws Exception {
    for (int round = 0; round < 10; round++) {
      String id = newRequest(db);
      RequestWork a = worker(db);
      RequestWork b = worker(db);
      List<Boolean> won = together(() -> a.claim(id), () -> b.claim(id));
      assertThat(won).containsExactlyInAnyOrder(true, false);
      DataRequestEntity r = load(db, id);
      assertThat(r.leaseOwner()).isIn(a.owner(), b.owner());
      assertThat(r.attempts()).isEqualTo(1);
      a.release(id);
      b.release(id);
      finish(db, id);
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void workers_claiming_due_requests_at_once_never_share_one(Database db) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(newRequest(db));
    }
    RequestWork a = worker(db);
    RequestWork b = worker(db);
    RequestWork c = worker(db);
    List<List<String>> claimed = together(a::claimDue, b::claimDue, c::claimDue);
    List<String> all = new ArrayList<>();
    claimed.forEach(all::addAll);
    assertThat(all).doesNotHaveDuplicates();
    // H2 applies the limit before it skips locked rows, so a worker may get fewer in a round; the
    // next round
    // (here a fourth worker with room for all) takes what is left — and none of what the others
    // hold.
    RequestWork d = worker(db);
    d.concurrency = 10;
    List<String> rest = d.claimDue();
    assertThat(rest).doesNotContainAnyElementsOf(all);
    all.addAll(rest);
    assertThat(all).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).containsAll(ids);
    for (List<String> mine : claimed) {
      mine.forEach(id -> assertThat(load(db, id).attempts()).isEqualTo(1));
    }
    ids.forEach(id -> finish(db, id));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void a_dead_workers_lease_runs_out_and_another_goes_on_while_the_dead_one_can_write_nothing(
      Database db) {
    String id = newRequest(db);
    RequestWork dead = worker(db);
    RequestWork alive = worker(db);
    assertThat(dead.claim(id)).isTrue();
    assertThat(alive.claimDue()).doesNotContain(id);
    clock.advance(dead.lease().plusSeconds(1));
    assertThat(alive.claimDue()).contains(id);
    assertThat(load(db, id).leaseOwner()).isEqualTo(alive.owner());
    assertThat(load(db, id).attempts()).isEqualTo(2);

    RequestStore store = store(db);
    AuditRecord record =
        AuditRecord.of("E", "decision", "success", AuditRecord.Actor.system("test"));
    assertThatThrownBy(
            () ->
                store.move(id, dead.owner(), RequestStatus.WAITING_FOR_NOTICE, null, null, record))
        .isInstanceOf(LostClaim.class);
    assertThat(load(db, id).businessStatus()).isEqualTo(RequestStatus.RECEIVED);
    store.move(id, alive.owner(), RequestStatus.WAITING_FOR_NOTICE, null, null, record);
    assertThat(load(db, id).businessStatus()).isEqualTo(RequestStatus.WAITING_FOR_NOTICE);
    alive.release(id);
    assertThat(load(db, id).leaseOwner()).isNull();
    assertThat(load(db, id).dueAt()).as("still due: the next pass continues").isNotNull();
    finish(db, id);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void a_write_from_a_row_read_before_a_new_claim_fails_on_the_version(Database db) {
    String id = newRequest(db);
    RequestWork first = worker(db);
    RequestWork second = worker(db);
    assertThat(first.claim(id)).isTrue();
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      DataRequestEntity r = em.find(DataRequestEntity.class, id);
                      RequestStore.requireClaim(r, first.owner()); // still the holder when read …
                      clock.advance(first.lease().plusSeconds(1));
                      assertThat(second.claim(id))
                          .isTrue(); // … but another claims it before this transaction commits
                      r.moveTo(RequestStatus.WAITING_FOR_NOTICE, null, clock.instant());
                      return null;
                    }))
        .isInstanceOf(PersistenceException.class);
    assertThat(load(db, id).businessStatus()).isEqualTo(RequestStatus.RECEIVED);
    finish(db, id);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void the_state_machine_refuses_moves_out_of_its_table_and_out_of_a_final_state(Database db) {
    String id = newRequest(db);
    RequestStore store = store(db);
    AuditRecord record =
        AuditRecord.of("E", "decision", "success", AuditRecord.Actor.system("test"));
    assertThatThrownBy(() -> store.move(id, null, RequestStatus.FETCHING, null, null, record))
        .as("no fetch before the notice step")
        .isInstanceOf(RequestLifecycle.IllegalMove.class);
    store.move(id, null, RequestStatus.REFUSED, "nee", null, record);
    DataRequestEntity refused = load(db, id);
    assertThat(refused.dueAt()).isNull();
    assertThat(refused.leaseOwner()).isNull();
    for (RequestStatus next : RequestStatus.values()) {
      assertThatThrownBy(() -> store.move(id, null, next, null, null, record))
          .isInstanceOf(RequestLifecycle.IllegalMove.class);
    }
    assertThat(load(db, id).businessStatus()).isEqualTo(RequestStatus.REFUSED);
    assertThat(load(db, id).version()).isEqualTo(refused.version());
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void a_request_is_released_at_most_once_by_the_database_itself(Database db) {
    String id = newRequest(db);
    db.write(
        em -> {
          em.persist(
              new ReleaseEntity(
                  UUID.randomUUID().toString(), id, clock.instant(), clock.instant(), 1, 0, "{}"));
          return null;
        });
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      em.persist(
                          new ReleaseEntity(
                              UUID.randomUUID().toString(),
                              id,
                              clock.instant(),
                              clock.instant(),
                              1,
                              0,
                              "{}"));
                      return null;
                    }))
        .isInstanceOf(PersistenceException.class);
    long releases =
        db.read(
            em ->
                em.createQuery(
                        "select count(r) from ReleaseEntity r where r.requestId = :r", Long.class)
                    .setParameter("r", id)
                    .getSingleResult());
    assertThat(releases).isEqualTo(1L);
    finish(db, id);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void each_due_outbox_row_is_claimed_by_one_member(Database db) throws Exception {
    String id = newRequest(db);
    List<String> deliveries = new ArrayList<>();
    db.write(
        em -> {
          for (int i = 0; i < 5; i++) {
            NoticeEntity n =
                new NoticeEntity(
                    UUID.randomUUID().toString(),
                    id,
                    "RelatedPerson/" + i,
                    "Ouder",
                    "AUTHORITY_HOLDER",
                    "before",
                    "portal-inbox",
                    "tekst",
                    clock.instant(),
                    null);
            em.persist(n);
            em.flush();
            NoticeDeliveryEntity d =
                new NoticeDeliveryEntity(
                    UUID.randomUUID().toString(),
                    n.id(),
                    id,
                    "email",
                    "ouder" + i + "@example.org",
                    clock.instant());
            em.persist(d);
            deliveries.add(d.id());
          }
          return null;
        });
    NoticeOutbox a = outbox(db, worker(db));
    NoticeOutbox b = outbox(db, worker(db));
    List<List<String>> claimed = together(a::claimDue, b::claimDue);
    List<String> all = new ArrayList<>(claimed.get(0));
    all.addAll(claimed.get(1));
    assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(deliveries);
    assertThat(a.claimDue()).isEmpty();
    assertThat(b.claimDue()).isEmpty();
    // A member that dies before recording the outcome: its rows are due again once the lease ran
    // out.
    clock.advance(Duration.ofMinutes(2));
    assertThat(a.claimDue()).containsExactlyInAnyOrderElementsOf(deliveries);
    finish(db, id);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void each_finished_request_is_notified_once_and_each_notification_claimed_by_one_member(
      Database db) throws Exception {
    AuditLog audit = new AuditLog(clock);
    Subscriptions subscriptions = new Subscriptions(db, audit, clock, true, 1000);
    AuthenticatedUser system =
        new AuthenticatedUser(
            "org-work-system",
            "Systeem",
            "neighbourhood-team-worker",
            "org-work",
            null,
            null,
            true,
            Set.of());
    newRequest(db); // makes the organisation
    SubscriptionEntity s =
        subscriptions.create(
            system,
            new SubscriptionResources.Input(
                "http://127.0.0.1:9/hook", List.of(), SubscriptionResources.ID_ONLY, null, null));
    db.write(
        em -> {
          em.find(SubscriptionEntity.class, s.id()).delivered(true, clock.instant());
          em.createQuery(
                  "select n from SubscriptionNotificationEntity n where n.subscriptionId = :s",
                  SubscriptionNotificationEntity.class)
              .setParameter("s", s.id())
              .getResultList()
              .forEach(n -> n.sent(clock.instant()));
          return null;
        });
    RequestStore store = store(db);
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = newRequest(db);
      requests.add(id);
      store.move(id, null, RequestStatus.REFUSED, "Geweigerd", null, null);
    }
    List<String> told =
        db.read(
            em ->
                em.createQuery(
                        "select n.requestId from SubscriptionNotificationEntity n where n.subscriptionId = :s and n.kind = :k",
                        String.class)
                    .setParameter("s", s.id())
                    .setParameter("k", SubscriptionNotificationEntity.EVENT)
                    .getResultList());
    assertThat(told).containsExactlyInAnyOrderElementsOf(requests);
    SubscriptionNotifications a = notifications(db, subscriptions);
    SubscriptionNotifications b = notifications(db, subscriptions);
    List<List<String>> claimed = together(a::claimDue, b::claimDue);
    List<String> all = new ArrayList<>(claimed.get(0));
    all.addAll(claimed.get(1));
    assertThat(all).hasSize(5).doesNotHaveDuplicates();
    assertThat(a.claimDue()).isEmpty();
    subscriptions.delete(system, s.id());
  }

  private SubscriptionNotifications notifications(Database db, Subscriptions subscriptions)
      throws Exception {
    SubscriptionNotifications n = new SubscriptionNotifications();
    set(n, "database", db);
    set(n, "clock", clock);
    set(n, "subscriptions", subscriptions);
    set(n, "leaseText", "PT1M");
    set(n, "pollText", "PT0S");
    return n;
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void a_client_assertion_id_is_used_once_across_members_and_the_signing_key_is_shared(Database db)
      throws Exception {
    GatewayKeys one = keys(db);
    GatewayKeys two = keys(db);
    String jti = UUID.randomUUID().toString();
    List<Boolean> first =
        together(() -> one.firstUse("client", jti, 300), () -> two.firstUse("client", jti, 300));
    assertThat(first).containsExactlyInAnyOrder(true, false);
    assertThat(one.firstUse("other-client", jti, 300)).as("per client").isTrue();
    List<String> keyIds =
        together(() -> one.signingKey().getKeyID(), () -> two.signingKey().getKeyID());
    assertThat(keyIds.get(0)).isEqualTo(keyIds.get(1));
    assertThat(keys(db).signingKey().getKeyID()).as("after a restart").isEqualTo(keyIds.get(0));
  }

  // --- helpers

  private String newRequest(Database db) {
    String id = UUID.randomUUID().toString();
    db.write(
        em -> {
          if (em.find(OrganisationEntity.class, "org-work") == null) {
            em.persist(new OrganisationEntity("org-work", "Org", "source", "/demo"));
          }
          em.persist(
              new DataRequestEntity(
                  id,
                  clock.instant(),
                  "anna",
                  "Anna",
                  "neighbourhood-team-worker",
                  "org-work",
                  "111222333",
                  "org-work",
                  "care-coordination",
                  "uitleg",
                  Set.of("care-plan"),
                  "consent",
                  null,
                  null));
          return null;
        });
    return id;
  }

  /** Ends a request so that it is no longer due for the next test. */
  private void finish(Database db, String id) {
    db.write(
        em -> {
          DataRequestEntity r = em.find(DataRequestEntity.class, id);
          if (!r.businessStatus().isFinal()) {
            r.moveTo(RequestStatus.TECHNICAL_FAILURE, null, clock.instant());
          }
          return null;
        });
  }

  private static DataRequestEntity load(Database db, String id) {
    return db.read(em -> em.find(DataRequestEntity.class, id));
  }

  private RequestWork worker(Database db) {
    RequestWork w = new RequestWork();
    w.database = db;
    w.clock = clock;
    w.leaseText = "PT30S";
    w.concurrency = 1;
    w.retryBackoffText = "PT2S";
    return w;
  }

  private RequestStore store(Database db) {
    RequestStore s = new RequestStore();
    s.database = db;
    s.clock = clock;
    s.audit = new AuditLog(clock);
    s.subscriptions = new Subscriptions(db, s.audit, clock, true, 10);
    return s;
  }

  private NoticeOutbox outbox(Database db, RequestWork work) throws Exception {
    NoticeOutbox o = new NoticeOutbox();
    set(o, "database", db);
    set(o, "clock", clock);
    set(o, "audit", new AuditLog(clock));
    set(o, "work", work);
    set(o, "leaseText", "PT1M");
    set(o, "mail", new MailSettings());
    return o;
  }

  private static GatewayKeys keys(Database db) throws Exception {
    GatewayKeys k = new GatewayKeys();
    set(k, "database", db);
    return k;
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }

  @SafeVarargs
  private static <T> List<T> together(Callable<T>... calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.length);
    try {
      CyclicBarrier start = new CyclicBarrier(calls.length);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A clock the test moves on (lease expiry). */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
