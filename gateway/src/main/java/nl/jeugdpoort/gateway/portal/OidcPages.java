package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.security.OidcClient;
import nl.jeugdpoort.gateway.security.OidcLogin;
import nl.jeugdpoort.gateway.security.OidcToken;
import nl.jeugdpoort.gateway.security.PublicUrl;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;

/**
 * The portal's OpenID Connect login (issue #18): {@code GET /portal/oidc} begins it (state, nonce
 * and PKCE verifier kept in the session, then a redirect to the provider); the provider sends the
 * browser back to {@code GET /portal/oidc/terug}, where the answer is checked, the code exchanged
 * and the ID token verified, and the account that holds the provider's subject is logged in (a new
 * session id, a new CSRF token).
 */
@WebServlet(urlPatterns = {"/portal/oidc", "/portal/oidc/terug"})
public class OidcPages extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String PENDING = "jeugdpoort.oidc.pending";

  @Inject transient OidcLogin oidc;
  @Inject transient PublicUrl publicUrl;
  @Inject transient Pages pages;
  @Inject transient SecurityAudit securityAudit;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    OidcClient client = oidc.client().orElse(null);
    if (client == null) {
      pages.notFound(request, response);
      return;
    }
    URI callback = URI.create(publicUrl.base(request) + "/portal/oidc/terug");
    if (request.getServletPath().equals("/portal/oidc")) {
      OidcClient.Start start;
      try {
        start = client.start(callback);
      } catch (IOException e) {
        failed(
            request,
            response,
            "the provider's discovery document could not be read: "
                + SecurityAudit.printable(e.getMessage()));
        return;
      }
      request.getSession().setAttribute(PENDING, start.pending());
      response.sendRedirect(start.authorizationUri().toString());
      return;
    }
    Object pending = request.getSession().getAttribute(PENDING);
    request.getSession().removeAttribute(PENDING);
    if (!(pending instanceof OidcClient.Pending p)) {
      failed(
          request, response, "an answer from the provider without a login begun in this session");
      return;
    }
    OidcClient.Verified verified;
    try {
      String query = request.getQueryString();
      verified = client.finish(p, URI.create(callback + (query == null ? "" : "?" + query)));
    } catch (OidcClient.OidcException | IllegalArgumentException e) {
      failed(request, response, e.getMessage());
      return;
    }
    try {
      SecurityUtils.getSubject().login(new OidcToken(verified.claimed(), request.getRemoteAddr()));
    } catch (AuthenticationException e) {
      // LoginAudit recorded why (unknown subject, disabled account, deactivated organisation).
      pages.render(
          request,
          response,
          403,
          "login",
          Map.of(
              "error",
              "Inloggen is niet gelukt. Er is geen account in "
                  + "Jeugdpoort dat bij deze inlog hoort, of het account is uitgeschakeld. Vraag het de beheerder van uw organisatie.",
              "username",
              ""));
      return;
    }
    request.changeSessionId();
    CsrfFilter.rotate(request);
    response.sendRedirect(request.getContextPath() + "/portal/");
  }

  private void failed(HttpServletRequest request, HttpServletResponse response, String why)
      throws IOException {
    securityAudit.record(
        AuditRecord.of("E", SecurityAudit.LOGIN, "failure", SecurityAudit.anonymous(null))
            .withAccessPoint(request.getRemoteAddr())
            .withDetail("OpenID Connect login failed: " + SecurityAudit.printable(why)));
    Logger.getLogger(OidcPages.class.getName()).fine("OpenID Connect login failed: " + why);
    pages.render(
        request,
        response,
        401,
        "login",
        Map.of(
            "error",
            "Inloggen via uw organisatie is niet gelukt. Probeer het "
                + "opnieuw, of log in met uw gebruikersnaam en wachtwoord.",
            "username",
            ""));
  }
}
