package nl.jeugdpoort.policy;

import static nl.jeugdpoort.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.policy.catalogue.Category;
import nl.jeugdpoort.policy.catalogue.OrganisationKind;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import nl.jeugdpoort.policy.identity.Bsn;
import nl.jeugdpoort.policy.retention.ErasureRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * C5's elfproef, the catalogue as data (it cannot carry a typo), and decisions on a catalogue of
 * our own.
 */
class CatalogueAndIdentityTest {

  @ParameterizedTest
  @ValueSource(strings = {"111222333", "123456782", "999999990", "012345672"})
  void C5_valid_bsns_pass_the_elfproef(String bsn) {
    assertThat(Bsn.isValid(bsn)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "111222334",
        "000000000",
        "12345678",
        "1234567820",
        "12345678a",
        "/11222333",
        ":11222333",
        "1112223:3"
      })
  void C5_invalid_bsns_fail(String bsn) {
    assertThat(Bsn.isValid(bsn)).isFalse();
  }

  @Test
  void C5_null_is_not_a_bsn_and_the_check_digit_completes_a_valid_one() {
    assertThat(Bsn.isValid(null)).isFalse();
    assertThat(Bsn.checkDigit("11122233")).isEqualTo(3);
    assertThat(Bsn.checkDigit("12345678")).isEqualTo(2);
    assertThat(Bsn.checkDigit("00000005")).isEqualTo(-1);
    for (String eight : List.of("11122233", "12345678", "98765432", "31415926")) {
      int check = Bsn.checkDigit(eight);
      assertThat(check < 0 || Bsn.isValid(eight + check)).isTrue();
    }
  }

  @Test
  void the_shipped_catalogue_has_the_purposes_the_rules_need() {
    assertThat(CATALOGUE.version()).isEqualTo("2026.1");
    assertThat(CATALOGUE.maxNoticeDelay()).isEqualTo(Duration.ofDays(14));
    assertThat(CATALOGUE.purposes())
        .extracting(Purpose::code)
        .containsExactly(
            "care-coordination",
            "child-protection-investigation",
            "child-protection-measure",
            "child-safety-assessment",
            "classroom-coaching",
            "referral",
            "treatment",
            "video-home-training",
            "video-interaction-coaching");
    assertThat(CATALOGUE.categories()).extracting(Category::code).hasSize(17).isSorted();
    assertThat(CATALOGUE.category("medication").orElseThrow().resourceTypes())
        .containsExactly("MedicationRequest", "MedicationStatement");
    assertThat(CATALOGUE.category("recordings").orElseThrow().mappings().get(0).conditional())
        .isTrue();
    assertThat(CATALOGUE.category("notes").orElseThrow().mappings().get(0).conditional()).isFalse();
    assertThat(CATALOGUE.categoryDisplay("safety")).isEqualTo("Zorgen over veiligheid");
    assertThat(CATALOGUE.categoryDisplay("unknown")).isEqualTo("unknown");
    assertThat(CATALOGUE.category(null)).isEmpty();
    assertThat(CATALOGUE.purpose(null)).isEmpty();
    assertThat(CATALOGUE.roles()).containsKey("family-guardian");
    Purpose referral = CATALOGUE.purpose("referral").orElseThrow();
    assertThat(referral.objectionWindow()).isEqualTo(Duration.ofHours(72));
    assertThat(referral.categories()).contains("diagnoses");
    assertThat(referral.sortedCategories()).isSorted();
    assertThat(CATALOGUE.purpose("classroom-coaching").orElseThrow().internalOnly()).isTrue();
    assertThat(CATALOGUE.purpose("child-safety-assessment").orElseThrow().noticeAfterAllowed())
        .isTrue();
    assertThat(CATALOGUE.purpose("care-coordination").orElseThrow().noticeAfterAllowed()).isFalse();
    assertThat(ENGINE.catalogue()).isSameAs(CATALOGUE);
  }

  @Test
  void P2_every_allowed_category_of_every_purpose_says_why_it_is_needed_and_keeps_only_the_BSN() {
    for (Purpose p : CATALOGUE.purposes()) {
      for (String category : p.categories()) {
        assertThat(p.rationale().get(category))
            .as("%s / %s has a rationale", p.code(), category)
            .isNotBlank();
      }
      Set<String> identification = p.fields().get("identification");
      if (identification != null) {
        assertThat(identification)
            .as(p.code())
            .noneMatch(path -> path.equals("Patient.identifier"))
            .anyMatch(
                path ->
                    path.startsWith(
                        "Patient.identifier.where(system='http://fhir.nl/fhir/NamingSystem/bsn')"));
      }
      Set<String> observations = p.fields().get("observations");
      if (observations != null) {
        assertThat(observations)
            .as("%s: a measurement goes with its value", p.code())
            .contains("Observation.value", "Observation.component.value");
      }
    }
  }

