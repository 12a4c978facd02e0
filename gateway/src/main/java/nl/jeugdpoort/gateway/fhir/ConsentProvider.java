package nl.jeugdpoort.gateway.fhir;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.family.ConsentResources;
import nl.jeugdpoort.gateway.family.FamilyConsents;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.family.FamilyRules;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Consents (C1–C4) and objections (O1–O4) of a family, as FHIR {@code Consent} (profiles
 * jp-consent, permit, and jp-objection, deny). A family member gives, reads and withdraws them for
 * their own youth only (F2), and only when their consent counts (C2) or they may object (O1); who
 * gave it is the logged-in person, never the body's performer. Withdrawal is one action ({@code
 * DELETE}), keeps the record (status inactive) and counts at once for every later decision (C3,
 * O3).
 */
@Dependent
public class ConsentProvider implements IResourceProvider {
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
    ValidationResult validation =
        validator.validate(consent, objection ? Profiles.OBJECTION : Profiles.CONSENT);
    if (!JeugdpoortValidator.errors(validation).isEmpty()) {
      throw new UnprocessableEntityException(fhir, validation.toOperationOutcome());
    }
    String bsn = consent.getPatient().getIdentifier().getValue();
    String recipient =
        consent.getProvision().getActor().stream()
            .map(a -> a.getReference().getIdentifier())
            .filter(id -> Vocabulary.ORGANISATION.equals(id.getSystem()))
            .map(Identifier::getValue)
            .findFirst()
            .orElse(null);
    String purpose =
        consent.getProvision().getPurpose().stream()
            .filter(c -> Vocabulary.PURPOSE.equals(c.getSystem()))
            .map(Coding::getCode)
            .findFirst()
            .orElse(null);
    Set<String> categories = new LinkedHashSet<>();
    consent.getProvision().getClass_().forEach(c -> categories.add(c.getCode()));
    String information =
        consent.getPolicy().stream()
            .map(Consent.ConsentPolicyComponent::getUri)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    Consent.ProvisionComponent p = consent.getProvision();
    Instant start = p.getPeriod().hasStart() ? p.getPeriod().getStart().toInstant() : null;
    Instant end = p.getPeriod().hasEnd() ? p.getPeriod().getEnd().toInstant() : null;
    ConsentEntity inForce;
    try {
      inForce =
          consents.give(
              user,
              new FamilyConsents.Command(
                  objection, bsn, recipient, purpose, categories, information, start, end),
              "create Consent",
              http.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      // F2: another family's youth is refused as such (403); every other refusal as answer() says.
      throw refused.why() == FamilyConsents.Refused.Why.NOT_THEIRS
          ? new ForbiddenOperationException(
              "U kunt alleen voor uw eigen gezin toestemming geven of bezwaar maken (F2).")
          : answer(refused);
    }
    // The same record again (a retry) gets the first answer: 201 with the record already stored.
    return new MethodOutcome(new IdType("Consent", inForce.id()), true)
        .setResource(ConsentResources.toFhir(inForce));
  }

  /**
   * C4: whoever gave a consent or objection sees it; the family's other records as F2 and F3 allow.
   */
  @Read
  public Consent read(@IdParam IdType id) {
    AuthenticatedUser user = familyMember();
    ConsentEntity c = own(id, user);
    if (!Objects.equals(c.givenBy(), user.personRef())) {
      FamilyRules.Answer answer = family.maySeeDisclosures(user);
      if (!answer.allowed()) {
        securityAudit.refused(
            user,
            CurrentUser.remoteAddress(),
            "Consent/" + c.id(),
            texts.auditor(answer.reason()),
            List.of(answer.reason().ruleId()));
        throw new ForbiddenOperationException(
            texts.family(answer.reason(), family.view(user))
                + " ("
                + answer.reason().ruleId()
                + ")");
      }
    }
    return ConsentResources.toFhir(c);
  }

  /** The family's consents and objections: one's own always (C4), the others as F2 and F3 allow. */
  @Search
  public List<Consent> ownFamily() {
    AuthenticatedUser user = familyMember();
    boolean seesOthers = family.maySeeDisclosures(user).allowed();
    return database
        .read(
            em ->
                em.createQuery(
                        "select c from ConsentEntity c where c.youthBsn = :bsn order by c.createdAt",
                        ConsentEntity.class)
                    .setParameter("bsn", user.youthBsn())
                    .getResultList())
        .stream()
        .filter(c -> seesOthers || Objects.equals(c.givenBy(), user.personRef()))
        .map(ConsentResources::toFhir)
        .toList();
  }

  /**
   * C3, O3 — whoever gave the consent or lodged the objection (or, for an objection, the youth of
   * 16+) withdraws it.
   */
  @Delete
  public MethodOutcome withdraw(@IdParam IdType id, HttpServletRequest http) {
    AuthenticatedUser user = familyMember();
    try {
      consents.withdraw(user, id.getIdPart(), "withdraw Consent", http.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      throw answer(refused);
    }
    return new MethodOutcome(id);
  }

  /**
   * The FHIR answer to a refused family command: 403 with the family's words and the rule id, 404,
   * or 422.
   */
  private static RuntimeException answer(FamilyConsents.Refused refused) {
    return switch (refused.why()) {
      case NOT_FAMILY -> new ForbiddenOperationException(refused.getMessage());
      case NOT_THEIRS -> new ResourceNotFoundException(CleanOutcomes.NOT_FOUND);
      case NOT_ALLOWED ->
          new ForbiddenOperationException(
              refused.getMessage() + " (" + refused.answer().reason().ruleId() + ")");
      case INVALID -> new UnprocessableEntityException(refused.getMessage());
    };
  }

  private AuthenticatedUser familyMember() {
    AuthenticatedUser user = CurrentUser.require();
    if (!"family-member".equals(user.role()) || user.youthBsn() == null) {
      throw new ForbiddenOperationException(
          "Alleen de jongere en zijn of haar ouders of vertegenwoordiger geven toestemming of maken bezwaar.");
    }
    return user;
  }

  private ConsentEntity own(IdType id, AuthenticatedUser user) {
    try {
      return consents.own(user, id.getIdPart(), "Consent/", CurrentUser.remoteAddress());
    } catch (FamilyConsents.Refused refused) {
      throw answer(refused);
    }
  }
}
