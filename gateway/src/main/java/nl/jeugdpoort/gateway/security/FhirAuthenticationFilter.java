package nl.jeugdpoort.gateway.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.BearerToken;
import org.apache.shiro.web.filter.authc.BasicHttpAuthenticationFilter;
import org.apache.shiro.web.util.WebUtils;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Authentication of {@code /fhir}: HTTP Basic for people, {@code Bearer} access tokens (from {@code
 * /auth/token}) for organisation systems. A call without valid credentials gets a {@code 401} with
 * a FHIR OperationOutcome saying how to authenticate — never a login page or a stack trace — and a
 * call without any credentials is audited as a refused access (failed logins are audited by {@link
 * LoginAudit}).
 */
public class FhirAuthenticationFilter extends BasicHttpAuthenticationFilter {
  private static final String FAILURE = FhirAuthenticationFilter.class.getName() + ".failure";

  @Override
  protected boolean isLoginAttempt(String authzHeader) {
    String h = authzHeader.toLowerCase(Locale.ROOT);
    return h.startsWith("basic ") || h.startsWith("bearer ");
  }

  @Override
  protected AuthenticationToken createToken(ServletRequest request, ServletResponse response) {
    String header = getAuthzHeader(request);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new BearerToken(header.substring(7).trim(), request.getRemoteAddr());
    }
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      // Shiro's own decoding fails with a 500 on text that is not base64 ("Basic !!!"): decode
      // strictly
      // here, and let anything unreadable fail as an unknown account (401, audited).
      String[] credentials = basicCredentials(header);
      return new org.apache.shiro.authc.UsernamePasswordToken(
          credentials[0], credentials[1].toCharArray(), false, request.getRemoteAddr());
    }
    return super.createToken(request, response);
  }

  /**
   * The name and password of an {@code Authorization: Basic …} header; {@code ["", ""]} when the
   * header is not base64 or has no colon (which then fails as an unknown account). Never throws.
   */
  public static String[] basicCredentials(String header) {
    String decoded;
    try {
      decoded =
          new String(
              java.util.Base64.getDecoder()
                  .decode(header.substring(Math.min(6, header.length())).trim()),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return new String[] {"", ""};
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? new String[] {"", ""}
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  @Override
  protected boolean onLoginFailure(
      AuthenticationToken token,
      AuthenticationException e,
      ServletRequest request,
      ServletResponse response) {
    request.setAttribute(
        FAILURE,
        token instanceof BearerToken
            ? "bearer"
            : e instanceof org.apache.shiro.authc.ExpiredCredentialsException
                ? "expired"
                : "basic");
    if (token instanceof BearerToken bearer) {
      // A forged, expired or revoked access token: refused access, with the client it names
      // (unverified)
      // and that client's organisation when it is registered. Failed passwords are audited by
      // LoginAudit.
      HttpServletRequest http = WebUtils.toHttp(request);
      SecurityAudit audit = CDI.current().select(SecurityAudit.class).get();
      audit.record(
          AuditRecord.of(
                  "E",
                  SecurityAudit.REFUSED,
                  "refused",
                  audit.client(claimedClient(bearer.getToken())))
              .withAccessPoint(request.getRemoteAddr())
              .withRules(List.of())
              .withDetail(
                  SecurityAudit.printable(http.getMethod() + " " + http.getRequestURI())
                      + ": "
                      + SecurityAudit.printable(e.getMessage())
                      + " (401)"));
    }
    return false;
  }

  /** The {@code sub} an access token claims, not verified (for the audit log only), or null. */
  static String claimedClient(String token) {
    try {
      return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException | RuntimeException unreadable) {
      return null;
    }
  }

  @Override
  protected boolean onAccessDenied(ServletRequest request, ServletResponse response)
      throws Exception {
    HttpServletRequest http = WebUtils.toHttp(request);
    String header = getAuthzHeader(request);
    if (header != null
        && header.regionMatches(true, 0, "Basic ", 0, 6)
        && basicCredentials(header)[0].isEmpty()) {
      // Not base64 of "name:password": no name to check, nothing to hash; refused and audited at
      // once.
      CDI.current()
          .select(SecurityAudit.class)
          .get()
          .record(
              AuditRecord.of("E", SecurityAudit.LOGIN, "failure", SecurityAudit.anonymous(null))
                  .withAccessPoint(request.getRemoteAddr())
                  .withDetail(
                      "HTTP Basic login failed: unreadable Authorization header (not base64 of name:password), "
                          + SecurityAudit.printable(
                              http.getMethod() + " " + http.getRequestURI())));
      request.setAttribute(FAILURE, "basic");
    } else if (isLoginAttempt(request, response) && executeLogin(request, response)) {
      return true;
    }
    String failure = (String) request.getAttribute(FAILURE);
    String message;
    String challenge =
        "Basic realm=\""
            + getApplicationName()
            + "\", Bearer realm=\""
            + getApplicationName()
            + "\"";
    if ("bearer".equals(failure)) {
      message =
          "The access token is invalid, expired or its client was revoked; request a new one at /auth/token.";
      challenge = "Bearer realm=\"" + getApplicationName() + "\", error=\"invalid_token\"";
    } else if ("expired".equals(failure)) {
      message =
          "Uw wachtwoord moet eerst gewijzigd worden / the password must be changed first: POST /api/password "
              + "{\"username\", \"password\", \"newPassword\"} or the portal's login page.";
    } else if ("basic".equals(failure)) {
      message =
          "Inloggen mislukt: onbekende naam, verkeerd wachtwoord, of te veel pogingen (even wachten) / "
              + "login failed: unknown name, wrong password, or too many attempts (wait a little).";
    } else {
      message =
          "Authentication required: HTTP Basic (people) or a Bearer access token from /auth/token "
              + "(organisation systems, SMART Backend Services).";
      CDI.current()
          .select(SecurityAudit.class)
          .get()
          .record(
              AuditRecord.of("E", SecurityAudit.REFUSED, "refused", SecurityAudit.anonymous(null))
                  .withAccessPoint(request.getRemoteAddr())
                  .withRules(List.of())
                  .withDetail(
                      SecurityAudit.printable(http.getMethod() + " " + http.getRequestURI())
                          + ": no credentials (401)"));
    }
    unauthorized(WebUtils.toHttp(response), challenge, message);
    return false;
  }

  static void unauthorized(HttpServletResponse response, String challenge, String message)
      throws IOException {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.LOGIN)
        .setDiagnostics(message);
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", challenge);
    response.setContentType("application/fhir+json;charset=UTF-8");
    response
        .getOutputStream()
        .write(
            FhirContext.forR4Cached()
                .newJsonParser()
                .encodeResourceToString(outcome)
                .getBytes(StandardCharsets.UTF_8));
  }
}
