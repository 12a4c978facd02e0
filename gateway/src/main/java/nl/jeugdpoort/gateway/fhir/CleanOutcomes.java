package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdpoort.gateway.request.NotVisible;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.subject.Subject;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Makes every error answer of the FHIR server say what is wrong in words a client can act on,
 * without the server's internals: a body that cannot be parsed keeps only the parser's own
 * explanation, a body that is neither FHIR JSON nor FHIR XML is answered {@code 415}, and an
 * unexpected failure becomes a {@code 500} with an incident id (the details go to the server log).
 * Every {@code 404} has one and the same body ({@link #NOT_FOUND}), whether the resource does not
 * exist or is not the caller's, so that the answer is no oracle — and every 404 is audited as
 * {@code access-refused} (one not audited on its way, such as an unknown resource type, is audited
 * here); an OperationOutcome carries at most {@link #MAX_ISSUES} issues.
 */
@Interceptor
public final class CleanOutcomes {
  private static final Logger LOG = Logger.getLogger(CleanOutcomes.class.getName());

  /** The body of every 404 of the FHIR server, for every resource type and reason. */
  public static final String NOT_FOUND =
      "Niet gevonden / not found: this resource does not exist or is not yours to see.";

  /**
   * Issues in one OperationOutcome at most (a huge invalid resource would otherwise yield
   * megabytes).
   */
  public static final int MAX_ISSUES = 20;

  private static final Pattern LAST_HAPI_MESSAGE =
      Pattern.compile(".*HAPI-\\d{4}: (.*)", Pattern.DOTALL);

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException clean(RequestDetails request, Throwable exception) {
    if (exception instanceof InvalidRequestException invalid
        && invalid.getMessage() != null
        && (invalid.getMessage().contains("HAPI-0450")
            || invalid.getMessage().contains("HAPI-0449"))) {
      String type = request.getHeader("Content-Type");
      String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
      if (invalid.getMessage().contains("HAPI-0449")
          || (!lower.contains("json") && !lower.contains("xml"))) {
        return new UnclassifiedServerFailureException(
            415,
            "The body must be FHIR JSON (application/fhir+json) or "
                + "FHIR XML (application/fhir+xml); got "
                + (type == null ? "no Content-Type" : "'" + type + "'")
                + ".");
      }
      Matcher m = LAST_HAPI_MESSAGE.matcher(invalid.getMessage());
      String detail = m.matches() ? m.group(1) : "unreadable content";
      return new InvalidRequestException(
          "The request body is not a valid FHIR resource ("
              + (lower.contains("xml") ? "XML" : "JSON")
              + "): "
              + detail
                  .replaceAll("[A-Za-z.]*Exception( at \\[\\[[^]]*]]: \\[[^]]*]]:?)?", "")
                  .trim());
    }
    if (exception instanceof ResourceNotFoundException || notVisible(exception)) {
      if (request instanceof ServletRequestDetails servlet
          && servlet.getServletRequest().getAttribute(SecurityAudit.AUDITED) == null) {
        // Not audited on its way (an unknown resource type, operation or public id): a probe like
        // the others.
        Subject subject = SecurityUtils.getSubject();
        AuthenticatedUser user =
            subject.isAuthenticated()
                ? subject.getPrincipals().oneByType(AuthenticatedUser.class)
                : null;
        CDI.current()
            .select(SecurityAudit.class)
            .get()
            .refused(
                user,
                servlet.getServletRequest().getRemoteAddr(),
                servlet.getServletRequest().getMethod()
                    + " "
                    + servlet.getServletRequest().getRequestURI(),
                "no such resource type, operation or id (404)",
                java.util.List.of());
      }
      return new ResourceNotFoundException(NOT_FOUND);
    }
    if (exception instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
      if (known.getOperationOutcome() instanceof OperationOutcome outcome
          && outcome.getIssue().size() > MAX_ISSUES) {
        int more = outcome.getIssue().size() - MAX_ISSUES;
        outcome.getIssue().subList(MAX_ISSUES, outcome.getIssue().size()).clear();
        outcome
            .addIssue()
            .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
            .setCode(OperationOutcome.IssueType.TOOCOSTLY)
            .setDiagnostics(
                more + " more issues not shown (at most " + MAX_ISSUES + " per answer).");
      }
      return null; // our own 4xx answers already say what is wrong
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "FHIR request failed, incident " + incident, exception);
    return new InternalErrorException(
        "Jeugdpoort could not handle this request (incident "
            + incident
            + "); it was not completed. Please try again or report the incident id.");
  }

  /** The request layer's "not visible" (HAPI wraps what a provider throws that is not its own). */
  private static boolean notVisible(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof NotVisible) {
        return true;
      }
    }
    return false;
  }
}
