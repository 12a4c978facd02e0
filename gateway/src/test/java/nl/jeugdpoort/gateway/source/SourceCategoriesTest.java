package nl.jeugdpoort.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The category mapping: tags win, then a matching coded element, then the resource type; unmapped
 * types never go.
 */
class SourceCategoriesTest {
  final SourceCategories mapping =
      new SourceCategories(PurposeCatalogue.load(), FhirContext.forR4Cached());

  @Test
  void untagged_resources_are_mapped_by_type_and_code() {
    assertThat(mapping.categoryOf(new Encounter())).contains("encounters");
    assertThat(mapping.categoryOf(new Observation())).contains("observations");
    DocumentReference note = new DocumentReference();
    note.setType(new CodeableConcept(new Coding("http://loinc.org", "11506-3", null)));
    assertThat(mapping.categoryOf(note)).contains("notes");
    DocumentReference recording = new DocumentReference();
    recording.setType(
        new CodeableConcept(new Coding(Vocabulary.RECORDING_KIND, "video-home-training", null)));
    assertThat(mapping.categoryOf(recording)).contains("recordings");
    Observation school = new Observation();
    school.addCategory(
        new CodeableConcept(new Coding(Vocabulary.DATA_CATEGORY, "education", null)));
    assertThat(mapping.categoryOf(school)).contains("education");
  }

  @Test
  void a_tag_wins_but_only_for_a_category_of_the_resource_type() {
    Observation tagged = new Observation();
    tagged.getMeta().addTag(Vocabulary.DATA_CATEGORY, "education", null);
    assertThat(mapping.categoryOf(tagged)).contains("education");
    Observation mistagged = new Observation();
    mistagged.getMeta().addTag(Vocabulary.DATA_CATEGORY, "safety", null);
    assertThat(mapping.categoryOf(mistagged))
        .as("Flag is the type of safety")
        .contains("observations");
  }

  @Test
  void search_noise_and_unmapped_types_have_no_category() {
    assertThat(mapping.categoryOf(new OperationOutcome())).isEmpty();
    assertThat(mapping.categoryOf(new Practitioner())).isEmpty();
  }

  @Test
  void the_types_to_read_follow_the_categories() {
    assertThat(mapping.resourceTypes(List.of("medication", "observations", "education")))
        .containsExactly("Observation", "MedicationRequest", "MedicationStatement");
  }

  @Test
  void C5_a_resource_about_another_patient_or_about_nobody_is_not_about_the_youth() {
    Observation own = new Observation();
    own.setSubject(new Reference("Patient/p1"));
    Observation absolute = new Observation();
    absolute.setSubject(new Reference("http://source.example/fhir/Patient/p1"));
    Observation otherServer = new Observation();
    otherServer.setSubject(new Reference("http://elsewhere.example/fhir/Patient/p1"));
    Observation other = new Observation();
    other.setSubject(new Reference("Patient/p2"));
    Observation group = new Observation();
    group.setSubject(new Reference("Group/p1"));
    Patient patient = new Patient();
    patient.setId("p2");

    assertThat(YouthCheck.isAbout(own, "p1", "http://source.example/fhir")).isTrue();
    assertThat(YouthCheck.isAbout(absolute, "p1", "http://source.example/fhir/")).isTrue();
    assertThat(YouthCheck.isAbout(otherServer, "p1", "http://source.example/fhir")).isFalse();
    assertThat(YouthCheck.isAbout(other, "p1", "http://source.example/fhir")).isFalse();
    assertThat(YouthCheck.isAbout(group, "p1", "http://source.example/fhir")).isFalse();
    assertThat(YouthCheck.isAbout(new Observation(), "p1", "http://source.example/fhir")).isFalse();
    assertThat(YouthCheck.isAbout(patient, "p1", "http://source.example/fhir")).isFalse();
  }
}