  @Test
  void a_category_mapping_needs_an_element_and_system_together() {
    assertThatThrownBy(() -> new Category.Mapping("Observation", "category", null, null))
        .hasMessageContaining("both an element and a system");
    assertThatThrownBy(() -> new Category.Mapping("Observation", null, null, "x"))
        .hasMessageContaining("with a code needs a system");
    assertThatThrownBy(() -> new Category("c", "C", List.of()))
        .hasMessageContaining("maps no resource type");
  }

  @Test
  void a_catalogue_with_an_unknown_category_role_or_basis_or_a_missing_field_is_rejected() {
    assertThatThrownBy(
            () -> parse(purpose("\"fields\": {\"nonsense\": [\"x\"]}", "[\"r\"]", "[\"consent\"]")))
        .hasMessageContaining("unknown category nonsense");
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                        "\"fields\": {\"c\": [\"DocumentReference.x\"]}",
                        "[\"ghost\"]",
                        "[\"consent\"]")))
        .hasMessageContaining("unknown role ghost");
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                        "\"fields\": {\"c\": [\"DocumentReference.x\"]}", "[\"r\"]", "[\"whim\"]")))
        .hasMessageContaining("unknown basis whim");
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                        "\"notice\": \"never\", \"fields\": {\"c\": [\"DocumentReference.x\"]}",
                        "[\"r\"]",
                        "[\"consent\"]")))
        .hasMessageContaining("unknown notice mode never");
    assertThatThrownBy(
            () ->
                parse("{\"version\": \"1\", \"categories\": [], \"roles\": [], \"purposes\": []}"))
        .hasMessageContaining("maxNoticeDelay");
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                        "\"fields\": {\"c\": [\"Observation.value\"]}",
                        "[\"r\"]",
                        "[\"consent\"]")))
        .hasMessageContaining(
            "element path 'Observation.value' must start with one of [DocumentReference]");
    assertThatThrownBy(
            () -> parse(purpose("\"fields\": {\"c\": [\"status\"]}", "[\"r\"]", "[\"consent\"]")))
        .hasMessageContaining("element path 'status'");
    assertThatThrownBy(() -> parse(purpose("\"fields\": {\"c\": []}", "[\"r\"]", "[\"consent\"]")))
        .hasMessageContaining("without any element");
  }

  @Test
  void the_kinds_of_organisation_say_which_roles_they_may_hold_and_every_role_has_a_kind() {
    OrganisationKind school = CATALOGUE.organisationKind("school").orElseThrow();
    assertThat(school.mayHold("school-care-coordinator")).isTrue();
    assertThat(school.mayHold("child-protection-investigator")).isFalse();
    assertThat(school.mayHold(null)).isFalse();
    assertThat(CATALOGUE.organisationKind("child-protection-board").orElseThrow().roles())
        .containsExactly("child-protection-investigator");
    assertThat(CATALOGUE.organisationKind("bakery")).isEmpty();
    assertThat(CATALOGUE.organisationKind(null)).isEmpty();
    assertThat(CATALOGUE.organisationKinds())
        .extracting(OrganisationKind::code)
        .startsWith("neighbourhood-team", "youth-mental-health")
        .doesNotHaveDuplicates();
    Set<String> held = new java.util.TreeSet<>();
    CATALOGUE.organisationKinds().forEach(k -> held.addAll(k.roles()));
    assertThat(held).isEqualTo(CATALOGUE.roles().keySet());
  }

  @Test
  void an_organisation_kind_with_an_unknown_role_or_listed_twice_is_rejected() {
    String kinds =
        "\"organisationKinds\": [{\"code\": \"k\", \"display\": \"K\", \"roles\": [\"ghost\"]}], ";
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                            "\"fields\": {\"c\": [\"DocumentReference.x\"]}",
                            "[\"r\"]",
                            "[\"consent\"]")
                        .replace("\"purposes\":", kinds + "\"purposes\":")))
        .hasMessageContaining("organisation kind k names unknown role ghost");
    String twice =
        "\"organisationKinds\": [{\"code\": \"k\", \"display\": \"K\", \"roles\": [\"r\"]},"
            + "{\"code\": \"k\", \"display\": \"K2\", \"roles\": []}], ";
    assertThatThrownBy(
            () ->
                parse(
                    purpose(
                            "\"fields\": {\"c\": [\"DocumentReference.x\"]}",
                            "[\"r\"]",
                            "[\"consent\"]")
                        .replace("\"purposes\":", twice + "\"purposes\":")))
        .hasMessageContaining("listed twice");
  }

  @Test
  void V2_V8_and_S1_on_a_catalogue_that_lets_recordings_go_on_a_legal_duty() throws IOException {
    PurposeCatalogue own =
        parse(
            purpose(
                "\"fields\": {\"c\": {\"paths\": [\"DocumentReference.status\"], \"why\": \"W\"}}",
                "[\"r\"]",
                "[\"legal-duty\"]"));
    PolicyEngine engine = new PolicyEngine(own);
    assertThat(own.purpose("p").orElseThrow().objectionWindow()).isZero();
    Requester requester = new Requester("pro-1", "Anna", "r", WIJKTEAM);
    DataRequest request =
        new DataRequest(
            "r1", requester, BSN, GGZ, "p", "uitleg", Set.of("c"), "legal-duty", null, null);
    Recording byOther =
        new Recording(
            Recording.Kind.VIDEO_HOME_TRAINING,
            "o",
            "someone-else",
            List.of(),
            "h",
            "h",
            false,
            null);
    Recording byRequester =
        new Recording(
            Recording.Kind.VIDEO_HOME_TRAINING, "o", "pro-1", List.of(), "h", "h", false, null);
    Recording conversation =
        new Recording(Recording.Kind.CONVERSATION, "o", "pro-1", List.of(), "h", "h", false, null);
    Recording tamperedSecret =
        new Recording(Recording.Kind.CLASSROOM, "o", "pro-1", List.of(), "h", "x", false, null);
    Decision d =
        engine.decide(
            request,
            delivered(
                facts(youthAged(8), List.of(), List.of()),
                List.of(
                    new SourceItem("DocumentReference/1", "c", false, byOther),
                    new SourceItem("DocumentReference/2", "c", false, byRequester),
                    new SourceItem("DocumentReference/3", "c", false, conversation),
                    new SourceItem("DocumentReference/4", "c", true, tamperedSecret))));
    assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
    assertThat(d.withheldItems())
        .extracting(w -> w.itemId() + " " + w.ruleId())
        .containsExactlyInAnyOrder(
            "DocumentReference/1 V2", "DocumentReference/3 V8", "DocumentReference/4 S1");
    // V3: the recording that goes out carries the obligation not to show it outside.
    assertThat(d.reasons())
        .filteredOn(r -> r.key() == ReasonKey.RECORDING_NO_SHOWING)
        .extracting(r -> r.ruleId() + " " + r.effect() + " " + r.params().get("item"))
        .containsExactly("V3 OBLIGATION DocumentReference/2");
    assertThat(d.isRefused()).isFalse();
    assertThat(d.ruleIds()).startsWith("P1", "P3");
    assertThat(d.labels()).extracting(SecurityLabel::code).contains("R");
  }

  @Test
  void E2_a_withdrawn_consent_the_release_did_not_rely_on_triggers_nothing() {
    PriorRelease release =
        new PriorRelease(
            "rel-1",
            "pro-1",
            WIJKTEAM,
            BSN,
            GGZ,
            "care-coordination",
            Set.of("care-plan"),
            NOW.minusSeconds(60),
            NOW.plusSeconds(3600),
            Set.of("c-relied-on"));
    ConsentRecord unrelated =
        new ConsentRecord(
            "c-other",
            MOTHER.id(),
            WIJKTEAM,
            "care-coordination",
            Set.of("care-plan"),
            "v1",
            ConsentRecord.Act.AUTHENTICATED_ACT,
            NOW.minusSeconds(600),
            null,
            NOW.minusSeconds(1));
    assertThat(ErasureRules.due(List.of(release), List.of(unrelated), NOW)).isEmpty();
  }

  @Test
  void legal_bases_have_codes_and_dutch_names() {
    assertThat(LegalBasis.fromCode("compelling-interest")).contains(LegalBasis.COMPELLING_INTEREST);
    assertThat(LegalBasis.COMPELLING_INTEREST.dutch()).isEqualTo("zwaarwegend belang");
    assertThat(LegalBasis.CONSENT.isOverriding()).isFalse();
    assertThat(LegalBasis.fromCode("whim")).isEmpty();
  }

  private static String purpose(String fields, String roles, String bases) {
    return "{\"version\": \"t\", \"maxNoticeDelay\": \"P1D\","
        + "\"categories\": [{\"code\": \"c\", \"display\": \"C\", \"map\": [{\"resourceType\": \"DocumentReference\"}]}],"
        + "\"roles\": [{\"code\": \"r\", \"display\": \"R\"}],"
        + "\"purposes\": [{\"code\": \"p\", \"display\": \"P\", \"definition\": \"D\", \"purposeOfUse\": \"TREAT\","
        + "\"roles\": "
        + roles
        + ", \"bases\": "
        + bases
        + ", "
        + fields
        + ", \"retention\": \"P1D\"}]}";
  }

  private static PurposeCatalogue parse(String json) throws IOException {
    return PurposeCatalogue.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
