package nl.jeugdpoort.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * P2 element by element: what the allow-list selects stays, nested elements included; nothing else.
 */
class MinimiserTest {
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final PurposeCatalogue CATALOGUE = PurposeCatalogue.load();
  final Minimiser minimiser = new Minimiser(FHIR);

  @Test
  void P2_only_the_BSN_identifier_leaves_the_source_MRN_SSN_and_driving_licence_do_not() {
    Patient p = new Patient();
    p.setId("p1");
    p.addIdentifier().setSystem("http://hospital.example/mrn").setValue("MRN-1");
    p.addIdentifier().setSystem(Vocabulary.BSN).setValue("716045886");
    p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue("999-11-2222");
    p.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.4.3.25").setValue("S99912345");
    p.addName().setFamily("Jansen").addGiven("Thijs");
    p.addAddress().setCity("Utrecht");
    p.getMeta()
        .addTag(Vocabulary.DATA_CATEGORY, "identification", null)
        .addProfile("http://example/profile");
    p.getMeta().setVersionId("7");
    Purpose purpose = CATALOGUE.purpose("care-coordination").orElseThrow();

    Patient out = (Patient) minimiser.minimise(p, purpose.fields().get("identification"));

    assertThat(out.getIdentifier())
        .extracting(i -> i.getSystem() + "|" + i.getValue())
        .containsExactly(Vocabulary.BSN + "|716045886");
    assertThat(out.getNameFirstRep().getFamily()).isEqualTo("Jansen");
    assertThat(out.hasAddress()).isFalse();
    assertThat(out.getIdElement().getIdPart()).isEqualTo("p1");
    assertThat(out.getMeta().getTag()).hasSize(1);
    assertThat(out.getMeta().hasProfile()).isFalse();
    assertThat(out.getMeta().hasVersionId()).isFalse();
    assertThat(p.getIdentifier()).as("the source's resource is not changed").hasSize(4);
  }

  @Test
  void P2_a_measurement_keeps_its_value_and_components_but_not_notes_or_performer() {
    Observation bp = new Observation();
    bp.setId("bp");
    bp.setStatus(Observation.ObservationStatus.FINAL);
    bp.setSubject(new Reference("Patient/p1"));
    bp.setCode(new CodeableConcept(new Coding("http://loinc.org", "85354-9", "Blood pressure")));
    bp.setEffective(new DateTimeType("2026-11-01"));
    bp.addPerformer(new Reference("Practitioner/dr"));
    bp.addNote(new Annotation().setText("Vader was erg boos tijdens het consult."));
    Observation.ObservationComponentComponent systolic = bp.addComponent();
    systolic.setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", "Systolic")));
    systolic.setValue(new Quantity(120).setUnit("mm[Hg]"));
    systolic.addInterpretation().setText("normaal");
    Observation weight = new Observation();
    weight.setId("w");
    weight.setValue(new Quantity(31.5).setUnit("kg"));
    Set<String> allowList =
        CATALOGUE
            .purpose("child-protection-investigation")
            .orElseThrow()
            .fields()
            .get("observations");

    Observation outBp = (Observation) minimiser.minimise(bp, allowList);
    Observation outWeight = (Observation) minimiser.minimise(weight, allowList);

    assertThat(outBp.getComponent()).hasSize(1);
    assertThat(outBp.getComponentFirstRep().getValueQuantity().getValue())
        .isEqualByComparingTo("120");
    assertThat(outBp.getComponentFirstRep().getCode().getCodingFirstRep().getCode())
        .isEqualTo("8480-6");
    assertThat(outBp.getComponentFirstRep().hasInterpretation())
        .as("component.interpretation is not listed")
        .isFalse();
    assertThat(outBp.hasNote()).isFalse();
    assertThat(outBp.hasPerformer()).isFalse();
    assertThat(outBp.getSubject().getReference()).isEqualTo("Patient/p1");
    assertThat(outWeight.getValueQuantity().getValue()).isEqualByComparingTo("31.5");
  }

  @Test
  void P2_every_element_left_is_under_an_allow_list_entry() {
    Observation obs = new Observation();
    obs.setId("o");
    obs.setStatus(Observation.ObservationStatus.FINAL);
    obs.addNote().setText("x");
    obs.addIdentifier().setValue("secret");
    obs.setValue(new Quantity(3));
    Set<String> allowList = Set.of("Observation.value");
    Resource out = minimiser.minimise(obs, allowList);
    List<String> elements = new ArrayList<>();
    FHIR.newTerser()
        .getAllPopulatedChildElementsOfType(
            out, org.hl7.fhir.instance.model.api.IPrimitiveType.class)
        .forEach(e -> elements.add(e.getValueAsString()));
    assertThat(elements).as("the id and the value, nothing else").containsExactly("o", "3");
  }

  @Test
  void a_path_that_is_not_FHIRPath_stops_the_start_with_its_name() {
    assertThatThrownBy(() -> minimiser.check(List.of("Observation.value", "Observation.where(")))
        .hasMessageContaining("'Observation.where('");
  }

  @Test
  void every_allow_list_entry_of_the_catalogue_is_valid_FHIRPath() {
    List<String> all = new ArrayList<>();
    CATALOGUE.purposes().forEach(p -> p.fields().values().forEach(all::addAll));
    minimiser.check(all);
    assertThat(all).isNotEmpty();
  }
}
