package nl.jeugdpoort.it.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The element walk of SyntheaSourceIT and the fixture's BSNs, without a gateway. */
class AllowListTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final AllowList allowList = new AllowList(FHIR);

  @Test
  void a_where_filter_keeps_the_bsn_and_flags_every_other_identifier() {
    Patient p = new Patient();
    p.setId("p1");
    p.addIdentifier().setSystem(SyntheaSource.BSN).setValue("123456782");
    p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue("999-12-3456");
    p.addName().setFamily("Jansen");
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2012-03-04"));
    p.getMeta()
        .addTag("https://jeugdpoort.nl/fhir/CodeSystem/data-category", "identification", null);

    List<String> v =
        allowList.violations(
            p,
            List.of(
                "Patient.identifier.where(system='" + SyntheaSource.BSN + "')", "Patient.name"));
    assertThat(v)
        .containsExactlyInAnyOrder(
            "Patient.identifier (system http://hl7.org/fhir/sid/us-ssn)", "Patient.birthDate");
    assertThat(
            allowList.violations(
                p, List.of("Patient.identifier", "Patient.name", "Patient.birthDate")))
        .isEmpty();
  }

  @Test
  void a_choice_entry_covers_every_type_and_a_concrete_one_only_its_own() {
    Observation o = new Observation();
    o.setId("o1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept().setText("Body height"));
    o.setValue(new Quantity().setValue(120).setUnit("cm"));
    o.addComponent().setCode(new CodeableConcept().setText("systolic")).setValue(new Quantity(110));

    assertThat(
            allowList.violations(
                o,
                List.of(
                    "Observation.status",
                    "Observation.code",
                    "Observation.value[x]",
                    "Observation.component")))
        .isEmpty();
    assertThat(
            allowList.violations(
                o,
                List.of(
                    "Observation.status",
                    "Observation.code",
                    "Observation.value",
                    "Observation.component.code",
                    "Observation.component.value")))
        .as("FHIRPath names a choice by its base name")
        .isEmpty();
    assertThat(
            allowList.violations(
                o, List.of("Observation.status", "Observation.code", "Observation.valueString")))
        .containsExactlyInAnyOrder("Observation.valueQuantity", "Observation.component");
    assertThat(
            allowList.violations(
                o,
                List.of(
                    "Observation.status",
                    "Observation.code",
                    "Observation.valueQuantity",
                    "Observation.component.code")))
        .containsExactly("Observation.component.valueQuantity");
  }

  @Test
  void generated_bsns_pass_the_elfproef_and_are_deterministic() {
    assertThat(SyntheaSource.isValidBsn("111222333")).isTrue();
    assertThat(SyntheaSource.isValidBsn("111222334")).isFalse();
    assertThat(SyntheaSource.isValidBsn("000000000")).isFalse();
    Random a = new Random(SyntheaSource.SEED);
    Random b = new Random(SyntheaSource.SEED);
    for (int i = 0; i < 50; i++) {
      String bsn = SyntheaSource.newBsn(a, new HashSet<>());
      assertThat(SyntheaSource.isValidBsn(bsn)).isTrue();
      assertThat(SyntheaSource.newBsn(b, new HashSet<>())).isEqualTo(bsn);
    }
  }
}
