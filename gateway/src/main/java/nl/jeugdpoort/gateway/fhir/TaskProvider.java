package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.persistence.RequestListing;
import nl.jeugdpoort.gateway.request.DataRequestIntake;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.gateway.request.RefusedAtIntake;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.request.RequestCompletions;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.source.SelfAddress;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code POST /fhir/Task} submits a data request (validated against the jp-data-request profile: an
 * invalid one is answered 422 with an OperationOutcome naming the element; {@code Idempotency-Key}
 * gives a repeat the same Task, 200; a full backlog is answered 429 with {@code Retry-After} before
 * anything is stored; without {@code Prefer: respond-async} the answer waits up to {@code
 * jeugdpoort.admission.sync-wait} for the end); {@code GET /fhir/Task/{id}} shows where it stands;
 * {@code GET /fhir/Task} lists the requests of the caller's organisation.
 *
 * <p>Erasure requests (E2, profile jp-erasure-request): {@code GET /fhir/Task?code=erasure-request}
 * lists those to the caller's organisation (optionally {@code &status=requested}), {@code GET
 * /fhir/Task/{id}} reads one, and {@code PUT /fhir/Task/{id}} with status {@code completed}
 * confirms that the organisation erased its copy.
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
  @Inject RequestCompletions completions;

  /** The header a client repeats a POST with to get the same Task (#16.2). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * How long {@code POST /fhir/Task} without {@code Prefer: respond-async} waits for the request's
   * end (#16.3).
   */
  @Inject
  @ConfigProperty(name = "jeugdpoort.admission.sync-wait", defaultValue = "PT0.3S")
  String syncWait;

  @Inject ErasureDuties erasures;

  @Override
  public Class<Task> getResourceType() {
    return Task.class;
  }

  @Create
  public MethodOutcome submit(@ResourceParam Task task, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    if (user.organisationId() == null || !catalogue.roles().containsKey(user.role())) {
      throw new ForbiddenOperationException(
          "Alleen hulpverleners van een aangesloten organisatie kunnen gegevens opvragen.");
    }
    self.learnFromLocalPort(http.getLocalPort(), http.getContextPath());
    if (!knownPurpose(task)) {
      // P1 — a missing, empty or unknown purpose is the policy's refusal, named as P1 in plain
      // words (and
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
      throw new UnprocessableEntityException(
          "Task.owner: unknown organisation '" + request.sourceOrganisationId() + "'.");
    }
    String key = idempotencyKey(http);
    DataRequestIntake.Admitted admitted;
    try {
      admitted = intake.submit(request, user, http.getRemoteAddr(), key);
    } catch (RefusedAtIntake refused) {
      throw new UnprocessableEntityException(fhir, refusal(refused));
    } catch (DataRequestIntake.Overloaded busy) {
      long seconds = Math.max(1, busy.retryAfter().toSeconds());
      throw (UnclassifiedServerFailureException)
          new UnclassifiedServerFailureException(
                  429,
                  "Jeugdpoort heeft nu te veel verzoeken in behandeling / too many data requests waiting: nothing was stored; "
                      + "try again in "
                      + seconds
                      + " s.")
              .addResponseHeader("Retry-After", String.valueOf(seconds));
    } catch (DataRequestIntake.KeyReused reused) {
      throw new UnprocessableEntityException(
          "Idempotency-Key: this key was already used by your organisation for a "
              + "different data request; use a new key for a new request.");
    }
    // Stored: from here on the answer is the Task, never an error (#16.2).
    DataRequestEntity stored = admitted.request();
    if (!admitted.repeat() && !respondAsync(http)) {
      DataRequestEntity now = readQuietly(stored.id());
      if (now != null && !now.businessStatus().isFinal()) {
        completions.await(stored.id(), Duration.parse(syncWait));
        now = readQuietly(stored.id());
      }
      stored = now == null ? stored : now;
    }
    return new MethodOutcome(new IdType("Task", stored.id()), !admitted.repeat())
        .setResource(show(stored));
  }

  /**
   * The {@code Idempotency-Key} header (#16.2): 1 to 200 visible ASCII characters, or absent
   * (null).
   *
   * @throws InvalidRequestException (400) for an empty, too long or otherwise unusable key, or more
   *     than one
   */
  static String idempotencyKey(HttpServletRequest http) {
    java.util.List<String> keys = java.util.Collections.list(http.getHeaders(IDEMPOTENCY_KEY));
    if (keys.isEmpty()) {
      return null;
    }
    String key = keys.get(0).trim();
    if (keys.size() > 1
        || key.isEmpty()
        || key.length() > 200
        || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new InvalidRequestException(
          "Idempotency-Key: one key of 1 to 200 visible ASCII characters (no spaces), "
              + "e.g. a UUID.");
    }
    return key;
  }

  /**
   * {@code Prefer: respond-async} asks for the answer at once; without it the POST waits briefly
   * for the end.
   */
  static boolean respondAsync(HttpServletRequest http) {
    return java.util.Collections.list(http.getHeaders("Prefer")).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split("[,;]")))
        .anyMatch(v -> v.trim().equalsIgnoreCase("respond-async"));
  }

  private DataRequestEntity readQuietly(String id) {
    try {
      return database.read(em -> em.find(DataRequestEntity.class, id));
    } catch (RuntimeException e) {
      return null; // the stored request is answered as it was stored
    }
  }

  @Read
  public Task read(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    ErasureDutyEntity duty = id.getIdPart().length() > 36 ? null : erasures.find(id.getIdPart());
    if (duty != null
        && user.organisationId() != null
        && user.organisationId().equals(duty.recipientOrg())) {
      return ErasureTasks.show(duty, directory.name(duty.recipientOrg()));
    }
    return show(access.visible(id.getIdPart(), user));
  }

  /**
   * E2: the erasure requests to the caller's organisation (code erasure-request); code
   * data-request: its data requests.
   */
  @Search
  public IBundleProvider byCode(
      @RequiredParam(name = Task.SP_CODE) TokenParam code,
      @OptionalParam(name = Task.SP_STATUS) TokenParam status,
      @Count Integer count,
      @Offset Integer offset) {
    if (!ErasureTasks.isErasureCode(code.getSystem(), code.getValue())) {
      return "data-request".equals(code.getValue())
          ? ownRequests(status == null ? null : new TokenOrListParam().add(status), count, offset)
          : new SimpleBundleProvider(List.of());
    }
    AuthenticatedUser user = CurrentUser.require();
    if (user.organisationId() == null || user.isPrivacyOfficer()) {
      return new SimpleBundleProvider(List.of());
    }
    return new SimpleBundleProvider(
        erasures.toRecipient(user.organisationId()).stream()
            .map(d -> ErasureTasks.show(d, directory.name(d.recipientOrg())))
            .filter(t -> status == null || t.getStatus().toCode().equals(status.getValue()))
            .map(t -> (org.hl7.fhir.instance.model.api.IBaseResource) t)
            .toList());
  }

  /**
   * E2: {@code PUT /fhir/Task/{id}} of an erasure request with status {@code completed}: the
   * recipient confirms the erasure. Anything else is refused (422); a data request cannot be
   * changed this way (405 is HAPI's for a type without update; here 422 says why); an erasure
   * request of another organisation: 404.
   */
  @Update
  public MethodOutcome confirmErasure(
      @IdParam IdType id, @ResourceParam Task task, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    ErasureDutyEntity duty = id.getIdPart().length() > 36 ? null : erasures.find(id.getIdPart());
    if (duty == null
        || user.organisationId() == null
        || !user.organisationId().equals(duty.recipientOrg())) {
      if (duty == null
          && database.read(em -> em.find(DataRequestEntity.class, id.getIdPart())) != null) {
        access.visible(id.getIdPart(), user);
        throw new UnprocessableEntityException(
            "A data request cannot be updated; only an erasure request (code "
                + ErasureTasks.CODE
                + ") is completed with PUT (E2).");
      }
      throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id);
    }
    if (task.getStatus() != Task.TaskStatus.COMPLETED) {
      throw new UnprocessableEntityException(
          "Task.status: an erasure request is confirmed with status 'completed' (E2); got '"
              + (task.getStatus() == null ? "" : task.getStatus().toCode())
              + "'.");
    }
    if (task.hasFocus() && !("Bundle/" + duty.releaseId()).equals(task.getFocus().getReference())) {
      throw new UnprocessableEntityException(
          "Task.focus: this erasure request is about Bundle/" + duty.releaseId() + ".");
    }
    ErasureDutyEntity confirmed =
        erasures
            .confirm(duty.id(), user, ErasureDutyEntity.VIA_FHIR, http.getRemoteAddr())
            .orElseThrow(
                () -> new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id));
    return new MethodOutcome(new IdType("Task", confirmed.id()))
        .setResource(ErasureTasks.show(confirmed, directory.name(confirmed.recipientOrg())));
  }

  /**
   * The requests of the caller's organisation, newest first, filtered by {@code status}
   * (Task.status codes, a comma-separated list) before the page is cut; paged by {@code _count}
   * (default {@value #DEFAULT_PAGE}, at most {@value #MAX_PAGE}) and {@code _offset}, with a {@code
   * next} link while more follow. {@code Bundle.total} is given on the last page only (counting
   * every match on each page would not stay flat). Three queries a page: the page, its notices, the
   * organisation names.
   */
  @Search
  public IBundleProvider ownRequests(
      @OptionalParam(name = Task.SP_STATUS) TokenOrListParam status,
      @Count Integer count,
      @Offset Integer offset) {
    AuthenticatedUser user = CurrentUser.require();
    Paging paging = Paging.of(count, offset, DEFAULT_PAGE, MAX_PAGE);
    Set<String> taskStatuses = codes(status, TASK_STATUS_SYSTEM);
    // A filter given whose every value is of another code system matches nothing.
    boolean nothingMatches = status != null && taskStatuses.isEmpty();
    if (user.organisationId() == null || nothingMatches) {
      return paging.answer(List.of(), false);
    } else {
      RequestListing listing = new RequestListing(database);
      RequestListing.Page<DataRequestEntity> page =
          listing.ofRequester(
              user.organisationId(), taskStatuses, Set.of(), paging.from(), paging.size());
      List<String> ids = page.rows().stream().map(DataRequestEntity::id).toList();
      Map<String, List<String>> notices = listing.noticeIds(ids);
      Map<String, String> names =
          listing.organisationNames(
              page.rows().stream()
                  .flatMap(r -> java.util.stream.Stream.of(r.requesterOrg(), r.sourceOrg()))
                  .toList());
      return paging.answer(
          page.rows().stream()
              .map(
                  r ->
                      DataRequestTasks.showWithNoticeIds(
                          r,
                          notices.getOrDefault(r.id(), List.of()),
                          names.get(r.requesterOrg()),
                          names.get(r.sourceOrg()),
                          texts))
              .toList(),
          page.more());
    }
  }

  /** The largest page of {@code GET /fhir/Task} ({@code _count}). */
  public static final int MAX_PAGE = 200;

  /** The page size of {@code GET /fhir/Task} without {@code _count}. */
  public static final int DEFAULT_PAGE = 50;

  static final String TASK_STATUS_SYSTEM = "http://hl7.org/fhir/task-status";

  /** The codes of a token list that are of {@code system} (or name none). */
  private static Set<String> codes(TokenOrListParam tokens, String system) {
    Set<String> out = new java.util.LinkedHashSet<>();
    if (tokens == null) {
      return out;
    }
    for (TokenParam token : tokens.getValuesAsQueryTokens()) {
      boolean ours =
          token.getSystem() == null
              || token.getSystem().isEmpty()
              || token.getSystem().equals(system);
      if (ours && token.getValue() != null && !token.getValue().isEmpty()) {
        out.add(token.getValue());
      }
    }
    return out;
  }

  private Task show(DataRequestEntity r) {
    RequestListing listing = new RequestListing(database);
    Map<String, String> names = listing.organisationNames(List.of(r.requesterOrg(), r.sourceOrg()));
    return DataRequestTasks.showWithNoticeIds(
        r,
        listing.noticeIds(List.of(r.id())).getOrDefault(r.id(), List.of()),
        names.get(r.requesterOrg()),
        names.get(r.sourceOrg()),
        texts);
  }

  /** P1 — exactly one purpose coding of the purpose code system, and its code in the catalogue. */
  private boolean knownPurpose(Task task) {
    List<Coding> purposes =
        task.getReasonCode().getCoding().stream()
            .filter(c -> Vocabulary.PURPOSE.equals(c.getSystem()))
            .toList();
    if (purposes.size() > 1) {
      throw new UnprocessableEntityException(
          "Task.reasonCode names "
              + purposes.size()
              + " purposes; a data request names exactly one purpose (P1).");
    }
    return purposes.size() == 1
        && purposes.get(0).hasCode()
        && catalogue.purpose(purposes.get(0).getCode()).isPresent();
  }

  /**
   * A refusal at intake: one issue per reason, with its rule id, the professional's Dutch text
   * (details.text) and the auditor's English one (diagnostics); then what the requester can do
   * instead (P6).
   */
  private OperationOutcome refusal(RefusedAtIntake refused) {
    OperationOutcome oo = new OperationOutcome();
    for (Reason reason : refused.decision().reasons()) {
      if (reason.effect() != Reason.Effect.DENY && reason.effect() != Reason.Effect.WITHHOLD) {
        continue;
      }
      oo.addIssue()
          .setSeverity(
              reason.effect() == Reason.Effect.DENY
                  ? OperationOutcome.IssueSeverity.ERROR
                  : OperationOutcome.IssueSeverity.WARNING)
          .setCode(OperationOutcome.IssueType.BUSINESSRULE)
          .setDetails(
              new CodeableConcept(new Coding(Vocabulary.RULE, reason.ruleId(), null))
                  .setText(texts.professional(reason)))
          .setDiagnostics(reason.ruleId() + ": " + texts.auditor(reason));
    }
    for (String alternative : texts.suggestions(refused.decision().alternatives())) {
      oo.addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
          .setCode(OperationOutcome.IssueType.INFORMATIONAL)
          .setDetails(new CodeableConcept().setText(alternative));
    }
    return oo;
  }
}
