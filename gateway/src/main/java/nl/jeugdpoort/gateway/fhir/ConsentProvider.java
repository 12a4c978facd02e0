package nl.jeugdpoort.gateway.fhir;

import nl.jeugdpoort.gateway.text.ReasonTexts;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.family.FamilyConsents;
import nl.jeugdpoort.policy.family.FamilyRules;
import nl.jeugdpoort.policy.ConsentRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Consents (C1–C4) and objections (O1–O4) of a family, as FHIR {@code Consent} (profiles jp-consent,
 * permit, and jp-objection, deny). A family member gives, reads and withdraws them for their own youth
 * only (F2), and only when their consent counts (C2) or they may object (O1); who gave it is the
 * logged-in person, never the body's performer. Withdrawal is one action ({@code DELETE}), keeps the
 * record (status inactive) and counts at once for every later decision (C3, O3).
 */
@Dependent
public class ConsentProvider implements IResourceProvider {
  static final String INFORMATION_TEXT = Vocabulary.BASE + "/information-text/";

  @Inject Database database;
  @Inject SecurityAudit securityAudit;
  @Inject FamilyAccess family;
  @Inject ReasonTexts texts;
  @Inject FamilyConsents consents;
  @Inject Clock clock;
  @Inject FhirContext fhir;
  @Inject JeugdpoortValidator validator;

  @Override
  public Class<Consent> getResourceType() {
    return Consent.class;
  }

