package nl.jeugdpoort.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Youth;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Reading a registration and the V1 owner check, rule by rule. */
class RecordingRegistrationTest {
  static final String BSN = "937968754";

  /** The BSN of the youth of another depicted family. */
  static final String OTHER_FAMILY = "111222333";

  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

  static DocumentReference doc(String kind, String owner) {
    DocumentReference d = new DocumentReference();
    d.setMasterIdentifier(new Identifier().setValue("rec-wijkteam-noord-c21"));
    d.setType(new CodeableConcept(new Coding(Vocabulary.RECORDING_KIND, kind, null)));
    d.setSubject(
        new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(BSN)));
    d.setDescription("Samen spelen aan tafel");
    Extension m = new Extension(Profiles.RECORDING_METADATA);
    m.addExtension("owner", new Reference(owner));
    m.addExtension("maker", new StringType("femke"));
    m.addExtension("depicted-family", new StringType(OTHER_FAMILY));
    m.addExtension("registered-hash", new StringType(HASH));
    m.addExtension("current-hash", new StringType(HASH));
    m.addExtension("edit-announced", new BooleanType(false));
    m.addExtension("trajectory-end", new DateType("2026-12-10"));
    d.addExtension(m);
    return d;
  }

  /** A conversation recording registered with every party's consent (V8). */
  static DocumentReference conversation(String owner) {
    DocumentReference d = doc("conversation", owner);
    metadata(d).addExtension("all-parties-consented", new BooleanType(true));
    return d;
  }

  static Extension metadata(DocumentReference d) {
    return d.getExtensionByUrl(Profiles.RECORDING_METADATA);
  }

  static Youth youth(LocalDate birth) {
    return new Youth(
        BSN,
        "Patient/c21",
        "Sem Jansen",
        birth,
        List.of(
            new Person("RelatedPerson/c21-mother", "Moeder", Person.Relation.AUTHORITY_HOLDER),
            new Person("RelatedPerson/c21-father", "Vader", Person.Relation.AUTHORITY_HOLDER)),
        null);
  }

  @Test
  void reads_every_field_of_a_registration() {
    RecordingRegistration r =
        RecordingRegistration.read(doc("video-home-training", "RelatedPerson/c21-mother"));
    assertThat(r.sourceId()).isEqualTo("rec-wijkteam-noord-c21");
    assertThat(r.youthBsn()).isEqualTo(BSN);
    assertThat(r.ownerRef()).isEqualTo("RelatedPerson/c21-mother");
    assertThat(r.maker()).isEqualTo("femke");
    // V3: the subject's family is always depicted, first; each family by its youth's BSN.
    assertThat(r.depictedFamilies()).containsExactly(BSN, OTHER_FAMILY);
    assertThat(r.registeredHash()).isEqualTo(HASH);
    assertThat(r.trajectoryEnd()).isEqualTo(LocalDate.of(2026, 12, 10));
    assertThat(r.originalKept()).isFalse();
    assertThat(r.ownedByTheFamily()).isTrue();
  }

  @Test
  void V3_a_depicted_family_is_named_by_the_valid_bsn_of_its_youth() {
    DocumentReference named = doc("video-home-training", "RelatedPerson/c21-mother");
    metadata(named).addExtension("depicted-family", new StringType("family-c0"));
    assertThatThrownBy(() -> RecordingRegistration.read(named))
        .isInstanceOf(RecordingRegistration.Invalid.class)
        .hasMessageContaining("BSN")
        .extracting(e -> ((RecordingRegistration.Invalid) e).ruleId())
        .isEqualTo("V3");
    DocumentReference twice = doc("video-home-training", "RelatedPerson/c21-mother");
    metadata(twice).addExtension("depicted-family", new StringType(BSN));
    assertThat(RecordingRegistration.read(twice).depictedFamilies())
        .containsExactly(BSN, OTHER_FAMILY);
  }

  @Test
  void refuses_a_registration_without_the_holders_id_or_a_valid_bsn() {
    DocumentReference noId = doc("video-home-training", "RelatedPerson/c21-mother");
    noId.setMasterIdentifier(null);
    assertThatThrownBy(() -> RecordingRegistration.read(noId))
        .isInstanceOf(RecordingRegistration.Invalid.class)
        .hasMessageContaining("masterIdentifier");
    DocumentReference badBsn = doc("video-home-training", "RelatedPerson/c21-mother");
    badBsn.getSubject().getIdentifier().setValue("123456789");
    assertThatThrownBy(() -> RecordingRegistration.read(badBsn))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("C5"));
  }

  @Test
  void V6_a_hash_that_is_no_sha256_or_an_edit_without_announcement_is_refused() {
    DocumentReference badHash = doc("video-home-training", "RelatedPerson/c21-mother");
    metadata(badHash).getExtensionByUrl("registered-hash").setValue(new StringType("abc"));
    assertThatThrownBy(() -> RecordingRegistration.read(badHash))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V6"));
    DocumentReference edit = doc("video-home-training", "RelatedPerson/c21-mother");
    metadata(edit).getExtensionByUrl("edit-announced").setValue(new BooleanType(true));
    assertThatThrownBy(() -> RecordingRegistration.read(edit))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V6"))
        .hasMessageContaining("announcement");
    metadata(edit).addExtension("announcement", new StringType("Gezichten van de buren vervaagd"));
    assertThat(RecordingRegistration.read(edit).editAnnounced()).isTrue();
  }

  @Test
  void V1_video_home_training_belongs_to_the_authority_holders() {
    Youth young = youth(LocalDate.of(2025, 6, 1));
    RecordingRegistration.read(doc("video-home-training", "RelatedPerson/c21-father"))
        .checkOwner(young, TODAY);
    assertThatThrownBy(
            () ->
                RecordingRegistration.read(doc("video-home-training", "Practitioner/femke"))
                    .checkOwner(young, TODAY))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V1"))
        .hasMessageContaining("RelatedPerson/c21-mother");
    assertThatThrownBy(
            () ->
                RecordingRegistration.read(doc("video-home-training", "Patient/c21"))
                    .checkOwner(young, TODAY))
        .as("a child of 1 does not own it")
        .isInstanceOf(RecordingRegistration.Invalid.class);
  }

  @Test
  void V1_a_youth_of_16_registered_as_owner_owns_it() {
    Youth sixteen = youth(LocalDate.of(2010, 1, 1));
    RecordingRegistration.read(doc("video-home-training", "Patient/c21"))
        .checkOwner(sixteen, TODAY);
    RecordingRegistration.read(doc("video-home-training", "RelatedPerson/c21-mother"))
        .checkOwner(sixteen, TODAY);
    Youth fifteen = youth(LocalDate.of(2011, 12, 3));
    assertThatThrownBy(
            () ->
                RecordingRegistration.read(doc("video-home-training", "Patient/c21"))
                    .checkOwner(fifteen, TODAY))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V1"));
  }

  @Test
  void V1_every_other_kind_belongs_to_the_professional_who_made_it() {
    RecordingRegistration.read(doc("classroom", "Practitioner/femke")).checkOwner(null, TODAY);
    assertThatThrownBy(
            () ->
                RecordingRegistration.read(
                        doc("video-interaction-coaching", "RelatedPerson/c21-mother"))
                    .checkOwner(null, TODAY))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V1"))
        .hasMessageContaining("Practitioner/femke");
  }

  @Test
  void V8_a_conversation_recording_needs_every_partys_consent_covert_ones_are_refused() {
    DocumentReference covert = doc("conversation", "Practitioner/femke");
    assertThatThrownBy(() -> RecordingRegistration.read(covert))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V8"))
        .hasMessageContaining("all-parties-consented");
    metadata(covert).addExtension("all-parties-consented", new BooleanType(false));
    assertThatThrownBy(() -> RecordingRegistration.read(covert))
        .isInstanceOfSatisfying(
            RecordingRegistration.Invalid.class, e -> assertThat(e.ruleId()).isEqualTo("V8"));
    metadata(covert).getExtensionByUrl("all-parties-consented").setValue(new BooleanType(true));
    RecordingRegistration open = RecordingRegistration.read(covert);
    assertThat(open.kind()).isEqualTo(nl.jeugdpoort.policy.Recording.Kind.CONVERSATION);
    open.checkOwner(null, TODAY);
  }
}
