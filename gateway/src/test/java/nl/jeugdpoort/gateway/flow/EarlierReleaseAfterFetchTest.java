package nl.jeugdpoort.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.DataRequestIntake;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.request.RequestWork;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * P5 after the fetch (found by ClusterIT): two identical requests about one youth are worked on at
 * once; the first is released while the second is fetching. The second must then be answered with
 * that release — referenced, not released a second time — and must not end in a technical failure.
 * Real policy, real {@code DecisionStep} and {@code RequestStore} on an H2 database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarlierReleaseAfterFetchTest {
  private static final String BSN = "123456782";
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  private final AuthenticatedUser dirk =
      new AuthenticatedUser(
          "dirk", "Dirk Visser", "child-protection-investigator", "raad", null, null);
  private final Youth youth =
      new Youth(BSN, "p-youth", "Sanne de Vries", LocalDate.of(2009, 3, 1), List.of(), null);
  private Database db;
  private RequestStore store;
  private DecisionStep decisions;
  private DataRequestIntake intake;
  private RequestWork work;

  @BeforeAll
  void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings("jdbc:h2:mem:p5afterfetch;DB_CLOSE_DELAY=-1", "sa", "", 4));
    db.write(
        em -> {
          em.persist(new OrganisationEntity("raad", "Raad", "requester", null));
          em.persist(new OrganisationEntity("bron", "Bron", "source", "/demo/bron"));
          return null;
        });
    AuditLog audit = new AuditLog(clock);
    PurposeCatalogue catalogue = PurposeCatalogue.load();
    store = new RequestStore();
    set(store, "database", db);
    set(store, "audit", audit);
    set(store, "clock", clock);
    set(
        store,
        "subscriptions",
        new nl.jeugdpoort.gateway.subscription.Subscriptions(db, audit, clock, true, 10));
    work = new RequestWork();
    set(work, "database", db);
    set(work, "clock", clock);
    set(work, "leaseText", "PT30S");
    set(work, "concurrency", 4);
    set(work, "retryBackoffText", "PT2S");
    intake = new DataRequestIntake();
    set(intake, "policy", new PolicyEngine(catalogue));
    set(intake, "database", db);
    set(intake, "audit", audit);
    set(intake, "clock", clock);
    set(intake, "queue", (nl.jeugdpoort.gateway.request.RequestQueue) id -> {});
    set(intake, "texts", new ReasonTexts(new TextTemplates(), catalogue));
    set(intake, "work", work);
    set(intake, "maxBacklog", 1_000L);
    set(intake, "retryAfter", "PT7S");
    decisions = new DecisionStep();
    decisions.policy = new PolicyEngine(catalogue);
    decisions.store = store;
    decisions.clock = clock;
    decisions.texts = new ReasonTexts(new TextTemplates(), catalogue);
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void an_identical_request_released_while_this_one_fetched_answers_it_with_that_release() {
    String first = submit();
    String second = submit();
    // Both are decided before either is fetched: no earlier release yet, both go on.
    RequestContext a = fetching(first);
    RequestContext b = fetching(second);
    assertThat(load(second).businessStatus()).isEqualTo(RequestStatus.FETCHING);

    // The first is decided on its items and released (as ReleaseStep writes a release).
    a.fetched(carePlan());
    decisions.afterFetch(a);
    assertThat(load(first).businessStatus()).isEqualTo(RequestStatus.FETCHING);
    String releaseId = UUID.randomUUID().toString();
    store.move(
        first,
        work.owner(),
        RequestStatus.RELEASED,
        null,
        null,
        null,
        (em, r) -> {
          em.persist(
              new ReleaseEntity(
                  releaseId,
                  first,
                  clock.instant(),
                  clock.instant().plus(365, ChronoUnit.DAYS),
                  1,
                  0,
                  "{\"resourceType\":\"Bundle\"}"));
          r.released(releaseId);
        });

    // The second one's fetch comes back afterwards: P5 answers it with the first one's release.
    b.fetched(carePlan());
    decisions.afterFetch(b);
    assertThat(b.isFinished()).isTrue();
    DataRequestEntity answered = load(second);
    assertThat(answered.businessStatus()).isEqualTo(RequestStatus.RELEASED);
    assertThat(answered.releaseId()).isEqualTo(releaseId);
    assertThat(b.decision().ruleIds()).contains("P5");
    assertThat(count("select count(*) from release_record")).isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_entry where request_id = '"
                    + second
                    + "' and event_type = 'decision' and rule_ids like '%P5%'"
                    + " and detail like 'identical request answered with earlier release "
                    + releaseId
                    + "%'"))
        .isEqualTo(1);
  }

  private String submit() {
    return intake
        .submit(
            new NewDataRequest(
                BSN,
                "bron",
                "child-protection-investigation",
                "Onderzoek op verzoek van de kinderrechter",
                Set.of("care-plan"),
                "legal-duty",
                null,
                null),
            dirk,
            "test")
        .id();
  }

  /** Claims the request, decides before the fetch and moves it on to fetching, the family told. */
  private RequestContext fetching(String id) {
    assertThat(work.claim(id)).isTrue();
    RequestContext ctx = new RequestContext(id, work.owner());
    ctx.request(RequestStore.toPolicy(load(id)));
    ctx.youth(youth);
    decisions.beforeFetch(ctx);
    assertThat(ctx.isFinished()).isFalse();
    store.move(
        id,
        work.owner(),
        RequestStatus.FETCHING,
        null,
        null,
        null,
        (em, r) -> r.noticeDelivered(clock.instant()));
    return ctx;
  }

  private DataRequestEntity load(String id) {
    return store.load(id);
  }

  private long count(String sql) {
    return db.read(em -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }

  /** What the source answered: one care plan of the youth. */
  static Map<String, List<Resource>> carePlan() {
    CarePlan plan = new CarePlan();
    plan.setId("plan-1");
    plan.setSubject(new Reference("Patient/p-youth"));
    return Map.of("care-plan", List.of(plan));
  }
}