  @Create
  public MethodOutcome give(@ResourceParam Consent consent, HttpServletRequest http) {
    AuthenticatedUser user = familyMember();
    boolean objection = consent.getProvision().getType() == Consent.ConsentProvisionType.DENY;
    ValidationResult validation = validator.validate(consent, objection ? Profiles.OBJECTION : Profiles.CONSENT);
    if (!JeugdpoortValidator.errors(validation).isEmpty()) {
      throw new UnprocessableEntityException(fhir, validation.toOperationOutcome());
    }
    String bsn = consent.getPatient().getIdentifier().getValue();
    if (!Objects.equals(bsn, user.youthBsn())) {
      securityAudit.refused(user, http.getRemoteAddr(), "create Consent", "consent or objection for another youth", List.of("F2"));
      throw new ForbiddenOperationException("U kunt alleen voor uw eigen gezin toestemming geven of bezwaar maken (F2).");
    }
    FamilyRules.Answer may = objection ? family.mayLodgeObjection(user) : family.mayGiveConsent(user);
    if (!may.allowed()) {
      securityAudit.refused(user, http.getRemoteAddr(), "create Consent", texts.auditor(may.reason()), List.of(may.reason().ruleId()));
      throw new ForbiddenOperationException(texts.family(may.reason(), family.view(user)) + " (" + may.reason().ruleId() + ")");
    }
    String recipient = consent.getProvision().getActor().stream()
        .map(a -> a.getReference().getIdentifier())
        .filter(id -> Vocabulary.ORGANISATION.equals(id.getSystem()))
        .map(Identifier::getValue).findFirst().orElse(null);
    String purpose = consent.getProvision().getPurpose().stream()
        .filter(c -> Vocabulary.PURPOSE.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    Set<String> categories = new LinkedHashSet<>();
    consent.getProvision().getClass_().forEach(c -> categories.add(c.getCode()));
    String information = consent.getPolicy().stream().map(Consent.ConsentPolicyComponent::getUri)
        .filter(Objects::nonNull).findFirst().orElse(null);
    for (String text : new String[] {recipient, purpose, information, String.join(",", categories)}) {
      if (text != null && DataRequestTasks.hasControlCharacters(text)) {
        throw new UnprocessableEntityException("Consent contains control characters; only plain text is accepted.");
      }
    }
    if (!objection && (recipient == null || information == null)) {
      throw new UnprocessableEntityException(
          "Consent.provision.actor (the recipient organisation) and Consent.policy.uri (the information text shown, C1) are required for a consent.");
    }
    Instant now = clock.instant();
    Instant start = consent.getProvision().getPeriod().hasStart() ? consent.getProvision().getPeriod().getStart().toInstant() : now;
    Instant end = consent.getProvision().getPeriod().hasEnd() ? consent.getProvision().getPeriod().getEnd().toInstant() : null;
    ConsentEntity stored = new ConsentEntity(UUID.randomUUID().toString(),
        objection ? ConsentEntity.OBJECTION : ConsentEntity.CONSENT, bsn, user.personRef(), user.username(), recipient,
        purpose, categories, information, ConsentRecord.Act.AUTHENTICATED_ACT.name(), start.isAfter(now) ? start : now, end, now);
    ConsentEntity inForce = consents.give(user, stored, http.getRemoteAddr());
    // The same record again (a retry) gets the first answer: 201 with the record already stored.
    return new MethodOutcome(new IdType("Consent", inForce.id()), true).setResource(toFhir(inForce));
  }

  /** C4: whoever gave a consent or objection sees it; the family's other records as F2 and F3 allow. */
  @Read
  public Consent read(@IdParam IdType id) {
    AuthenticatedUser user = familyMember();
    ConsentEntity c = own(id, user);
    if (!Objects.equals(c.givenBy(), user.personRef())) {
      FamilyRules.Answer answer = family.maySeeDisclosures(user);
      if (!answer.allowed()) {
        securityAudit.refused(user, CurrentUser.remoteAddress(), "Consent/" + c.id(), texts.auditor(answer.reason()),
            List.of(answer.reason().ruleId()));
        throw new ForbiddenOperationException(texts.family(answer.reason(), family.view(user)) + " (" + answer.reason().ruleId() + ")");
      }
    }
    return toFhir(c);
  }

  /** The family's consents and objections: one's own always (C4), the others as F2 and F3 allow. */
  @Search
  public List<Consent> ownFamily() {
    AuthenticatedUser user = familyMember();
    boolean seesOthers = family.maySeeDisclosures(user).allowed();
    return database.read(em -> em.createQuery(
            "select c from ConsentEntity c where c.youthBsn = :bsn order by c.createdAt", ConsentEntity.class)
        .setParameter("bsn", user.youthBsn()).getResultList())
        .stream().filter(c -> seesOthers || Objects.equals(c.givenBy(), user.personRef()))
        .map(ConsentProvider::toFhir).toList();
  }

  /** C3, O3 — whoever gave the consent or lodged the objection (or, for an objection, the youth of 16+) withdraws it. */
  @Delete
  public MethodOutcome withdraw(@IdParam IdType id, HttpServletRequest http) {
    AuthenticatedUser user = familyMember();
    ConsentEntity existing = own(id, user);
    if (existing.isObjection()) {
      FamilyRules.Answer may = family.mayWithdrawObjection(user, existing.id(), existing.givenBy());
      if (!may.allowed()) {
        throw new ForbiddenOperationException(texts.family(may.reason(), family.view(user)) + " (O3)");
      }
    } else if (!Objects.equals(existing.givenBy(), user.personRef())) {
      throw new ForbiddenOperationException(texts.family(nl.jeugdpoort.policy.Reason.of("C3",
          nl.jeugdpoort.policy.Reason.Effect.DENY, nl.jeugdpoort.policy.ReasonKey.MAY_NOT_WITHDRAW_CONSENT,
          "consent", existing.id()), family.view(user)) + " (C3)");
    }
    consents.withdraw(user, existing.id(), http.getRemoteAddr());
    return new MethodOutcome(id);
  }

  private AuthenticatedUser familyMember() {
    AuthenticatedUser user = CurrentUser.require();
    if (!"family-member".equals(user.role()) || user.youthBsn() == null) {
      throw new ForbiddenOperationException("Alleen de jongere en zijn of haar ouders of vertegenwoordiger geven toestemming of maken bezwaar.");
    }
    return user;
  }

  private ConsentEntity own(IdType id, AuthenticatedUser user) {
    ConsentEntity c = database.read(em -> em.find(ConsentEntity.class, id.getIdPart()));
    if (c == null || !c.youthBsn().equals(user.youthBsn())) {
      securityAudit.refused(user, CurrentUser.remoteAddress(), "Consent/" + id.getIdPart(),
          c == null ? "no such consent (404)" : "consent of another family (404)", c == null ? List.of() : List.of("F2"));
      throw new ResourceNotFoundException(CleanOutcomes.NOT_FOUND);
    }
    return c;
  }

  public static Consent toFhir(ConsentEntity c) {
    Consent f = new Consent();
    f.setId(c.id());
    f.getMeta().addProfile(c.isObjection() ? Profiles.OBJECTION : Profiles.CONSENT);
    f.setStatus(c.withdrawnAt() == null ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
    f.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
    f.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    f.getPatient().setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(c.youthBsn()));
    f.setDateTime(Date.from(c.createdAt()));
    f.addPerformer(new Reference(c.givenBy()));
    f.addPolicy().setUri(c.informationVersion() != null ? c.informationVersion() : INFORMATION_TEXT + "objection");
    Consent.ProvisionComponent p = f.getProvision();
    p.setType(c.isObjection() ? Consent.ConsentProvisionType.DENY : Consent.ConsentProvisionType.PERMIT);
    p.getPeriod().setStart(Date.from(c.periodStart()));
    Instant end = c.withdrawnAt() != null ? c.withdrawnAt() : c.periodEnd();
    if (end != null) {
      p.getPeriod().setEnd(Date.from(end));
    }
    if (c.recipientOrg() != null) {
      p.addActor()
          .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")))
          .setReference(new Reference().setIdentifier(new Identifier().setSystem(Vocabulary.ORGANISATION).setValue(c.recipientOrg())));
    }
    if (c.purpose() != null) {
      p.addPurpose(new Coding(Vocabulary.PURPOSE, c.purpose(), null));
    }
    c.categories().forEach(cat -> p.addClass_(new Coding(Vocabulary.DATA_CATEGORY, cat, null)));
    return f;
  }
}
