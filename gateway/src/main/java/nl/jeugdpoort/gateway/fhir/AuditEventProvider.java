package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The audit log of a request (rules A1, A2) as FHIR {@code AuditEvent}:
 * {@code GET /fhir/AuditEvent?entity=Task/{id}}, for the organisations that may see the request. Each
 * event carries its rule ids and its place in the hash chain.
 */
@Dependent
public class AuditEventProvider implements IResourceProvider {
  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String BALP_AUTHZ = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType";

  @Inject Database database;
  @Inject nl.jeugdpoort.gateway.security.SecurityAudit securityAudit;
  @Inject RequestAccess access;

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Search
  public List<AuditEvent> forRequest(@RequiredParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity) {
    AuthenticatedUser user = CurrentUser.require();
    access.visible(entity.getIdPart(), user);
    return database.read(em -> em.createQuery(
            "select a from AuditEntryEntity a where a.requestId = :r order by a.seq", AuditEntryEntity.class)
        .setParameter("r", entity.getIdPart()).getResultList())
        .stream().map(AuditEventProvider::toAuditEvent).toList();
  }

  /**
   * For a privacy officer: the security events of their own organisation — refused accesses by its
   * people and systems ({@code subtype=access-refused}) and their logins, failed ones included
   * ({@code subtype=login}), alerts of password spraying against its accounts ({@code subtype=login-alert}) — and the alerts about the organisation's system as a source or about the
   * requests it made ({@code subtype=identity-conflict}: several patients for one BSN;
   * {@code source-access-denied}, {@code source-unsupported}, {@code source-bad-answer}; {@code erasure-overdue}: an
 * erasure request (E2) to or about the organisation not confirmed in time) — newest first, at
   * most 200.
   */
  @Search
  public List<AuditEvent> securityEvents(@RequiredParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype) {
    AuthenticatedUser user = CurrentUser.require();
    if (!AuthenticatedUser.PRIVACY_OFFICER.equals(user.role()) || user.organisationId() == null) {
      securityAudit.refused(user, CurrentUser.remoteAddress(), "search AuditEvent?subtype=" + subtype.getValue(),
          "security events are for the privacy officer", List.of());
      throw new ForbiddenOperationException("Alleen de privacyfunctionaris van een organisatie ziet haar beveiligingsmeldingen / "
          + "only a privacy officer sees the security events of their organisation.");
    }
    boolean sourceAlert = SOURCE_ALERTS.contains(subtype.getValue());
    if (!sourceAlert && !List.of("access-refused", "login", "login-alert", "breach-alert").contains(subtype.getValue())) {
      throw new InvalidRequestException("subtype must be access-refused, login, login-alert, breach-alert, " + String.join(", ", SOURCE_ALERTS)
          + " (or search by entity=Task/{id}).");
    }
    String concerns = sourceAlert
        ? "a.requestId in (select r.id from DataRequestEntity r where r.sourceOrg = :org or r.requesterOrg = :org)"
        : "(a.actorOrg = :org or a.actorUsername in (select acc.username from AccountEntity acc where acc.organisationId = :org))";
    return database.read(em -> em.createQuery("select a from AuditEntryEntity a where a.eventType = :type and "
            + concerns + " order by a.seq desc", AuditEntryEntity.class)
        .setParameter("type", subtype.getValue()).setParameter("org", user.organisationId())
        .setMaxResults(200).getResultList())
        .stream().map(AuditEventProvider::toAuditEvent).toList();
  }

  /** Alerts about a source's answers, for the privacy officers of the source and of the requester. */
  static final List<String> SOURCE_ALERTS =
      List.of("identity-conflict", "source-access-denied", "source-unsupported", "source-bad-answer", "erasure-overdue");

  private static void detail(AuditEvent.AuditEventEntityComponent entity, String type, String value) {
    if (value != null) {
      entity.addDetail().setType(type).setValue(new StringType(value));
    }
  }

  static AuditEvent toAuditEvent(AuditEntryEntity a) {
    AuditEvent e = new AuditEvent();
    e.setId(a.id());
    if (a.requestId() != null) {
      e.getMeta().addProfile(Profiles.DISCLOSURE);
    }
    // IHE BALP: a release is a PrivacyDisclosure (DICOM "Export"); a decision is an authorisation decision
    // (DICOM "Security Alert", AuthZ-Consent when consent decided it, else AuthZ-Role); the rest are REST.
    e.addSubtype(new Coding(Vocabulary.BASE + "/CodeSystem/audit-event-subtype", a.eventType(), null));
    if ("release".equals(a.eventType())) {
      e.setType(new Coding(DCM, "110106", "Export"));
    } else if ("decision".equals(a.eventType())) {
      e.setType(new Coding(DCM, "110113", "Security Alert"));
      boolean consent = "yes".equals(a.controlConsent());
      e.addSubtype(new Coding(BALP_AUTHZ, consent ? "AuthZ-Consent" : "AuthZ-Role",
          consent ? "Authorization Decision using Roles and Consent" : "Authorization Decision using only Roles"));
    } else {
      e.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
    }
    e.setAction(AuditEvent.AuditEventAction.fromCode(a.action()));
    e.setRecorded(Date.from(a.recordedAt()));
    e.setOutcome(switch (a.outcome()) {
      case "success", "held" -> AuditEvent.AuditEventOutcome._0;
      case "refused" -> AuditEvent.AuditEventOutcome._4;
      default -> AuditEvent.AuditEventOutcome._8;
    });
    e.setOutcomeDesc(a.detail());
    AuditEvent.AuditEventAgentComponent agent = e.addAgent().setRequestor(true);
    agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.ACCOUNT).setValue(a.actorUsername())));
    if (a.actorRole() != null) {
      agent.addRole().addCoding(new Coding(Vocabulary.REQUESTER_ROLE, a.actorRole(), null));
    }
    if (a.actorOrg() != null) {
      agent.getWho().setDisplay(a.actorUsername() + " @ " + a.actorOrg());
    }
    if (a.onBehalfOf() != null) {
      e.addAgent().setRequestor(false).setWho(new Reference().setDisplay("on behalf of " + a.onBehalfOf()));
    }
    if ("release".equals(a.eventType()) && a.onBehalfOf() != null && a.onBehalfOf().contains("@")) {
      // BALP PrivacyDisclosure.Recipient: the organisation that received the data.
      e.addAgent().setRequestor(false)
          .addRole(new CodeableConcept(
              new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")))
          .setWho(new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.ORGANISATION)
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
      AuditEvent.AuditEventEntityComponent task = e.addEntity().setWhat(new Reference("Task/" + a.requestId()));
      if (a.ruleIds() != null && !a.ruleIds().isBlank()) {
        Arrays.stream(a.ruleIds().split(",")).forEach(rule -> task.addSecurityLabel(new Coding(Vocabulary.RULE, rule, null)));
        detail(task, "rule-ids", a.ruleIds());
      }
      detail(task, "legal-basis", a.legalBasis());
      if (a.dataDescription() != null) {
        task.setDescription(a.dataDescription());
      }
    }
    if (a.youthBsn() != null) {
      e.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(a.youthBsn())));
    }
    AuditEvent.AuditEventEntityComponent chain = e.addEntity().setName("hash-chain");
    detail(chain, "seq", String.valueOf(a.seq()));
    detail(chain, "prev-hash", a.prevHash());
    detail(chain, "hash", a.hash());
    detail(chain, "control-authorised", a.controlAuthorised());
    detail(chain, "control-care-relation", a.controlCareRelation());
    detail(chain, "control-consent", a.controlConsent());
    detail(chain, "control-override", a.controlOverride());
    return e;
  }
}
