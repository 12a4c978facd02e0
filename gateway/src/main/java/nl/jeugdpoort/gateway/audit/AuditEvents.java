package nl.jeugdpoort.gateway.audit;

import java.util.Arrays;
import java.util.Date;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Audit entries as FHIR R4 {@code AuditEvent} (IHE BALP where it fits), for the FHIR search and for
 * the export (docs/audit.md): each chained event carries its chain fields in the extension {@value
 * nl.jeugdpoort.fhir.audit.AuditChain#EXTENSION}.
 */
public final class AuditEvents {
  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String BALP_AUTHZ = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType";

  private AuditEvents() {}

  private static void detail(
      AuditEvent.AuditEventEntityComponent entity, String type, String value) {
    if (value != null) {
      entity.addDetail().setType(type).setValue(new StringType(value));
    }
  }

  /**
   * The FHIR form of an entry; its place in the chain is in the entity named {@code hash-chain}.
   * With {@code withCanonical} (the export) a chained entry also carries the extension with its
   * chain fields and the exact bytes that were hashed, so that the offline verifier can check it
   * without the gateway.
   */
  public static AuditEvent toAuditEvent(AuditEntryEntity a, boolean withCanonical) {
    AuditEvent e = new AuditEvent();
    e.setId(a.id());
    if (a.requestId() != null) {
      e.getMeta().addProfile(Profiles.DISCLOSURE);
    }
    // IHE BALP: a release is a PrivacyDisclosure (DICOM "Export"); a decision is an authorisation
    // decision
    // (DICOM "Security Alert", AuthZ-Consent when consent decided it, else AuthZ-Role); the rest
    // are REST.
    e.addSubtype(
        new Coding(Vocabulary.BASE + "/CodeSystem/audit-event-subtype", a.eventType(), null));
    if ("release".equals(a.eventType())) {
      e.setType(new Coding(DCM, "110106", "Export"));
    } else if ("decision".equals(a.eventType())) {
      e.setType(new Coding(DCM, "110113", "Security Alert"));
      boolean consent = "yes".equals(a.controlConsent());
      e.addSubtype(
          new Coding(
              BALP_AUTHZ,
              consent ? "AuthZ-Consent" : "AuthZ-Role",
              consent
                  ? "Authorization Decision using Roles and Consent"
                  : "Authorization Decision using only Roles"));
    } else {
      e.setType(
          new Coding(
              "http://terminology.hl7.org/CodeSystem/audit-event-type",
              "rest",
              "RESTful Operation"));
    }
    e.setAction(AuditEvent.AuditEventAction.fromCode(a.action()));
    e.setRecorded(Date.from(a.recordedAt()));
    e.setOutcome(
        switch (a.outcome()) {
          case "success", "held" -> AuditEvent.AuditEventOutcome._0;
          case "refused" -> AuditEvent.AuditEventOutcome._4;
          default -> AuditEvent.AuditEventOutcome._8;
        });
    e.setOutcomeDesc(a.detail());
    AuditEvent.AuditEventAgentComponent agent = e.addAgent().setRequestor(true);
    agent.setWho(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(Vocabulary.ACCOUNT).setValue(a.actorUsername())));
    if (a.actorRole() != null) {
      agent.addRole().addCoding(new Coding(Vocabulary.REQUESTER_ROLE, a.actorRole(), null));
    }
    if (a.actorOrg() != null) {
      agent.getWho().setDisplay(a.actorUsername() + " @ " + a.actorOrg());
    }
    if (a.onBehalfOf() != null) {
      e.addAgent()
          .setRequestor(false)
          .setWho(new Reference().setDisplay("on behalf of " + a.onBehalfOf()));
    }
    if ("release".equals(a.eventType()) && a.onBehalfOf() != null && a.onBehalfOf().contains("@")) {
      // BALP PrivacyDisclosure.Recipient: the organisation that received the data.
      e.addAgent()
          .setRequestor(false)
          .addRole(
              new CodeableConcept(
                  new Coding(
                      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                      "IRCP",
                      "information recipient")))
          .setWho(
              new Reference()
                  .setIdentifier(
                      new Identifier()
                          .setSystem(Vocabulary.ORGANISATION)
                          .setValue(a.onBehalfOf().substring(a.onBehalfOf().indexOf('@') + 1))));
    }
    if (a.accessPoint() != null) {
      agent.getNetwork().setAddress(a.accessPoint());
    }
    if (a.purpose() != null) {
      e.addPurposeOfEvent().addCoding(new Coding(Vocabulary.PURPOSE, a.purpose(), null));
    }
    e.getSource().setObserver(new Reference().setDisplay("Jeugdpoort")).setSite("jeugdpoort");
    if (a.requestId() != null) {
      AuditEvent.AuditEventEntityComponent task =
          e.addEntity().setWhat(new Reference("Task/" + a.requestId()));
      if (a.ruleIds() != null && !a.ruleIds().isBlank()) {
        Arrays.stream(a.ruleIds().split(","))
            .forEach(rule -> task.addSecurityLabel(new Coding(Vocabulary.RULE, rule, null)));
        detail(task, "rule-ids", a.ruleIds());
      }
      detail(task, "legal-basis", a.legalBasis());
      if (a.dataDescription() != null) {
        task.setDescription(a.dataDescription());
      }
    }
    if (a.youthBsn() != null) {
      e.addEntity()
          .setWhat(
              new Reference()
                  .setIdentifier(
                      new Identifier().setSystem(Vocabulary.BSN).setValue(a.youthBsn())));
    }
    if (a.traceId() != null) {
      // The W3C trace context it was written in (docs/audit.md#trace-context-w3c-traceparent).
      AuditEvent.AuditEventEntityComponent trace = e.addEntity().setName("trace-context");
      detail(trace, "trace-id", a.traceId());
      detail(trace, "span-id", a.spanId());
    }
    AuditEvent.AuditEventEntityComponent chain = e.addEntity().setName("hash-chain");
    // A pending entry (written, not yet chained: docs/audit.md) has no seq and no hashes yet.
    detail(chain, "seq", a.chained() ? String.valueOf(a.seq()) : null);
    detail(chain, "chain-status", a.chained() ? "chained" : "pending");
    detail(chain, "prev-hash", a.prevHash());
    detail(chain, "hash", a.hash());
    detail(chain, "control-authorised", a.controlAuthorised());
    detail(chain, "control-care-relation", a.controlCareRelation());
    detail(chain, "control-consent", a.controlConsent());
    detail(chain, "control-override", a.controlOverride());
    if (a.chained() && withCanonical) {
      Extension ext = e.addExtension().setUrl(AuditChain.EXTENSION);
      ext.addExtension("seq", new DecimalType(a.seq()));
      ext.addExtension("prevHash", new StringType(a.prevHash()));
      ext.addExtension("hash", new StringType(a.hash()));
      int form = a.canon() == null ? AuditChain.FORM_PIPE : a.canon();
      ext.addExtension("form", new IntegerType(form));
      ext.addExtension("canonical", new Base64BinaryType(AuditLog.canonical(a)));
    }
    return e;
  }
}
