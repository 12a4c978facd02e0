package nl.jeugdpoort.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.identity.Bsn;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class DemoWorldTest {
  private static final LocalDate REF = LocalDate.of(2026, 11, 23);
  private final DemoWorld world = DemoWorld.generate(20261123L, REF, 60);

  @Test
  void is_deterministic_for_a_seed() {
    DemoWorld again = DemoWorld.generate(20261123L, REF, 60);
    FhirContext fhir = FhirContext.forR4Cached();
    for (String source : List.of(DemoWorld.WIJKTEAM, DemoWorld.GGZ, DemoWorld.GI)) {
      List<String> a =
          world.records(source).stream()
              .map(r -> fhir.newJsonParser().encodeResourceToString(r))
              .toList();
      List<String> b =
          again.records(source).stream()
              .map(r -> fhir.newJsonParser().encodeResourceToString(r))
              .toList();
      assertThat(a).isEqualTo(b).isNotEmpty();
    }
    assertThat(DemoWorld.generate(7L, REF, 60).children().get(0).bsn())
        .isNotEqualTo(world.children().get(0).bsn());
  }

  @Test
  void has_sixty_children_of_every_age_with_valid_unique_bsns() {
    assertThat(world.children()).hasSize(60);
    assertThat(world.children())
        .allSatisfy(c -> assertThat(Bsn.isValid(c.bsn())).as(c.bsn()).isTrue());
    assertThat(world.children().stream().map(DemoChild::bsn).distinct()).hasSize(60);
    Set<Integer> ages =
        world.children().stream()
            .map(c -> Period.between(c.birthDate(), REF).getYears())
            .collect(Collectors.toSet());
    assertThat(ages).containsAll(java.util.stream.IntStream.rangeClosed(0, 19).boxed().toList());
  }

  @Test
  void covers_the_legal_situations_the_rules_distinguish() {
    assertThat(world.children()).anySatisfy(c -> assertThat(c.adults()).hasSize(2));
    assertThat(world.children())
        .anySatisfy(
            c ->
                assertThat(c.adults())
                    .singleElement()
                    .satisfies(a -> assertThat(a.legalRole()).isEqualTo("authority-holder")));
    assertThat(world.children())
        .anySatisfy(
            c ->
                assertThat(c.adults())
                    .singleElement()
                    .satisfies(a -> assertThat(a.legalRole()).isEqualTo("court-guardian")));
    assertThat(world.children())
        .anySatisfy(
            c -> {
              assertThat(Period.between(c.birthDate(), REF).getYears()).isGreaterThanOrEqualTo(18);
              assertThat(c.adults())
                  .singleElement()
                  .satisfies(a -> assertThat(a.legalRole()).isEqualTo("curator"));
            });
    assertThat(world.children())
        .anySatisfy(c -> assertThat(c.birthDate()).isEqualTo(LocalDate.of(2016, 2, 29)));
  }

  @Test
  void demo_youths_and_recordings_conform_to_the_jeugdpoort_profiles() {
    nl.jeugdpoort.fhir.JeugdpoortValidator validator =
        new nl.jeugdpoort.fhir.JeugdpoortValidator(FhirContext.forR4Cached());
    List<Resource> checked =
        world.records(DemoWorld.WIJKTEAM).stream().filter(r -> r.getMeta().hasProfile()).toList();
    assertThat(checked)
        .anySatisfy(r -> assertThat(r.fhirType()).isEqualTo("DocumentReference"))
        .anySatisfy(r -> assertThat(r.fhirType()).isEqualTo("Patient"));
    for (Resource r : checked) {
      var result = validator.validate(r, r.getMeta().getProfile().get(0).getValue());
      assertThat(nl.jeugdpoort.fhir.JeugdpoortValidator.errors(result))
          .as(r.getIdElement().getValue())
          .isEmpty();
    }
  }

  @Test
  void V7_the_school_holds_one_classroom_recording_made_and_owned_by_its_teacher_coach() {
    nl.jeugdpoort.fhir.JeugdpoortValidator validator =
        new nl.jeugdpoort.fhir.JeugdpoortValidator(FhirContext.forR4Cached());
    List<Resource> school = world.records(DemoWorld.SCHOOL);
    org.hl7.fhir.r4.model.DocumentReference rec =
        school.stream()
            .filter(r -> r instanceof org.hl7.fhir.r4.model.DocumentReference)
            .map(r -> (org.hl7.fhir.r4.model.DocumentReference) r)
            .findFirst()
            .orElseThrow();
    assertThat(rec.getIdElement().getIdPart()).isEqualTo("rec-school-de-brug-c26");
    assertThat(rec.getType().getCodingFirstRep().getCode()).isEqualTo("classroom");
    assertThat(
            nl.jeugdpoort.fhir.JeugdpoortValidator.errors(
                validator.validate(rec, nl.jeugdpoort.fhir.Profiles.RECORDING)))
        .isEmpty();
    var metadata = rec.getExtensionByUrl(nl.jeugdpoort.fhir.Profiles.RECORDING_METADATA);
    assertThat(metadata.getExtensionByUrl("maker").getValue().primitiveValue())
        .isEqualTo(DemoWorld.TEACHER_COACH);
    // V1: a classroom recording belongs to the professional who made it.
    assertThat(
            nl.jeugdpoort.policy.recording.RecordingRules.owners(
                nl.jeugdpoort.policy.Recording.Kind.CLASSROOM,
                null,
                REF,
                false,
                "Practitioner/" + DemoWorld.TEACHER_COACH))
        .containsExactly(
            ((org.hl7.fhir.r4.model.Reference) metadata.getExtensionByUrl("owner").getValue())
                .getReference());
    assertThat(world.accounts())
        .anySatisfy(
            a -> {
              assertThat(a.username()).isEqualTo(DemoWorld.TEACHER_COACH);
              assertThat(a.role()).isEqualTo("teacher-coach");
              assertThat(a.organisationId()).isEqualTo(DemoWorld.SCHOOL);
            });
    assertThat(world.organisations())
        .anySatisfy(
            o -> {
              assertThat(o.id()).isEqualTo(DemoWorld.SCHOOL);
              assertThat(o.fhirBaseUrl()).isEqualTo("/demo-sources/school-de-brug/fhir");
            });
  }

  @Test
  void the_parents_of_c21_have_accounts_for_the_recording_registry() {
    assertThat(world.accounts())
        .filteredOn(a -> a.username().startsWith("ouder-21-"))
        .extracting(DemoAccount::personRef)
        .containsExactlyInAnyOrder("RelatedPerson/c21-mother", "RelatedPerson/c21-father");
    assertThat(world.accounts()).noneSatisfy(a -> assertThat(a.username()).startsWith("ouder-24-"));
  }

  @Test
  void sources_hold_every_category_some_items_under_secrecy_and_recordings() {
    List<Resource> all =
        List.of(DemoWorld.WIJKTEAM, DemoWorld.GGZ, DemoWorld.GI).stream()
            .flatMap(s -> world.records(s).stream())
            .toList();
    Set<String> categories =
        all.stream()
            .flatMap(r -> r.getMeta().getTag().stream())
            .map(t -> t.getCode())
            .collect(Collectors.toSet());
    assertThat(categories)
        .containsExactlyInAnyOrder(
            "identification",
            "legal-representation",
            "care-team",
            "care-plan",
            "diagnoses",
            "observations",
            "notes",
            "safety",
            "education",
            "recordings");
    assertThat(all)
        .anySatisfy(
            r ->
                assertThat(
                        r.getMeta()
                            .getSecurity(
                                Vocabulary.SECURITY_LABEL, Vocabulary.PROFESSIONAL_SECRECY))
                    .isNotNull());
    assertThat(all)
        .allSatisfy(
            r ->
                assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(r))
                    .isNotBlank());
  }
}
