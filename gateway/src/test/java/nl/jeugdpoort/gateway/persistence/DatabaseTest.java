package nl.jeugdpoort.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The persistence layer against both supported databases: H2 (the embedded default) and a real
 * PostgreSQL server. Same migrations, same mappings, same transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseTest {
  private PostgresTestServer postgres;
  private Database h2;
  private Database pg;
  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  void start() throws Exception {
    h2 = new Database(new DatabaseSettings("jdbc:h2:mem:dbtest;DB_CLOSE_DELAY=-1", "sa", "", 4));
    postgres = PostgresTestServer.start(Path.of("target", "postgres"));
    pg = new Database(postgres.settings());
  }

  @AfterAll
  void stop() throws Exception {
    if (h2 != null) {
      h2.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  Stream<Database> databases() {
    return Stream.of(h2, pg);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void stores_and_reads_a_request_with_its_notice_and_release(Database db) {
    String id = UUID.randomUUID().toString();
    db.write(em -> {
      em.persist(new OrganisationEntity("org-" + id, "Org", "source", "/demo"));
      em.persist(new DataRequestEntity(id, clock.instant(), "anna", "Anna", "neighbourhood-team-worker",
          "org-" + id, "111222333", "org-" + id, "care-coordination", "uitleg", Set.of("care-plan", "identification"),
          "consent", null, null));
      em.persist(new NoticeEntity(UUID.randomUUID().toString(), id, "RelatedPerson/1", "Moeder", "AUTHORITY_HOLDER",
          "before", "portal-inbox", "Beste ouder, ...".repeat(500), clock.instant(), null));
      em.persist(new ReleaseEntity(UUID.randomUUID().toString(), id, clock.instant(), clock.instant(), 2, 1, "{\"resourceType\":\"Bundle\"}"));
      return null;
    });
    DataRequestEntity read = db.read(em -> em.find(DataRequestEntity.class, id));
    assertThat(read.categories()).containsExactly("care-plan", "identification");
    assertThat(read.createdAt()).isEqualTo(clock.instant());
    assertThat(read.businessStatus()).isEqualTo(RequestStatus.RECEIVED);
    List<NoticeEntity> notices = db.read(em -> em.createQuery(
        "select n from NoticeEntity n where n.requestId = :r", NoticeEntity.class).setParameter("r", id).getResultList());
    assertThat(notices).singleElement().satisfies(n -> assertThat(n.text()).hasSize(16 * 500));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void failed_work_leaves_nothing_behind(Database db) {
    String id = UUID.randomUUID().toString();
    assertThatThrownBy(() -> db.write(em -> {
      em.persist(new OrganisationEntity(id, "Half", "source", null));
      em.flush();
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    OrganisationEntity found = db.read(em -> em.find(OrganisationEntity.class, id));
    assertThat(found).isNull();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void audit_chain_verifies_and_detects_tampering(Database db) {
    AuditLog log = new AuditLog(clock);
    for (int i = 0; i < 5; i++) {
      int n = i;
      db.write(em -> log.append(em, AuditRecord.of("R", "test", "success", AuditRecord.Actor.system("t"))
          .withDetail("entry " + n).withRules(List.of("A1", "A2"))));
    }
    List<AuditEntryEntity> chain = db.read(em -> em.createQuery(
        "select a from AuditEntryEntity a order by a.seq", AuditEntryEntity.class).getResultList());
    assertThat(chain).hasSizeGreaterThanOrEqualTo(5);
    assertThat(AuditLog.verify(chain)).isEqualTo(-1L);

    // Tamper with one stored entry behind the log's back: verification names it.
    AuditEntryEntity victim = chain.get(chain.size() - 3);
    db.write(em -> em.createNativeQuery("update audit_entry set detail = 'changed' where seq = " + victim.seq())
        .executeUpdate());
    List<AuditEntryEntity> tampered = db.read(em -> em.createQuery(
        "select a from AuditEntryEntity a order by a.seq", AuditEntryEntity.class).getResultList());
    assertThat(AuditLog.verify(tampered)).isEqualTo(victim.seq());
  }

  /** V9: the same consent on top of the same previous record is stored once; withdrawn, it frees its key. */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void an_identical_consent_in_force_collides_and_a_withdrawn_one_does_not(Database db) {
    String bsn = String.valueOf(100000000 + (int) (Math.random() * 800000000)).substring(0, 9);
    java.util.function.Supplier<ConsentEntity> same = () -> new ConsentEntity(UUID.randomUUID().toString(), ConsentEntity.CONSENT,
        bsn, "RelatedPerson/m", "moeder", "gi-horizon", "care-coordination", Set.of("care-plan"), "v2", "AUTHENTICATED_ACT",
        clock.instant(), null, clock.instant());
    ConsentEntity first = same.get();
    first.inForceAfter(null);
    db.write(em -> {
      em.persist(first);
      return null;
    });
    ConsentEntity second = same.get();
    second.inForceAfter(null);
    assertThat(second.content()).isEqualTo(first.content());
    assertThatThrownBy(() -> db.write(em -> {
      em.persist(second);
      em.flush();
      return null;
    })).isInstanceOf(jakarta.persistence.PersistenceException.class);
    // On top of a different previous record (a consent again after one's own objection, O4) it is stored.
    ConsentEntity again = same.get();
    again.inForceAfter("objection-1");
    db.write(em -> {
      em.persist(again);
      return null;
    });
    db.write(em -> {
      em.find(ConsentEntity.class, first.id()).withdraw(clock.instant());
      return null;
    });
    ConsentEntity afterWithdrawal = same.get();
    afterWithdrawal.inForceAfter(null);
    db.write(em -> {
      em.persist(afterWithdrawal);
      return null;
    });
    long stored = db.read(em -> em.createQuery("select count(c) from ConsentEntity c where c.youthBsn = :b", Long.class)
        .setParameter("b", bsn).getSingleResult());
    assertThat(stored).isEqualTo(3L);
  }
}
