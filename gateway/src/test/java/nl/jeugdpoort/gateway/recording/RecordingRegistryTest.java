package nl.jeugdpoort.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.config.AdjustableClock;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.RecordingEntity;
import nl.jeugdpoort.gateway.persistence.RecordingPermissionEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.policy.recording.RecordingRules;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry on a real (H2) database with the real audit log and erasure duties: registration, V2
 * access, V6 edits, and the V5 sweep exactly once. Kinds whose owner is the professional, so no
 * source is asked (the look-up for video home training is covered by RecordingIT).
 */
class RecordingRegistryTest {
  static final String HOLDER = "wijkteam-noord";
  static final String OTHER_HASH =
      "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

  private Database db;
  private AdjustableClock clock;
  private RecordingRegistry registry;
  private RecordingPermissions permissions;
  private final AuthenticatedUser femke =
      new AuthenticatedUser("femke", "Femke", "video-home-trainer", HOLDER, null, null);
  private final AuthenticatedUser anna =
      new AuthenticatedUser("anna", "Anna", "neighbourhood-team-worker", HOLDER, null, null);
  private final AuthenticatedUser bram =
      new AuthenticatedUser("bram", "Bram", "youth-mental-health-clinician", "ggz", null, null);
  private final AuthenticatedUser holderSystem =
      new AuthenticatedUser(
          "wijkteam-system",
          "Systeem",
          "neighbourhood-team-worker",
          HOLDER,
          null,
          null,
          true,
          Set.of("system/DocumentReference.crs"));

