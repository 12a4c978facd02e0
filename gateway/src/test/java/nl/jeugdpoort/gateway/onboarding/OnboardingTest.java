package nl.jeugdpoort.gateway.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.Passwords;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organisations, accounts and the first administrator on a real (H2) database with the real audit
 * log and a real HTTP FHIR server for the base URL check (issue #18, items 1–4).
 */
class OnboardingTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T09:00:00Z"), ZoneOffset.UTC);
  static final AuthenticatedUser ADMIN =
      new AuthenticatedUser("root", "Beheer", "administrator", null, null, null);
  static Database db;
  static FhirServer fhir;
  static Organisations organisations;
  static Accounts accounts;
  static Setup setup;

  @BeforeAll
  static void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:onboarding-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
    fhir = new FhirServer();
    AuditLog audit = new AuditLog(CLOCK);
    PurposeCatalogue catalogue = PurposeCatalogue.load();
    organisations = new Organisations();
    organisations.database = db;
    organisations.audit = audit;
    organisations.catalogue = catalogue;
    organisations.fhir = FhirContext.forR4Cached();
    organisations.clock = CLOCK;
    organisations.connectTimeout = "PT2S";
    organisations.readTimeout = "PT2S";
    organisations.init();
    accounts = new Accounts();
    accounts.database = db;
    accounts.audit = audit;
    accounts.catalogue = catalogue;
    accounts.clock = CLOCK;
    setup = new Setup();
    setup.database = db;
    setup.audit = audit;
  }

  @AfterAll
  static void stop() {
    fhir.close();
    db.close();
  }

  static OrganisationInput school(String id) {
    return new OrganisationInput(
        id,
        "Basisschool Het Anker",
        "school",
        "kvk",
        "12345678",
        null,
        null,
        null,
        null,
        null,
        "Petra Privacy",
        "privacy@anker.example.nl",
        null);
  }

  static OrganisationInput source(String id, String url) {
    return new OrganisationInput(
        id,
        "Wijkteam Oost",
        "neighbourhood-team",
        "agb",
        "87654321",
        url,
        "smart-backend",
        url + "/token",
        "jeugdpoort",
        "system/*.rs",
        "Otto Officer",
        "otto@oost.example.nl",
        "+31 20 123 4567");
  }

  @Test
  void the_first_administrator_is_made_once_with_the_printed_token_and_never_again() {
    StringBuilder banner = new StringBuilder();
    setup.announce(banner);
    String token = banner.toString().replaceAll("(?s).*\"token\":\"([A-Za-z0-9_-]+)\".*", "$1");
    assertThat(token).hasSize(43);
    assertThatThrownBy(
            () ->
                setup.firstAdministrator(
                    "wrong",
                    "eerste",
                    "Eerste Beheerder",
                    "een lang genoeg wachtwoord",
                    "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(403);
    assertThatThrownBy(
            () ->
                setup.firstAdministrator(token, "eerste", "Eerste Beheerder", "kort", "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .hasMessageContaining("password: 12 to 128 characters");
    AccountEntity admin =
        setup.firstAdministrator(
            token, "eerste", "Eerste Beheerder", "een lang genoeg wachtwoord", "127.0.0.1");
    assertThat(admin.role()).isEqualTo("administrator");
    assertThat(admin.mustChangePassword()).isFalse();
    assertThat(new Passwords().passwordsMatch("een lang genoeg wachtwoord", admin.passwordHash()))
        .isTrue();
    assertThat(audit("administrator-set-up"))
        .extracting(AuditEntryEntity::actorUsername)
        .contains("eerste");
    assertThatThrownBy(
            () ->
                setup.firstAdministrator(
                    token, "tweede", "Tweede", "een lang genoeg wachtwoord", "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(409);
    StringBuilder second = new StringBuilder();
    setup.announce(second);
    assertThat(second).isEmpty();
  }

  @Test
  void
      an_organisation_is_created_with_every_field_checked_changed_and_deactivated_and_every_step_is_audited() {
    OrganisationEntity o =
        organisations.create(source("wijkteam-oost", fhir.url("/r4")), ADMIN, "127.0.0.1");
    assertThat(o.sourceAuthMode()).isEqualTo("smart-backend");
    assertThat(organisations.find("wijkteam-oost"))
        .get()
        .extracting(OrganisationEntity::privacyOfficerEmail)
        .isEqualTo("otto@oost.example.nl");
    assertThatThrownBy(
            () ->
                organisations.create(source("wijkteam-oost", fhir.url("/r4")), ADMIN, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(409);
    OrganisationInput changed =
        new OrganisationInput(
            "wijkteam-oost",
            "Wijkteam Oost-Zuid",
            "neighbourhood-team",
            "agb",
            "87654321",
            fhir.url("/r4xml"),
            null,
            null,
            null,
            null,
            "Otto Officer",
            "otto@oost.example.nl",
            null);
    assertThat(organisations.update("wijkteam-oost", changed, ADMIN, "127.0.0.1").name())
        .isEqualTo("Wijkteam Oost-Zuid");
    assertThat(organisations.find("wijkteam-oost").orElseThrow().sourceAuthMode())
        .isEqualTo("none");
    assertThat(organisations.deactivate("wijkteam-oost", ADMIN, "127.0.0.1").active()).isFalse();
    assertThat(organisations.find("wijkteam-oost").orElseThrow().deactivatedAt())
        .isEqualTo(CLOCK.instant());
    assertThatThrownBy(() -> organisations.deactivate("wijkteam-oost", ADMIN, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(404);
    assertThat(audit("organisation-created"))
        .anySatisfy(e -> assertThat(e.detail()).contains("wijkteam-oost"));
    assertThat(audit("organisation-changed"))
        .anySatisfy(e -> assertThat(e.detail()).contains("Wijkteam Oost-Zuid"));
    assertThat(audit("organisation-deactivated"))
        .anySatisfy(e -> assertThat(e.actorUsername()).isEqualTo("root"));
  }

  @Test
  void bad_organisation_input_names_every_field_at_once_and_stores_nothing() {
    OrganisationInput bad =
        new OrganisationInput(
            "Bad Id!",
            "",
            "bakery",
            "kvk",
            "123",
            fhir.url("/stu3"),
            "password",
            null,
            null,
            null,
            null,
            "not-an-address",
            "call me");
    assertThatThrownBy(() -> organisations.create(bad, ADMIN, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .hasMessageContaining("id: 2 to 64 lower-case")
        .hasMessageContaining("name: 1 to 200 characters")
        .hasMessageContaining("kind: one of neighbourhood-team")
        .hasMessageContaining("identifier.value: a KvK number has 8 digits")
        .hasMessageContaining("privacyOfficer.name")
        .hasMessageContaining("privacyOfficer.email")
        .hasMessageContaining("privacyOfficer.phone")
        .hasMessageContaining("source.authMode: none or smart-backend")
        .hasMessageContaining("not R4");
    assertThat(organisations.find("Bad Id!")).isEmpty();
    OrganisationInput smartWithoutToken =
        new OrganisationInput(
            "ggz-west",
            "GGZ West",
            "youth-mental-health",
            "ura",
            "11223344",
            fhir.url("/r4"),
            "smart-backend",
            null,
            null,
            null,
            "P",
            "p@west.example.nl",
            null);
    assertThatThrownBy(() -> organisations.create(smartWithoutToken, ADMIN, "127.0.0.1"))
        .hasMessageContaining("source.tokenUrl")
        .hasMessageContaining("source.clientId");
    assertThat(organisations.find("ggz-west")).isEmpty();
  }

  @Test
  void roles_must_fit_the_kind_a_school_cannot_hold_the_child_protection_investigator_role() {
    organisations.create(school("school-anker"), ADMIN, "127.0.0.1");
    assertThatThrownBy(
            () ->
                accounts.create(
                    new AccountInput(
                        "speurder", "Sam Speur", "child-protection-investigator", "school-anker"),
                    ADMIN,
                    "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .hasMessageContaining(
            "an organisation of kind school may not hold role child-protection-investigator")
        .hasMessageContaining("school-care-coordinator");
    Accounts.WithPassword eva =
        accounts.create(
            new AccountInput("ib-anker", "Ineke Bos", "school-care-coordinator", "school-anker"),
            ADMIN,
            "127.0.0.1");
    assertThat(eva.temporaryPassword()).hasSize(20);
    assertThat(eva.account().mustChangePassword()).isTrue();
    assertThat(
            new Passwords().passwordsMatch(eva.temporaryPassword(), eva.account().passwordHash()))
        .isTrue();
    // A school cannot become a child-protection board while it has people in a school's role.
    OrganisationInput board =
        new OrganisationInput(
            "school-anker",
            "Het Anker",
            "child-protection-board",
            "kvk",
            "12345678",
            null,
            null,
            null,
            null,
            null,
            "Petra Privacy",
            "privacy@anker.example.nl",
            null);
    assertThatThrownBy(() -> organisations.update("school-anker", board, ADMIN, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .hasMessageContaining("account ib-anker (school-care-coordinator)")
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(409);
    assertThat(organisations.find("school-anker").orElseThrow().kind()).isEqualTo("school");
  }

  @Test
  void an_organisation_administrator_manages_its_own_people_only() {
    organisations.create(school("school-vlinder"), ADMIN, "127.0.0.1");
    organisations.create(school("school-regenboog"), ADMIN, "127.0.0.1");
    accounts.create(
        new AccountInput(
            "beheer-vlinder", "Vera Vlinder", "organisation-administrator", "school-vlinder"),
        ADMIN,
        "127.0.0.1");
    accounts.create(
        new AccountInput(
            "ib-regenboog", "Rita Boog", "school-care-coordinator", "school-regenboog"),
        ADMIN,
        "127.0.0.1");
    AuthenticatedUser vera =
        new AuthenticatedUser(
            "beheer-vlinder",
            "Vera Vlinder",
            "organisation-administrator",
            "school-vlinder",
            null,
            null);
    Accounts.WithPassword coach =
        accounts.create(
            new AccountInput("coach-vlinder", "Kees Coach", "teacher-coach", "school-vlinder"),
            vera,
            "127.0.0.1");
    assertThat(coach.account().organisationId()).isEqualTo("school-vlinder");
    assertThatThrownBy(
            () ->
                accounts.create(
                    new AccountInput("stiekem", "S", "teacher-coach", "school-regenboog"),
                    vera,
                    "127.0.0.1"))
        .hasMessageContaining("you manage the people of school-vlinder only");
    assertThatThrownBy(
            () ->
                accounts.create(
                    new AccountInput("baas", "B", "administrator", null), vera, "127.0.0.1"))
        .hasMessageContaining("only the administrator can make administrators");
    assertThatThrownBy(() -> accounts.resetPassword("ib-regenboog", vera, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(404);
    assertThat(accounts.managedBy(vera))
        .extracting(AccountEntity::username)
        .containsExactly("beheer-vlinder", "coach-vlinder");
    AccountEntity disabled = accounts.disable("coach-vlinder", vera, "127.0.0.1");
    assertThat(disabled.disabled()).isTrue();
    assertThat(accounts.enable("coach-vlinder", vera, "127.0.0.1").disabled()).isFalse();
    Accounts.WithPassword reset = accounts.resetPassword("coach-vlinder", vera, "127.0.0.1");
    assertThat(reset.temporaryPassword()).isNotEqualTo(coach.temporaryPassword());
    assertThat(reset.account().mustChangePassword()).isTrue();
    AuthenticatedUser kees =
        new AuthenticatedUser(
            "coach-vlinder", "Kees Coach", "teacher-coach", "school-vlinder", null, null);
    assertThatThrownBy(() -> accounts.managedBy(kees))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(403);
    assertThatThrownBy(() -> accounts.changeOwnPassword(kees, "coach-vlinder-2026!", "127.0.0.1"))
        .hasMessageContaining("must not contain the user name");
    accounts.changeOwnPassword(kees, "Zomer in de Vlinderstraat 7", "127.0.0.1");
    AccountEntity changed = db.read(em -> em.find(AccountEntity.class, "coach-vlinder"));
    assertThat(changed.mustChangePassword()).isFalse();
    assertThat(
            new Passwords().passwordsMatch("Zomer in de Vlinderstraat 7", changed.passwordHash()))
        .isTrue();
    assertThat(audit("password-changed"))
        .anySatisfy(e -> assertThat(e.detail()).doesNotContain("Zomer"));
    assertThat(audit("account-created"))
        .allSatisfy(e -> assertThat(e.detail()).doesNotContain(coach.temporaryPassword()));
  }

  @Test
  void families_and_unknown_roles_are_not_made_here_and_deactivated_organisations_get_nobody() {
    organisations.create(school("school-oud"), ADMIN, "127.0.0.1");
    organisations.deactivate("school-oud", ADMIN, "127.0.0.1");
    assertThatThrownBy(
            () ->
                accounts.create(
                    new AccountInput("ouder-x", "O", "family-member", null), ADMIN, "127.0.0.1"))
        .hasMessageContaining("family members get their account through an activation code");
    assertThatThrownBy(
            () ->
                accounts.create(
                    new AccountInput("ib-oud", "I", "school-care-coordinator", "school-oud"),
                    ADMIN,
                    "127.0.0.1"))
        .hasMessageContaining("organisationId: not an active organisation");
  }

  /**
   * DigiD through an identity broker (docs/onboarding.md § 7): the administrator links the broker's
   * subject to a family member's account; an organisation administrator cannot, and the family
   * account stays out of the lists of managed accounts.
   */
  @Test
  void the_administrator_links_an_openid_connect_subject_to_a_family_account_nobody_else_does() {
    organisations.create(school("school-digid"), ADMIN, "127.0.0.1");
    AccountEntity family =
        new AccountEntity(
            "ouder-digid",
            new Passwords().encryptPassword("Een eigen wachtwoord 2026"),
            "Olga Ouder",
            AuthenticatedUser.FAMILY_MEMBER,
            null,
            "RelatedPerson/kind-digid-moeder",
            "111222333");
    family.family("authority-holder", java.time.LocalDate.of(2018, 5, 4));
    db.write(
        em -> {
          em.persist(family);
          return null;
        });
    AccountEntity linked =
        accounts.linkOidc("ouder-digid", "digid-pseudoniem-42", ADMIN, "127.0.0.1");
    assertThat(linked.oidcSubject()).isEqualTo("digid-pseudoniem-42");
    assertThat(audit("account-changed"))
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .contains("ouder-digid (family-member)")
                    .contains("digid-pseudoniem-42 linked"));
    assertThat(accounts.managedBy(ADMIN))
        .extracting(AccountEntity::username)
        .doesNotContain("ouder-digid");
    accounts.create(
        new AccountInput("beheer-digid", "B", "organisation-administrator", "school-digid"),
        ADMIN,
        "127.0.0.1");
    AuthenticatedUser orgAdmin =
        new AuthenticatedUser(
            "beheer-digid", "B", "organisation-administrator", "school-digid", null, null);
    assertThatThrownBy(() -> accounts.linkOidc("ouder-digid", null, orgAdmin, "127.0.0.1"))
        .isInstanceOf(Problems.class)
        .extracting(p -> ((Problems) p).status())
        .isEqualTo(404);
    assertThat(db.read(em -> em.find(AccountEntity.class, "ouder-digid")).oidcSubject())
        .isEqualTo("digid-pseudoniem-42");
  }

  private static List<AuditEntryEntity> audit(String type) {
    return db.read(
        em ->
            em.createQuery(
                    "select a from AuditEntryEntity a where a.eventType = :t",
                    AuditEntryEntity.class)
                .setParameter("t", type)
                .getResultList());
  }
}
