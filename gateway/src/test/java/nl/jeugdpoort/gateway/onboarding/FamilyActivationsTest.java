package nl.jeugdpoort.gateway.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.LoginThrottle;
import nl.jeugdpoort.gateway.security.Passwords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Families get in with an activation code (issue #18, item 5), on a real (H2) database with the
 * real audit log.
 */
class FamilyActivationsTest {
  static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-12-02T09:00:00Z"));
  static Database db;
  static FamilyActivations activations;
  static final AuthenticatedUser ANNA =
      new AuthenticatedUser("anna", "Anna", "neighbourhood-team-worker", "wijkteam", null, null);

  @BeforeAll
  static void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:activation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
    db.write(
        em -> {
          em.persist(new OrganisationEntity("wijkteam", "Wijkteam", "neighbourhood-team", null));
          em.persist(
              new OrganisationEntity(
                  "ggz", "GGZ", "youth-mental-health", "http://127.0.0.1:9/fhir"));
          em.persist(new OrganisationEntity("school", "School", "school", null));
          return null;
        });
    activations = new FamilyActivations();
    activations.database = db;
    activations.audit = new AuditLog(CLOCK);
    activations.clock = CLOCK;
    activations.lifetime = "P14D";
    LoginThrottle throttle = new LoginThrottle();
    set(throttle, "clock", CLOCK);
    set(throttle, "delayAfter", 3);
    set(throttle, "firstDelay", "PT1S");
    set(throttle, "maxDelay", "PT15M");
    set(throttle, "sprayAccounts", 5);
    set(throttle, "sprayWindow", "PT15M");
    activations.throttle = throttle;
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /**
   * A request of the wijkteam at GGZ about a youth born on {@code birth}, with a notice to {@code
   * relation}.
   */
  static String notice(String person, String relation, String role, LocalDate birth) {
    String request = UUID.randomUUID().toString();
    String notice = UUID.randomUUID().toString();
    db.write(
        em -> {
          em.persist(
              new DataRequestEntity(
                  request,
                  CLOCK.instant(),
                  "anna",
                  "Anna",
                  "neighbourhood-team-worker",
                  "wijkteam",
                  "111222333",
                  "ggz",
                  "care-coordination",
                  "uitleg",
                  Set.of("care-plan"),
                  "consent",
                  null,
                  null));
          em.persist(
              new NoticeEntity(
                      notice,
                      request,
                      person,
                      "Marieke Jansen",
                      relation,
                      "before",
                      "portal-inbox",
                      "Beste …",
                      CLOCK.instant(),
                      null)
                  .composedFor(role, "Thijs", birth, null));
          return null;
        });
    return notice;
  }

  @Test
  void
      the_first_email_carries_a_link_once_and_the_family_member_makes_an_account_bound_to_person_and_youth() {
    String first =
        notice("RelatedPerson/m1", "AUTHORITY_HOLDER", "MOTHER", LocalDate.of(2019, 5, 1));
    FamilyActivations.Code code = activations.forFirstEmail(first).orElseThrow();
    assertThat(code.code()).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
    assertThat(code.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(14)));
    FamilyActivations.Code retry = activations.forFirstEmail(first).orElseThrow();
    assertThat(retry.code())
        .as("the same e-mail sent again carries a new code")
        .isNotEqualTo(code.code());
    String second =
        notice("RelatedPerson/m1", "AUTHORITY_HOLDER", "MOTHER", LocalDate.of(2019, 5, 1));
    assertThat(activations.forFirstEmail(second)).as("only the first e-mail").isEmpty();
    String text = activations.invitation(code, "https://jeugdpoort.example.nl/portal/");
    assertThat(text)
        .contains("https://jeugdpoort.example.nl/portal/activeren?code=" + code.code())
        .contains("De link werkt één keer. U kunt hem gebruiken tot 16 december 2026.")
        .doesNotContainPattern("\\b[A-Z][0-9]\\b");

    assertThatThrownBy(() -> activations.activate(code.code(), "marieke", "kort", "10.0.0.1"))
        .isInstanceOf(Problems.class)
        .hasMessageContaining("password: 12 to 128 characters");
    AccountEntity made =
        activations.activate(
            code.code().toLowerCase().replace("-", " "),
            "marieke",
            "Thijs zijn moeder 2026",
            "10.0.0.1");
    assertThat(made.role()).isEqualTo("family-member");
    assertThat(made.personRef()).isEqualTo("RelatedPerson/m1");
    assertThat(made.youthBsn()).isEqualTo("111222333");
    assertThat(made.familyRelation()).isEqualTo("authority-holder");
    assertThat(made.familyRole()).isEqualTo("mother");
    assertThat(made.youthGivenName()).isEqualTo("Thijs");
    assertThat(made.displayName()).isEqualTo("Marieke Jansen");
    assertThat(new Passwords().passwordsMatch("Thijs zijn moeder 2026", made.passwordHash()))
        .isTrue();
    assertThatThrownBy(
            () ->
                activations.activate(code.code(), "marieke2", "Thijs zijn moeder 2026", "10.0.0.1"))
        .as("single use")
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(403);
    assertThat(
            activations.forFirstEmail(
                notice("RelatedPerson/m1", "AUTHORITY_HOLDER", "MOTHER", LocalDate.of(2019, 5, 1))))
        .as("she has an account now")
        .isEmpty();
    long audited =
        db.read(
            em ->
                em.createQuery(
                        "select count(a) from AuditEntryEntity a where a.eventType in "
                            + "('family-activation-issued', 'family-account-activated') and a.detail like '%RelatedPerson/m1%'",
                        Long.class)
                    .getSingleResult());
    assertThat(audited)
        .as("issued, issued again for the same e-mail sent again, activated")
        .isEqualTo(3);
    long withCode =
        db.read(
            em ->
                em.createQuery(
                        "select count(a) from AuditEntryEntity a where a.detail like :c",
                        Long.class)
                    .setParameter("c", "%" + code.code() + "%")
                    .getSingleResult());
    assertThat(withCode).as("the code is never audited").isZero();
  }

  @Test
  void a_professional_of_the_request_hands_over_a_code_that_expires_and_others_get_nothing() {
    String n = notice("RelatedPerson/f2", "AUTHORITY_HOLDER", "FATHER", LocalDate.of(2015, 3, 3));
    AuthenticatedUser eva =
        new AuthenticatedUser("eva", "Eva", "school-care-coordinator", "school", null, null);
    assertThatThrownBy(() -> activations.issue(n, eva, "10.0.0.2"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(404);
    AuthenticatedUser admin =
        new AuthenticatedUser("root", "Beheer", "administrator", null, null, null);
    assertThatThrownBy(() -> activations.issue(n, admin, "10.0.0.2"))
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(404);
    FamilyActivations.Code code = activations.issue(n, ANNA, "10.0.0.2");
    CLOCK.move(Duration.ofDays(15));
    try {
      assertThatThrownBy(
              () ->
                  activations.activate(code.code(), "vader-f2", "Een goed wachtwoord", "10.0.0.2"))
          .as("expired")
          .hasMessageContaining("unknown, used or expired");
    } finally {
      CLOCK.move(Duration.ofDays(-15));
    }
    FamilyActivations.Code again = activations.issue(n, ANNA, "10.0.0.2");
    assertThat(
            activations
                .activate(again.code(), "vader-f2", "Een goed wachtwoord", "10.0.0.2")
                .familyRole())
        .isEqualTo("father");
    assertThatThrownBy(() -> activations.issue(n, ANNA, "10.0.0.2"))
        .hasMessageContaining("has a family account already");
  }

  @Test
  void a_youth_under_12_gets_no_code_one_of_12_does_and_guessing_codes_is_slowed() {
    String young = notice("Patient/y1", "YOUTH", "YOUTH", LocalDate.of(2016, 1, 1));
    assertThat(activations.forFirstEmail(young)).isEmpty();
    assertThatThrownBy(() -> activations.issue(young, ANNA, "10.0.0.3"))
        .hasMessageContaining("under 12");
    String teen = notice("Patient/y2", "YOUTH", "YOUTH", LocalDate.of(2014, 1, 1));
    FamilyActivations.Code code = activations.forFirstEmail(teen).orElseThrow();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(
              () ->
                  activations.activate(
                      "AAAA-BBBB-CCCC", "jongere-y2", "Mijn eigen wachtwoord", "10.0.0.4"))
          .hasMessage("code: unknown, used or expired");
    }
    assertThatThrownBy(
            () ->
                activations.activate(
                    code.code(), "jongere-y2", "Mijn eigen wachtwoord", "10.0.0.4"))
        .as("after 3 wrong codes this address waits")
        .hasMessageContaining("too many attempts");
    AccountEntity teenAccount =
        activations.activate(code.code(), "jongere-y2", "Mijn eigen wachtwoord", "10.0.0.5");
    assertThat(teenAccount.familyRelation()).isEqualTo("youth");
    assertThat(teenAccount.familyRole()).isNull();
  }

  @Test
  void a_person_without_account_and_without_email_is_unreached_until_they_have_an_account() {
    String noMail =
        notice("RelatedPerson/u1", "AUTHORITY_HOLDER", "MOTHER", LocalDate.of(2018, 1, 1));
    String request = db.read(em -> em.find(NoticeEntity.class, noMail).requestId());
    String withMail = UUID.randomUUID().toString();
    db.write(
        em -> {
          em.persist(
              new NoticeEntity(
                      withMail,
                      request,
                      "RelatedPerson/u2",
                      "Karel Jansen",
                      "AUTHORITY_HOLDER",
                      "before",
                      "portal-inbox",
                      "Beste …",
                      CLOCK.instant(),
                      null)
                  .composedFor("FATHER", "Thijs", LocalDate.of(2018, 1, 1), null));
          em.flush();
          em.persist(
              new NoticeDeliveryEntity(
                  UUID.randomUUID().toString(),
                  withMail,
                  request,
                  "email",
                  "karel@example.nl",
                  CLOCK.instant()));
          return null;
        });
    FamilyReach reach = new FamilyReach();
    reach.database = db;
    assertThat(reach.unreachedNotices(request)).containsExactly(noMail);
    assertThat(reach.unreachedPeople(request))
        .singleElement()
        .satisfies(u -> assertThat(u.name()).isEqualTo("Marieke Jansen"))
        .satisfies(u -> assertThat(u.noticeId()).isEqualTo(noMail));
    FamilyActivations.Code code = activations.issue(noMail, ANNA, "10.0.0.6");
    activations.activate(code.code(), "moeder-u1", "Een ander goed wachtwoord", "10.0.0.6");
    assertThat(reach.unreachedNotices(request)).isEmpty();
    assertThat(FamilyReach.UNREACHED).startsWith("De familie kon niet worden bereikt");
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }

  /** A clock the test can move (expiry). */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
