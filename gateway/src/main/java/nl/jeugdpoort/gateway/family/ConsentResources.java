package nl.jeugdpoort.gateway.family;

import java.time.Instant;
import java.util.Date;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The FHIR form of a family's record (profiles jp-consent and jp-objection): what the FHIR API
 * answers and what the portal offers as a download, the same record in the same form.
 */
public final class ConsentResources {
  /** The policy URI of an objection, which has no information text of its own. */
  static final String INFORMATION_TEXT = Vocabulary.BASE + "/information-text/";

  private ConsentResources() {}

  public static Consent toFhir(ConsentEntity c) {
    Consent f = new Consent();
    f.setId(c.id());
    f.getMeta().addProfile(c.isObjection() ? Profiles.OBJECTION : Profiles.CONSENT);
    f.setStatus(
        c.withdrawnAt() == null ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
    f.setScope(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy",
                "Privacy Consent")));
    f.addCategory(
        new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    f.getPatient().setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(c.youthBsn()));
    f.setDateTime(Date.from(c.createdAt()));
    f.addPerformer(new Reference(c.givenBy()));
    f.addPolicy()
        .setUri(
            c.informationVersion() != null
                ? c.informationVersion()
                : INFORMATION_TEXT + "objection");
    Consent.ProvisionComponent p = f.getProvision();
    p.setType(
        c.isObjection() ? Consent.ConsentProvisionType.DENY : Consent.ConsentProvisionType.PERMIT);
    p.getPeriod().setStart(Date.from(c.periodStart()));
    Instant end = c.withdrawnAt() != null ? c.withdrawnAt() : c.periodEnd();
    if (end != null) {
      p.getPeriod().setEnd(Date.from(end));
    }
    if (c.recipientOrg() != null) {
      p.addActor()
          .setRole(
              new CodeableConcept(
                  new Coding(
                      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                      "IRCP",
                      "information recipient")))
          .setReference(
              new Reference()
                  .setIdentifier(
                      new Identifier()
                          .setSystem(Vocabulary.ORGANISATION)
                          .setValue(c.recipientOrg())));
    }
    if (c.purpose() != null) {
      p.addPurpose(new Coding(Vocabulary.PURPOSE, c.purpose(), null));
    }
    c.categories().forEach(cat -> p.addClass_(new Coding(Vocabulary.DATA_CATEGORY, cat, null)));
    return f;
  }
}
