package nl.jeugdpoort.gateway.fhir;

import nl.jeugdpoort.gateway.text.ReasonTexts;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Update;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import ca.uhn.fhir.validation.ValidationResult;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.request.DataRequestIntake;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.gateway.request.RefusedAtIntake;
import nl.jeugdpoort.gateway.source.SelfAddress;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code POST /fhir/Task} submits a data request (validated against the jp-data-request profile: an
 * invalid one is answered 422 with an OperationOutcome naming the element); {@code GET /fhir/Task/{id}} shows where it stands;
 * {@code GET /fhir/Task} lists the requests of the caller's organisation.
 *
 * <p>Erasure requests (E2, profile jp-erasure-request): {@code GET /fhir/Task?code=erasure-request} lists those to
 * the caller's organisation (optionally {@code &status=requested}), {@code GET /fhir/Task/{id}} reads one, and
 * {@code PUT /fhir/Task/{id}} with status {@code completed} confirms that the organisation erased its copy.
 */
@Dependent
public class TaskProvider implements IResourceProvider {
  @Inject DataRequestIntake intake;
  @Inject RequestAccess access;
  @Inject Database database;
  @Inject SourceDirectory directory;
  @Inject SelfAddress self;
  @Inject PurposeCatalogue catalogue;
  @Inject FhirContext fhir;
  @Inject JeugdpoortValidator validator;
  @Inject ReasonTexts texts;
  @Inject ErasureDuties erasures;

  @Override
  public Class<Task> getResourceType() {
    return Task.class;
  }

  @Create
  public MethodOutcome submit(@ResourceParam Task task, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    if (user.organisationId() == null || !catalogue.roles().containsKey(user.role())) {
      throw new ForbiddenOperationException("Alleen hulpverleners van een aangesloten organisatie kunnen gegevens opvragen.");
    }
    self.learnFromLocalPort(http.getLocalPort(), http.getContextPath());
    if (!knownPurpose(task)) {
      // P1 — a missing, empty or unknown purpose is the policy's refusal, named as P1 in plain words (and
      // audited by the intake), not a validator message about the value set binding.
      NewDataRequest unknownPurpose = DataRequestTasks.read(task);
      try {
        intake.submit(unknownPurpose, user, http.getRemoteAddr());
      } catch (RefusedAtIntake refused) {
        throw new UnprocessableEntityException(fhir, refusal(refused));
      }
      throw new IllegalStateException("the intake accepted a request without a known purpose");
    }
    ValidationResult validation = validator.validate(task, Profiles.DATA_REQUEST);
    if (!JeugdpoortValidator.errors(validation).isEmpty()) {
      throw new UnprocessableEntityException(fhir, validation.toOperationOutcome());
    }
    NewDataRequest request = DataRequestTasks.read(task);
    if (directory.organisation(request.sourceOrganisationId()).isEmpty()) {
      throw new UnprocessableEntityException("Task.owner: unknown organisation '" + request.sourceOrganisationId() + "'.");
    }
    try {
      DataRequestEntity stored = intake.submit(request, user, http.getRemoteAddr());
      Task shown = show(stored);
      return new MethodOutcome(new IdType("Task", stored.id()), true).setResource(shown);
    } catch (RefusedAtIntake refused) {
      throw new UnprocessableEntityException(fhir, refusal(refused));
    }
  }

  @Read
  public Task read(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    ErasureDutyEntity duty = id.getIdPart().length() > 36 ? null : erasures.find(id.getIdPart());
    if (duty != null && user.organisationId() != null && user.organisationId().equals(duty.recipientOrg())) {
      return ErasureTasks.show(duty, directory.name(duty.recipientOrg()));
    }
    return show(access.visible(id.getIdPart(), user));
  }

  /** E2: the erasure requests to the caller's organisation (code erasure-request); code data-request: its data requests. */
  @Search
  public List<Task> byCode(@RequiredParam(name = Task.SP_CODE) TokenParam code,
      @OptionalParam(name = Task.SP_STATUS) TokenParam status) {
    if (!ErasureTasks.isErasureCode(code.getSystem(), code.getValue())) {
      return "data-request".equals(code.getValue()) ? ownRequests(status) : List.of();
    }
    AuthenticatedUser user = CurrentUser.require();
    if (user.organisationId() == null || user.isPrivacyOfficer()) {
      return List.of();
    }
    return erasures.toRecipient(user.organisationId()).stream()
        .map(d -> ErasureTasks.show(d, directory.name(d.recipientOrg())))
        .filter(t -> status == null || t.getStatus().toCode().equals(status.getValue()))
        .toList();
  }

