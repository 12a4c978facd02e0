package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.List;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.gateway.recording.RecordingPermissionResources;
import nl.jeugdpoort.gateway.recording.RecordingPermissions;
import nl.jeugdpoort.gateway.recording.RecordingRegistration;
import nl.jeugdpoort.gateway.recording.RecordingRegistry;
import nl.jeugdpoort.gateway.recording.RecordingResources;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.source.SelfAddress;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * The registry of recordings as FHIR {@code DocumentReference} (profile jp-recording): {@code POST}
 * registers a recording held by the caller's organisation (V1 owner check, V6 hashes and edit
 * announcements, V5 trajectory end); {@code GET} by id and search answer only what V2 lets the
 * caller see (the maker, the holder's systems, the members of an allowed training session).
 * Operations: {@code $request-permission} (the maker asks for a training session, V2, or a showing,
 * V3), {@code $permissions} (their state and every answer) and {@code $end} (V5: the purpose
 * ended). The family sees its own recordings, and answers, in the portal.
 */
@Dependent
public class RecordingProvider implements IResourceProvider {
  @Inject RecordingRegistry registry;
  @Inject RecordingPermissions permissions;
  @Inject SecurityAudit securityAudit;
  @Inject FhirContext fhir;
  @Inject JeugdpoortValidator validator;
  @Inject SelfAddress self;

  @Override
  public Class<DocumentReference> getResourceType() {
    return DocumentReference.class;
  }

  @Create
  public MethodOutcome register(@ResourceParam DocumentReference doc, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    // A demo source's relative base URL needs the gateway's own address (V1 looks the youth up).
    self.learnFromLocalPort(http.getLocalPort(), http.getContextPath());
    ValidationResult validation = validator.validate(doc, Profiles.RECORDING);
    if (!JeugdpoortValidator.errors(validation).isEmpty()) {
      throw new UnprocessableEntityException(fhir, validation.toOperationOutcome());
    }
    RecordingRegistry.Registered registered;
    try {
      registered = registry.register(user, RecordingRegistration.read(doc), http.getRemoteAddr());
    } catch (RecordingRegistration.Invalid e) {
      throw new UnprocessableEntityException(e.getMessage());
    } catch (RecordingRegistry.Refused e) {
      throw answer(user, e, "create DocumentReference");
    }
    return new MethodOutcome(
            new IdType("DocumentReference", registered.recording().id()), registered.created())
        .setResource(RecordingResources.toFhir(registered.recording()));
  }

  @Read
  public DocumentReference read(@IdParam IdType id, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    try {
      return RecordingResources.toFhir(registry.read(user, id.getIdPart(), http.getRemoteAddr()));
    } catch (RecordingRegistry.Refused e) {
      throw answer(user, e, "read DocumentReference/" + id.getIdPart());
    }
  }

  /**
   * V2: the maker's own recordings (and those of an allowed training session); for a holder's
   * system every recording it registered. Each one returned is audited as read.
   */
  @Search
  public List<DocumentReference> visible(HttpServletRequest http) {
    return registry.search(CurrentUser.require(), http.getRemoteAddr()).stream()
        .map(RecordingResources::toFhir)
        .toList();
  }

  /**
   * V2, V3: the maker asks permission to let named members view the recording in a closed training
   * session ({@code kind} {@code training-session}) or to show it outside ({@code showing}).
   */
  @Operation(name = "$request-permission")
  public Parameters requestPermission(
      @IdParam IdType id,
      @OperationParam(name = "kind", min = 1, max = 1) CodeType kind,
      @OperationParam(name = "title", min = 1, max = 1) StringType title,
      @OperationParam(name = "occasion", min = 1, max = 1) DateType occasion,
      @OperationParam(name = "member", max = OperationParam.MAX_UNLIMITED) List<StringType> members,
      HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    try {
      return RecordingPermissionResources.toFhir(
          List.of(
              permissions.request(
                  user,
                  id.getIdPart(),
                  kind == null ? null : kind.getValue(),
                  title == null ? null : title.getValue(),
                  day(occasion),
                  members == null ? List.of() : members.stream().map(StringType::getValue).toList(),
                  http.getRemoteAddr())));
    } catch (RecordingRegistry.Refused e) {
      throw answer(user, e, "$request-permission DocumentReference/" + id.getIdPart());
    }
  }

  /** A date given to the day (a year or a month alone is no occasion: null, answered 422). */
  private static LocalDate day(DateType date) {
    return date == null
            || date.getValue() == null
            || date.getPrecision() != TemporalPrecisionEnum.DAY
        ? null
        : LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
  }

  /** V2, V3: the recording's permissions with their state and every answer. */
  @Operation(name = "$permissions", idempotent = true)
  public Parameters permissions(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    try {
      return RecordingPermissionResources.toFhir(permissions.of(user, id.getIdPart()));
    } catch (RecordingRegistry.Refused e) {
      throw answer(user, e, "$permissions DocumentReference/" + id.getIdPart());
    }
  }

  /** V5: the purpose of the recording ended: it is ended now, once (as at its trajectory end). */
  @Operation(name = "$end")
  public DocumentReference end(@IdParam IdType id, HttpServletRequest http) {
    AuthenticatedUser user = CurrentUser.require();
    try {
      return RecordingResources.toFhir(
          registry.endPurpose(user, id.getIdPart(), http.getRemoteAddr()));
    } catch (RecordingRegistry.Refused e) {
      throw answer(user, e, "$end DocumentReference/" + id.getIdPart());
    }
  }

  private RuntimeException answer(
      AuthenticatedUser user, RecordingRegistry.Refused e, String what) {
    return switch (e.why()) {
      case INVALID -> new UnprocessableEntityException(e.getMessage());
      case CONFLICT -> new ResourceVersionConflictException(e.getMessage());
      case NOT_FOUND -> new ResourceNotFoundException(CleanOutcomes.NOT_FOUND);
      case NOT_ALLOWED -> {
        securityAudit.refused(
            user,
            CurrentUser.remoteAddress(),
            what,
            e.getMessage(),
            e.ruleId() == null ? List.of() : List.of(e.ruleId()));
        yield new ForbiddenOperationException(e.getMessage());
      }
      case UNAVAILABLE -> new SourceUnavailable(e.getMessage());
    };
  }

  /** 503: the holder's endpoint did not answer the youth look-up usably. */
  static final class SourceUnavailable extends BaseServerResponseException {
    private static final long serialVersionUID = 1L;

    SourceUnavailable(String message) {
      super(503, message);
    }
  }
}