  @BeforeEach
  void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:rec" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
    clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
    AuditLog audit = new AuditLog(clock);
    ErasureDuties erasure = new ErasureDuties();
    set(erasure, "database", db);
    set(erasure, "audit", audit);
    set(erasure, "clock", clock);
    set(erasure, "confirmWithin", "P14D");
    registry = new RecordingRegistry();
    registry.database = db;
    registry.audit = audit;
    registry.clock = clock;
    registry.erasure = erasure;
    FamilyAccess family = new FamilyAccess();
    set(family, "database", db);
    set(family, "clock", clock);
    permissions = new RecordingPermissions();
    permissions.database = db;
    permissions.audit = audit;
    permissions.clock = clock;
    permissions.family = family;
    registry.permissions = permissions;
    db.write(
        em -> {
          em.persist(new OrganisationEntity(HOLDER, "Wijkteam Noord", "source", null));
          em.flush();
          em.persist(
              new AccountEntity("femke", "x", "Femke", "video-home-trainer", HOLDER, null, null));
          em.persist(
              new AccountEntity(
                  "anna", "x", "Anna", "neighbourhood-team-worker", HOLDER, null, null));
          return null;
        });
  }

  @AfterEach
  void stop() {
    db.close();
  }

  private static RecordingRegistration conversation(String sourceId, boolean kept) {
    DocumentReference d = RecordingRegistrationTest.conversation("Practitioner/femke");
    d.getMasterIdentifier().setValue(sourceId);
    if (kept) {
      RecordingRegistrationTest.metadata(d).addExtension("original-kept", new BooleanType(true));
    }
    return RecordingRegistration.read(d);
  }

  @Test
  void registers_once_and_V6_accepts_an_edited_version_only_with_its_announcement() {
    RecordingRegistry.Registered first =
        registry.register(femke, conversation("gesprek-1", false), "test");
    assertThat(first.created()).isTrue();
    assertThat(first.recording().sourceOrg()).isEqualTo(HOLDER);
    assertThatThrownBy(() -> registry.register(femke, conversation("gesprek-1", false), "test"))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> {
              assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.CONFLICT);
              assertThat(e.ruleId()).isEqualTo("V6");
            });
    DocumentReference edit = RecordingRegistrationTest.conversation("Practitioner/femke");
    edit.getMasterIdentifier().setValue("gesprek-1");
    RecordingRegistrationTest.metadata(edit)
        .getExtensionByUrl("current-hash")
        .setValue(new StringType(OTHER_HASH));
    RecordingRegistrationTest.metadata(edit)
        .getExtensionByUrl("edit-announced")
        .setValue(new BooleanType(true));
    RecordingRegistrationTest.metadata(edit)
        .addExtension("announcement", new StringType("Naam van de buurvrouw weggepiept"));
    RecordingRegistry.Registered edited =
        registry.register(femke, RecordingRegistration.read(edit), "test");
    assertThat(edited.created()).isFalse();
    assertThat(edited.recording().id()).isEqualTo(first.recording().id());
    assertThat(edited.recording().currentHash()).isEqualTo(OTHER_HASH);
    assertThat(edited.recording().announcement()).isEqualTo("Naam van de buurvrouw weggepiept");
    assertThat(auditTypes()).containsExactly("recording-registered", "recording-edited");
  }

  @Test
  void V2_a_maker_of_another_organisation_is_refused() {
    DocumentReference d = RecordingRegistrationTest.conversation("Practitioner/bram");
    RecordingRegistrationTest.metadata(d)
        .getExtensionByUrl("maker")
        .setValue(new StringType("bram"));
    assertThatThrownBy(() -> registry.register(femke, RecordingRegistration.read(d), "test"))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> {
              assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.INVALID);
              assertThat(e.ruleId()).isEqualTo("V2");
            });
  }

  @Test
  void V2_only_the_maker_and_the_holders_systems_see_a_recording() {
    String id = registry.register(femke, conversation("gesprek-2", false), "test").recording().id();
    assertThat(registry.find(femke, id).sourceId()).isEqualTo("gesprek-2");
    assertThat(registry.find(holderSystem, id).sourceId()).isEqualTo("gesprek-2");
    assertThatThrownBy(() -> registry.find(anna, id))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> {
              assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.NOT_ALLOWED);
              assertThat(e.ruleId()).isEqualTo("V2");
            });
    assertThatThrownBy(() -> registry.find(bram, id))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.NOT_FOUND));
    assertThat(registry.visibleTo(femke)).extracting(RecordingEntity::id).containsExactly(id);
    assertThat(registry.visibleTo(anna)).isEmpty();
    assertThat(registry.visibleTo(bram)).isEmpty();
    assertThat(registry.ofYouth(RecordingRegistrationTest.BSN))
        .extracting(RecordingEntity::id)
        .containsExactly(id);
    // #20.6: reads through the API are audited (find, used by the operations, is not a read);
    // a search audits each registration it answers, a refused or empty one nothing.
    assertThat(reads(id)).isZero();
    registry.read(femke, id, "test");
    registry.search(holderSystem, "test");
    registry.search(anna, "test");
    assertThatThrownBy(() -> registry.read(anna, id, "test"))
        .isInstanceOf(RecordingRegistry.Refused.class);
    assertThat(reads(id)).isEqualTo(2);

    // V2: a closed training session naming anna. The owner is the maker, whose asking is the
    // consent: anna views it, still nobody of another organisation does.
    RecordingPermissions.View session =
        permissions.request(
            femke,
            id,
            RecordingPermissionEntity.TRAINING_SESSION,
            "Intervisie",
            java.time.LocalDate.of(2026, 12, 9),
            List.of("anna"),
            "test");
    assertThat(session.state()).isEqualTo(RecordingRules.PermissionState.ALLOWED);
    assertThat(registry.find(anna, id).sourceId()).isEqualTo("gesprek-2");
    assertThat(registry.visibleTo(anna)).extracting(RecordingEntity::id).containsExactly(id);
    assertThatThrownBy(
            () ->
                permissions.request(
                    anna,
                    id,
                    RecordingPermissionEntity.SHOWING,
                    "Congres",
                    java.time.LocalDate.of(2026, 12, 9),
                    List.of(),
                    "test"))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.NOT_ALLOWED));
    // V3: a showing also needs the depicted family, whom the gateway cannot ask here (no family
    // account): it waits, fail closed.
    RecordingPermissions.View showing =
        permissions.request(
            femke,
            id,
            RecordingPermissionEntity.SHOWING,
            "Congres",
            java.time.LocalDate.of(2026, 12, 9),
            List.of(),
            "test");
    assertThat(showing.state()).isEqualTo(RecordingRules.PermissionState.WAITING);
    assertThat(showing.parties()).extracting(RecordingPermissions.Party::id).contains("owner");
    assertThat(showing.obligations()).anyMatch(o -> o.contains("first name"));
  }

  @Test
  void V7_a_classroom_recording_is_never_shown_outside_the_school_but_viewed_in_a_session() {
    String id =
        registry
            .register(
                femke,
                RecordingRegistration.read(
                    RecordingRegistrationTest.doc("classroom", "Practitioner/femke")),
                "test")
            .recording()
            .id();
    java.time.LocalDate occasion = java.time.LocalDate.of(2026, 12, 9);
    assertThatThrownBy(
            () ->
                permissions.request(
                    femke,
                    id,
                    RecordingPermissionEntity.SHOWING,
                    "Congres",
                    occasion,
                    List.of(),
                    "test"))
        .isInstanceOfSatisfying(
            RecordingRegistry.Refused.class,
            e -> {
              assertThat(e.why()).isEqualTo(RecordingRegistry.Refused.Why.INVALID);
              assertThat(e.ruleId()).isEqualTo("V7");
            });
    // Inside the school, a closed session with a colleague is a V2 question, allowed by the maker.
    assertThat(
            permissions
                .request(
                    femke,
                    id,
                    RecordingPermissionEntity.TRAINING_SESSION,
                    "Intervisie",
                    occasion,
                    List.of("anna"),
                    "test")
                .state())
        .isEqualTo(RecordingRules.PermissionState.ALLOWED);
  }

  @Test
  void V5_ends_a_recording_exactly_once_after_its_trajectory_and_asks_every_recipient_to_erase() {
    String carrying = release("http://src/fhir/DocumentReference/gesprek-3");
    String other = release("http://src/fhir/DocumentReference/gesprek-30");
    String ended =
        registry.register(femke, conversation("gesprek-3", false), "test").recording().id();
    String kept =
        registry.register(femke, conversation("gesprek-4", true), "test").recording().id();

    assertThat(registry.sweep()).as("before the end (10 December)").isZero();
    clock.advance(Duration.ofDays(8)); // 10 December: the last day of the trajectory
    assertThat(registry.sweep()).isZero();
    clock.advance(Duration.ofDays(1)); // 11 December
    assertThat(registry.sweep()).isEqualTo(2);
    assertThat(registry.sweep()).as("exactly once").isZero();

    RecordingEntity e = db.read(em -> em.find(RecordingEntity.class, ended));
    assertThat(e.endedAt()).isEqualTo(clock.instant());
    assertThat(e.eraseOriginalAt()).isEqualTo(clock.instant());
    RecordingEntity k = db.read(em -> em.find(RecordingEntity.class, kept));
    assertThat(k.endedAt()).isEqualTo(clock.instant());
    assertThat(k.eraseOriginalAt()).as("the owner agreed to keep the original").isNull();

    List<ErasureDutyEntity> duties =
        db.read(
            em ->
                em.createQuery("select d from ErasureDutyEntity d", ErasureDutyEntity.class)
                    .getResultList());
    assertThat(duties)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.releaseId()).isEqualTo(carrying);
              assertThat(d.ruleId()).isEqualTo("V5");
              assertThat(d.cause()).isEqualTo(ended);
            });
    assertThat(db.read(em -> em.find(ReleaseEntity.class, carrying)).accessEndedAt()).isNotNull();
    assertThat(db.read(em -> em.find(ReleaseEntity.class, other)).accessEndedAt()).isNull();
    assertThat(auditTypes())
        .filteredOn("recording-ended"::equals)
        .as("one audit entry per recording")
        .hasSize(2);
  }

  /**
   * A standing release from the holder about the youth whose bundle has one entry at {@code url}.
   */
  private String release(String url) {
    String requestId = UUID.randomUUID().toString();
    String releaseId = UUID.randomUUID().toString();
    db.write(
        em -> {
          em.persist(
              new DataRequestEntity(
                  requestId,
                  clock.instant(),
                  "femke",
                  "Femke",
                  "video-home-trainer",
                  HOLDER,
                  RecordingRegistrationTest.BSN,
                  HOLDER,
                  "video-home-training",
                  "Training",
                  Set.of("recordings"),
                  "consent",
                  null,
                  null));
          em.flush();
          em.persist(
              new ReleaseEntity(
                  releaseId,
                  requestId,
                  clock.instant(),
                  clock.instant().plus(Duration.ofDays(180)),
                  1,
                  0,
                  "{\"entry\":[{\"fullUrl\":\"" + url + "\"}]}"));
          return null;
        });
    return releaseId;
  }

  private List<String> auditTypes() {
    return db.read(
        em ->
            em.createQuery(
                    "select a.eventType from AuditEntryEntity a where a.eventType like 'recording-%' "
                        + "order by a.entryNo",
                    String.class)
                .getResultList());
  }

  private long reads(String recordingId) {
    return db.read(
        em ->
            em.createQuery(
                    "select count(a) from AuditEntryEntity a where a.eventType = :t "
                        + "and a.dataDescription = :d and a.youthBsn = :b",
                    Long.class)
                .setParameter("t", RecordingRegistry.READ)
                .setParameter("d", "DocumentReference/" + recordingId)
                .setParameter("b", RecordingRegistrationTest.BSN)
                .getSingleResult());
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }
}