  /**
   * E2: {@code PUT /fhir/Task/{id}} of an erasure request with status {@code completed}: the recipient confirms the
   * erasure. Anything else is refused (422); a data request cannot be changed this way (405 is HAPI's for a type
   * without update; here 422 says why); an erasure request of another organisation: 404.
   */
  @Update
  public MethodOutcome confirmErasure(@IdParam IdType id, @ResourceParam Task task, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    ErasureDutyEntity duty = id.getIdPart().length() > 36 ? null : erasures.find(id.getIdPart());
    if (duty == null || user.organisationId() == null || !user.organisationId().equals(duty.recipientOrg())) {
      if (duty == null && database.read(em -> em.find(DataRequestEntity.class, id.getIdPart())) != null) {
        access.visible(id.getIdPart(), user);
        throw new UnprocessableEntityException("A data request cannot be updated; only an erasure request (code "
            + ErasureTasks.CODE + ") is completed with PUT (E2).");
      }
      throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id);
    }
    if (task.getStatus() != Task.TaskStatus.COMPLETED) {
      throw new UnprocessableEntityException("Task.status: an erasure request is confirmed with status 'completed' (E2); got '"
          + (task.getStatus() == null ? "" : task.getStatus().toCode()) + "'.");
    }
    if (task.hasFocus() && !("Bundle/" + duty.releaseId()).equals(task.getFocus().getReference())) {
      throw new UnprocessableEntityException("Task.focus: this erasure request is about Bundle/" + duty.releaseId() + ".");
    }
    ErasureDutyEntity confirmed = erasures.confirm(duty.id(), user, ErasureDutyEntity.VIA_FHIR, http.getRemoteAddr())
        .orElseThrow(() -> new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id));
    return new MethodOutcome(new IdType("Task", confirmed.id())).setResource(ErasureTasks.show(confirmed,
        directory.name(confirmed.recipientOrg())));
  }

  @Search
  public List<Task> ownRequests(@OptionalParam(name = Task.SP_STATUS) TokenParam status) {
    AuthenticatedUser user = CurrentUser.require();
    if (user.organisationId() == null) {
      return List.of();
    }
    List<DataRequestEntity> rows = database.read(em -> em.createQuery(
            "select r from DataRequestEntity r where r.requesterOrg = :org order by r.createdAt desc", DataRequestEntity.class)
        .setParameter("org", user.organisationId())
        .setMaxResults(200)
        .getResultList());
    return rows.stream()
        .filter(r -> status == null || r.businessStatus().taskStatus().equals(status.getValue()))
        .map(this::show)
        .toList();
  }

  private Task show(DataRequestEntity r) {
    List<NoticeEntity> notices = database.read(em -> em.createQuery(
            "select n from NoticeEntity n where n.requestId = :r order by n.createdAt", NoticeEntity.class)
        .setParameter("r", r.id()).getResultList());
    return DataRequestTasks.show(r, notices, directory.name(r.requesterOrg()), directory.name(r.sourceOrg()), texts);
  }

  /** P1 — exactly one purpose coding of the purpose code system, and its code in the catalogue. */
  private boolean knownPurpose(Task task) {
    List<Coding> purposes = task.getReasonCode().getCoding().stream()
        .filter(c -> Vocabulary.PURPOSE.equals(c.getSystem())).toList();
    if (purposes.size() > 1) {
      throw new UnprocessableEntityException("Task.reasonCode names " + purposes.size()
          + " purposes; a data request names exactly one purpose (P1).");
    }
    return purposes.size() == 1 && purposes.get(0).hasCode() && catalogue.purpose(purposes.get(0).getCode()).isPresent();
  }

  /**
   * A refusal at intake: one issue per reason, with its rule id, the professional's Dutch text (details.text)
   * and the auditor's English one (diagnostics); then what the requester can do instead (P6).
   */
  private OperationOutcome refusal(RefusedAtIntake refused) {
    OperationOutcome oo = new OperationOutcome();
    for (Reason reason : refused.decision().reasons()) {
      if (reason.effect() != Reason.Effect.DENY && reason.effect() != Reason.Effect.WITHHOLD) {
        continue;
      }
      oo.addIssue()
          .setSeverity(reason.effect() == Reason.Effect.DENY ? OperationOutcome.IssueSeverity.ERROR : OperationOutcome.IssueSeverity.WARNING)
          .setCode(OperationOutcome.IssueType.BUSINESSRULE)
          .setDetails(new CodeableConcept(new Coding(Vocabulary.RULE, reason.ruleId(), null)).setText(texts.professional(reason)))
          .setDiagnostics(reason.ruleId() + ": " + texts.auditor(reason));
    }
    for (String alternative : texts.suggestions(refused.decision().alternatives())) {
      oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
          .setCode(OperationOutcome.IssueType.INFORMATIONAL)
          .setDetails(new CodeableConcept().setText(alternative));
    }
    return oo;
  }
}
