package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;

/**
 * CSRF protection of every form of the portal (synchronizer token): each session holds a random
 * token, every form sends it back as {@code _csrf}, and a POST without the session's token is
 * refused with 403 before anything else happens; a login gets a new token ({@link #rotate}). The
 * session cookie is also {@code SameSite=Strict} (WEB-INF/glassfish-web.xml).
 */
@WebFilter(urlPatterns = "/portal/*")
public class CsrfFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String PARAMETER = "_csrf";
  private static final String ATTRIBUTE = "jeugdpoort.csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The session's token, made (with the session) when there is none yet. */
  public static String token(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    String token = (String) session.getAttribute(ATTRIBUTE);
    if (token == null) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(ATTRIBUTE, token);
    }
    return token;
  }

  /** A new token for the session (at login: a token seen before login is worthless after it). */
  public static String rotate(HttpServletRequest request) {
    request.getSession(true).removeAttribute(ATTRIBUTE);
    return token(request);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      HttpSession session = request.getSession(false);
      String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
      String given = request.getParameter(PARAMETER);
      if (expected == null
          || given == null
          || !MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
        audit(
            request,
            expected == null
                ? "no portal session"
                : given == null ? "no CSRF token" : "wrong CSRF token");
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response
            .getWriter()
            .write(
                "Dit formulier is verlopen of niet van Jeugdpoort afkomstig (CSRF-controle). "
                    + "Ga terug, laad de pagina opnieuw en probeer het nog eens.\n");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** A refused form is an audited refusal (A1): who (when logged in), from where, what, why. */
  private static void audit(HttpServletRequest request, String why) {
    org.apache.shiro.subject.Subject subject = org.apache.shiro.SecurityUtils.getSubject();
    AuthenticatedUser user =
        subject.isAuthenticated()
            ? subject.getPrincipals().oneByType(AuthenticatedUser.class)
            : null;
    SecurityAudit audit = CDI.current().select(SecurityAudit.class).get();
    audit.record(
        AuditRecord.of(
                "E",
                SecurityAudit.REFUSED,
                "refused",
                user == null ? SecurityAudit.anonymous(null) : SecurityAudit.actor(user))
            .withAccessPoint(request.getRemoteAddr())
            .withDetail(
                SecurityAudit.printable(request.getMethod() + " " + request.getRequestURI())
                    + ": "
                    + why
                    + " (CSRF check, 403)"));
  }
}
