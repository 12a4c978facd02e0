package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import nl.jeugdpoort.gateway.security.AccessPolicy;
import nl.jeugdpoort.gateway.security.AccessPolicy.Operation;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;

/**
 * Applies the {@link AccessPolicy} table to every FHIR call before a provider runs: a caller whose
 * kind or scopes do not allow the operation gets a 403 OperationOutcome, and the refusal is
 * audited.
 */
@Interceptor
public final class AccessInterceptor {
  private final AccessPolicy policy;
  private final SecurityAudit audit;

  /** A plain object (not a CDI proxy), so that HAPI finds the {@code @Hook} method. */
  AccessInterceptor(AccessPolicy policy, SecurityAudit audit) {
    this.policy = policy;
    this.audit = audit;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request, RestOperationTypeEnum type) {
    if (type == RestOperationTypeEnum.METADATA || "CodeSystem".equals(request.getResourceName())) {
      return; // public (shiro.ini: anon)
    }
    AuthenticatedUser user = CurrentUser.require();
    Operation operation = operation(type, request.getOperation());
    AccessPolicy.Verdict verdict;
    if (type == RestOperationTypeEnum.GET_PAGE) {
      // The next page of a search already checked; only the administrator never searches.
      verdict =
          policy.kindOf(user) == AccessPolicy.Kind.ADMINISTRATOR
              ? policy.check(user, "Task", Operation.SEARCH)
              : new AccessPolicy.Verdict(true, null);
    } else if (operation == null) {
      verdict =
          new AccessPolicy.Verdict(
              false, "The operation " + type.getCode() + " is not supported by Jeugdpoort.");
    } else {
      verdict = policy.check(user, request.getResourceName(), operation);
    }
    if (!verdict.allowed()) {
      String what =
          type.getCode() + " " + (request.getRequestPath() == null ? "" : request.getRequestPath());
      String from =
          request instanceof ServletRequestDetails s ? s.getServletRequest().getRemoteAddr() : null;
      audit.refused(user, from, what, verdict.reason(), List.of());
      throw new ForbiddenOperationException(verdict.reason());
    }
  }

  /**
   * The interaction an operation counts as: the recording registry's {@code $permissions} and a
   * subscription's {@code $status} read; its {@code $request-permission} and {@code $end} change a
   * registration (update). Every other operation is not supported.
   */
  private static Operation operation(RestOperationTypeEnum type, String name) {
    if (type == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && name != null) {
      return switch (name) {
        case "$permissions", "$status" -> Operation.READ;
        case "$request-permission", "$end" -> Operation.UPDATE;
        default -> null;
      };
    }
    return switch (type) {
      case READ, VREAD -> Operation.READ;
      case SEARCH_TYPE -> Operation.SEARCH;
      case CREATE -> Operation.CREATE;
      case UPDATE, PATCH -> Operation.UPDATE;
      case DELETE -> Operation.DELETE;
      default -> null;
    };
  }
}
