package nl.jeugdpoort.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Admission (#16.2) with the real policy and an H2 database: a repeat with the same Idempotency-Key
 * (also two at once) gets the request stored first, another request under that key is refused, and
 * over the backlog bound a request is refused before anything — request or audit entry — is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionTest {
  private static final String BSN = "111222333";
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  private final AuthenticatedUser dirk =
      new AuthenticatedUser(
          "dirk", "Dirk Visser", "child-protection-investigator", "raad", null, null);
  private final List<String> handedOver = new ArrayList<>();
  private Database db;

  @BeforeAll
  void start() {
    db = new Database(new DatabaseSettings("jdbc:h2:mem:admission;DB_CLOSE_DELAY=-1", "sa", "", 8));
    db.write(
        em -> {
          em.persist(new OrganisationEntity("raad", "Raad", "requester", null));
          em.persist(new OrganisationEntity("bron", "Bron", "source", "/demo/bron"));
          return null;
        });
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private DataRequestIntake intake(long maxBacklog) {
    RequestWork work = new RequestWork();
    work.database = db;
    work.clock = clock;
    work.leaseText = "PT30S";
    work.concurrency = 1;
    work.retryBackoffText = "PT2S";
    DataRequestIntake intake = new DataRequestIntake();
    intake.policy = new PolicyEngine(PurposeCatalogue.load());
    intake.database = db;
    intake.audit = new AuditLog(clock);
    intake.clock = clock;
    intake.queue = handedOver::add;
    intake.texts = new ReasonTexts(new TextTemplates(), PurposeCatalogue.load());
    intake.work = work;
    intake.maxBacklog = maxBacklog;
    intake.retryAfter = "PT7S";
    return intake;
  }

  private static NewDataRequest request(String... categories) {
    return new NewDataRequest(
        BSN,
        "bron",
        "child-protection-investigation",
        "Onderzoek op verzoek van de kinderrechter",
        Set.of(categories),
        "legal-duty",
        null,
        null);
  }

  private long count(String sql) {
    return db.read(em -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
  }

  @Test
  void
      a_repeat_with_the_same_key_gets_the_first_request_and_another_request_under_that_key_is_refused()
          throws Exception {
    DataRequestIntake intake = intake(1_000);
    String key = UUID.randomUUID().toString();
    DataRequestIntake.Admitted first = intake.submit(request("identification"), dirk, "test", key);
    assertThat(first.repeat()).isFalse();
    assertThat(handedOver).contains(first.request().id());
    DataRequestIntake.Admitted again = intake.submit(request("identification"), dirk, "test", key);
    assertThat(again.repeat()).isTrue();
    assertThat(again.request().id()).isEqualTo(first.request().id());
    assertThatThrownBy(() -> intake.submit(request("care-plan"), dirk, "test", key))
        .isInstanceOf(DataRequestIntake.KeyReused.class);
    AuthenticatedUser colleague =
        new AuthenticatedUser("eva", "Eva", "child-protection-investigator", "raad", null, null);
    assertThatThrownBy(() -> intake.submit(request("identification"), colleague, "test", key))
        .isInstanceOf(DataRequestIntake.KeyReused.class);
    assertThat(count("select count(*) from data_request where idempotency_key = '" + key + "'"))
        .isEqualTo(1);
  }

  @Test
  void two_repeats_at_once_store_one_request() throws Exception {
    DataRequestIntake intake = intake(1_000);
    String key = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<DataRequestIntake.Admitted>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return intake.submit(request("identification"), dirk, "test", key);
                }));
      }
      Set<String> ids = new java.util.HashSet<>();
      int fresh = 0;
      for (Future<DataRequestIntake.Admitted> f : calls) {
        DataRequestIntake.Admitted a = f.get();
        ids.add(a.request().id());
        fresh += a.repeat() ? 0 : 1;
      }
      assertThat(ids).hasSize(1);
      assertThat(fresh).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("select count(*) from data_request where idempotency_key = '" + key + "'"))
        .isEqualTo(1);
  }

  @Test
  void over_the_backlog_bound_a_request_is_refused_before_anything_is_stored() {
    DataRequestIntake open = intake(1_000);
    open.submit(request("identification"), dirk, "test", null); // one due request: the backlog is 1
    long requests = count("select count(*) from data_request");
    long audit = count("select count(*) from audit_entry");
    DataRequestIntake full = intake(0);
    assertThatThrownBy(
            () ->
                full.submit(request("identification"), dirk, "test", UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(
            DataRequestIntake.Overloaded.class, o -> assertThat(o.retryAfter()).hasSeconds(7));
    assertThat(count("select count(*) from data_request")).isEqualTo(requests);
    assertThat(count("select count(*) from audit_entry")).isEqualTo(audit);
  }
}
