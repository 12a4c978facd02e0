package nl.jeugdpoort.gateway.source;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.text.FamilyRole;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Recording;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Youth;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * Translates what a source answers (FHIR) into what the policy needs to know: the youth with their
 * legal representation, and per item its category, secrecy flag and recording metadata.
 */
public final class SourceTranslation {
  private SourceTranslation() {}

  /**
   * Patient + RelatedPersons → the policy's youth. Legal roles come from the legal-role code
   * system.
   */
  public static Youth youth(Patient patient, List<RelatedPerson> related, String bsn) {
    List<Person> holders = new ArrayList<>();
    Person representative = null;
    for (RelatedPerson rp : related) {
      String legalRole =
          rp.getRelationship().stream()
              .flatMap(cc -> cc.getCoding().stream())
              .filter(c -> Vocabulary.LEGAL_ROLE.equals(c.getSystem()))
              .map(Coding::getCode)
              .findFirst()
              .orElse("");
      java.util.Set<String> codes =
          rp.getRelationship().stream()
              .flatMap(cc -> cc.getCoding().stream())
              .map(Coding::getCode)
              .filter(c -> c != null && c.length() <= 64)
              .collect(java.util.stream.Collectors.toSet());
      Person person =
          switch (legalRole) {
            case "authority-holder", "court-guardian" ->
                new Person(
                    "RelatedPerson/" + rp.getIdElement().getIdPart(),
                    name(rp.getNameFirstRep()),
                    Person.Relation.AUTHORITY_HOLDER,
                    codes);
            case "curator", "mentor" ->
                new Person(
                    "RelatedPerson/" + rp.getIdElement().getIdPart(),
                    name(rp.getNameFirstRep()),
                    Person.Relation.REPRESENTATIVE,
                    codes);
            default -> null;
          };
      if (person == null) {
        continue;
      }
      if (person.relation() == Person.Relation.REPRESENTATIVE) {
        representative = person;
      } else {
        holders.add(person);
      }
    }
    LocalDate birth = birthDate(patient);
    return new Youth(
        bsn,
        "Patient/" + patient.getIdElement().getIdPart(),
        name(patient.getNameFirstRep()),
        birth,
        holders,
        representative);
  }

  /**
   * The birth date as the source wrote it: a FHIR {@code date} is a day, not an instant, so it is
   * never shifted by a time zone. A partial date (year, or year and month) counts from its first
   * day.
   */
  static LocalDate birthDate(Patient patient) {
    org.hl7.fhir.r4.model.DateType born = patient.getBirthDateElement();
    if (born == null || born.isEmpty() || born.getYear() == null) {
      return null;
    }
    int month = born.getMonth() == null ? 0 : born.getMonth();
    int day = born.getDay() == null ? 1 : born.getDay();
    return switch (born.getPrecision()) {
      case YEAR -> LocalDate.of(born.getYear(), 1, 1);
      case MONTH -> LocalDate.of(born.getYear(), month + 1, 1);
      default -> LocalDate.of(born.getYear(), month + 1, day);
    };
  }

  /**
   * How the family says each related person's role ("moeder", "vader", "voogd", "curator"), by the
   * person ids {@link #youth} uses; the youth is {@link FamilyRole#YOUTH}. For the notices (issue
   * #13).
   */
  public static java.util.Map<String, FamilyRole> familyRoles(
      Patient patient, List<RelatedPerson> related) {
    java.util.Map<String, FamilyRole> roles = new java.util.HashMap<>();
    roles.put("Patient/" + patient.getIdElement().getIdPart(), FamilyRole.YOUTH);
    for (RelatedPerson rp : related) {
      List<String> codes =
          rp.getRelationship().stream()
              .flatMap(cc -> cc.getCoding().stream())
              .map(Coding::getCode)
              .filter(java.util.Objects::nonNull)
              .toList();
      Person.Relation relation =
          codes.contains("curator") || codes.contains("mentor")
              ? Person.Relation.REPRESENTATIVE
              : Person.Relation.AUTHORITY_HOLDER;
      roles.put(
          "RelatedPerson/" + rp.getIdElement().getIdPart(), FamilyRole.fromCodes(codes, relation));
    }
    return roles;
  }

  /** One fetched resource → the policy's view of it. */
  /**
   * The e-mail addresses of the youth and the related persons, by the person ids {@link #youth}
   * uses.
   */
  public static java.util.Map<String, String> emails(Patient patient, List<RelatedPerson> related) {
    java.util.Map<String, String> emails = new java.util.HashMap<>();
    email(patient.getTelecom())
        .ifPresent(e -> emails.put("Patient/" + patient.getIdElement().getIdPart(), e));
    for (RelatedPerson rp : related) {
      email(rp.getTelecom())
          .ifPresent(e -> emails.put("RelatedPerson/" + rp.getIdElement().getIdPart(), e));
    }
    return emails;
  }

  private static java.util.Optional<String> email(
      List<org.hl7.fhir.r4.model.ContactPoint> telecom) {
    return telecom.stream()
        .filter(
            c ->
                c.getSystem() == org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL
                    && c.hasValue())
        .map(org.hl7.fhir.r4.model.ContactPoint::getValue)
        .filter(v -> v.length() <= 320 && v.matches("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+"))
        .findFirst();
  }

  public static SourceItem item(String category, Resource resource) {
    boolean secrecy =
        resource.getMeta().getSecurity(Vocabulary.SECURITY_LABEL, Vocabulary.PROFESSIONAL_SECRECY)
            != null;
    return new SourceItem(itemId(resource), category, secrecy, recording(resource));
  }

  public static String itemId(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }

  /**
   * The V-rule facts of a recording, from its jp-recording-metadata extension; null for other
   * items.
   */
  private static Recording recording(Resource resource) {
    if (!(resource instanceof DocumentReference doc)) {
      return null;
    }
    Extension metadata = doc.getExtensionByUrl(Profiles.RECORDING_METADATA);
    if (metadata == null) {
      return null;
    }
    Recording.Kind kind =
        switch (doc.getType().getCodingFirstRep().getCode()) {
          case "video-interaction-coaching" -> Recording.Kind.VIDEO_INTERACTION_COACHING;
          case "classroom" -> Recording.Kind.CLASSROOM;
          case "conversation" -> Recording.Kind.CONVERSATION;
          default -> Recording.Kind.VIDEO_HOME_TRAINING;
        };
    List<String> depicted =
        metadata.getExtensionsByUrl("depicted-family").stream()
            .map(e -> e.getValue().primitiveValue())
            .toList();
    Extension owner = metadata.getExtensionByUrl("owner");
    String end = text(metadata, "trajectory-end");
    return new Recording(
        kind,
        owner == null ? null : ((Reference) owner.getValue()).getReference(),
        text(metadata, "maker"),
        depicted,
        text(metadata, "registered-hash"),
        text(metadata, "current-hash"),
        "true".equals(text(metadata, "edit-announced")),
        end == null ? null : LocalDate.parse(end));
  }

  private static String text(Extension metadata, String part) {
    Extension e = metadata.getExtensionByUrl(part);
    return e == null || e.getValue() == null ? null : e.getValue().primitiveValue();
  }

  private static String name(HumanName name) {
    return name == null ? "" : name.getNameAsSingleString();
  }
}
