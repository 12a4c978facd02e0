package nl.jeugdpoort.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import nl.jeugdpoort.gateway.demo.DemoWorld;
import nl.jeugdpoort.gateway.text.FamilyRole;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Youth;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * What a source answers, as the policy needs it: legal roles (C2, N1), secrecy (S1), recordings
 * (V).
 */
class SourceTranslationTest {
  private static final LocalDate REF = LocalDate.of(2026, 11, 23);
  private final DemoWorld world = DemoWorld.generate(20261123L, REF, 60);

  private List<Resource> recordsOf(String patientId) {
    return world.records(DemoWorld.WIJKTEAM).stream()
        .filter(
            r ->
                r.getIdElement().getIdPart().equals(patientId)
                    || r.getIdElement().getIdPart().endsWith("-" + patientId)
                    || (r instanceof RelatedPerson rp
                        && rp.getPatient().getReference().equals("Patient/" + patientId)))
        .toList();
  }

  @Test
  void authority_holders_guardians_and_curators_become_the_policys_persons() {
    Youth c1 = youth("c1");
    assertThat(c1.authorityHolders())
        .extracting(Person::id)
        .containsExactly("RelatedPerson/c1-mother", "RelatedPerson/c1-father");
    assertThat(c1.representative()).isNull();
    assertThat(youth("c5").authorityHolders())
        .extracting(Person::id)
        .containsExactly("RelatedPerson/c5-guardian");
    Youth c18 = youth("c18");
    assertThat(c18.authorityHolders()).isEmpty();
    assertThat(c18.representative().id()).isEqualTo("RelatedPerson/c18-curator");
    assertThat(c18.ageOn(REF)).isEqualTo(18);
  }

  @Test
  void family_roles_are_named_as_the_family_says_them() {
    List<Resource> records = recordsOf("c1");
    Patient patient =
        records.stream()
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .findFirst()
            .orElseThrow();
    List<RelatedPerson> related =
        records.stream()
            .filter(RelatedPerson.class::isInstance)
            .map(RelatedPerson.class::cast)
            .toList();
    var roles = SourceTranslation.familyRoles(patient, related);
    assertThat(roles)
        .containsEntry("Patient/c1", FamilyRole.YOUTH)
        .containsEntry("RelatedPerson/c1-mother", FamilyRole.MOTHER)
        .containsEntry("RelatedPerson/c1-father", FamilyRole.FATHER);
  }

  @Test
  void a_birth_date_is_a_day_and_is_never_shifted_by_a_time_zone() {
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    try {
      // Far east of UTC: midnight local time is the previous day in UTC.
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
      Patient p = new Patient();
      p.getBirthDateElement().setValueAsString("2012-02-29");
      assertThat(SourceTranslation.birthDate(p)).isEqualTo(LocalDate.of(2012, 2, 29));
      p.getBirthDateElement().setValueAsString("2012-05");
      assertThat(SourceTranslation.birthDate(p)).isEqualTo(LocalDate.of(2012, 5, 1));
      assertThat(SourceTranslation.birthDate(new Patient())).isNull();
    } finally {
      java.util.TimeZone.setDefault(zone);
    }
  }

  @Test
  void recordings_carry_their_metadata_and_an_unannounced_edit_breaks_integrity() {
    SourceItem intact = recording("c0");
    assertThat(intact.category()).isEqualTo("recordings");
    assertThat(intact.professionalSecrecy()).isTrue();
    assertThat(intact.recording().ownerId()).isEqualTo("RelatedPerson/c0-mother");
    assertThat(intact.recording().depictedFamilies()).containsExactly("family-c0");
    assertThat(intact.recording().trajectoryEnd()).isEqualTo(REF.plusMonths(3));
    assertThat(intact.recording().integrityHolds()).isTrue();
    assertThat(recording("c9").recording().integrityHolds()).isFalse();
    assertThat(
            SourceTranslation.item(
                    "care-plan",
                    recordsOf("c0").stream()
                        .filter(r -> r.fhirType().equals("CarePlan"))
                        .findFirst()
                        .orElseThrow())
                .recording())
        .isNull();
  }

  private Youth youth(String id) {
    List<Resource> records = recordsOf(id);
    Patient patient =
        records.stream()
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .findFirst()
            .orElseThrow();
    List<RelatedPerson> related =
        records.stream()
            .filter(RelatedPerson.class::isInstance)
            .map(RelatedPerson.class::cast)
            .toList();
    return SourceTranslation.youth(patient, related, patient.getIdentifierFirstRep().getValue());
  }

  private SourceItem recording(String id) {
    DocumentReference doc =
        recordsOf(id).stream()
            .filter(DocumentReference.class::isInstance)
            .map(DocumentReference.class::cast)
            .findFirst()
            .orElseThrow();
    return SourceTranslation.item("recordings", doc);
  }
}
