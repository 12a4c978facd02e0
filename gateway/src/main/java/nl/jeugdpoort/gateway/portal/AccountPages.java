package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import nl.jeugdpoort.gateway.onboarding.Accounts;
import nl.jeugdpoort.gateway.onboarding.FamilyActivations;
import nl.jeugdpoort.gateway.onboarding.Problems;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.PasswordChangeToken;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;

/**
 * The two portal pages without a login (issue #18): {@code /portal/activeren}, where a family
 * member makes their own account with the activation code from their first notice e-mail or from a
 * professional, and {@code /portal/wachtwoord}, where anyone changes their password with the
 * current one — the page a person lands on when their password, set by an administrator, must be
 * changed first. And, for a logged-in professional, {@code POST /portal/activeringscode}: an
 * activation code for a family member the request's notices did not reach, to hand over.
 */
@WebServlet(urlPatterns = {"/portal/activeren", "/portal/wachtwoord", "/portal/activeringscode"})
public class AccountPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient FamilyActivations activations;
  @Inject transient Accounts accounts;
  @Inject transient nl.jeugdpoort.gateway.security.SecurityAudit securityAudit;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    if (request.getServletPath().equals("/portal/activeren")) {
      String code = request.getParameter("code");
      model.put("code", code == null || code.length() > 20 ? "" : code);
      pages.render(request, response, 200, "activate", model);
    } else {
      String name = request.getParameter("gebruikersnaam");
      model.put("username", name == null || name.length() > 64 ? "" : name);
      pages.render(request, response, 200, "password", model);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getServletPath().equals("/portal/activeringscode")) {
      code(request, response);
    } else if (request.getServletPath().equals("/portal/activeren")) {
      activate(request, response);
    } else {
      change(request, response);
    }
  }

  private void activate(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String code = value(request, "code", 20);
    String username = value(request, "gebruikersnaam", 64);
    String password = request.getParameter("wachtwoord");
    Map<String, Object> model = new HashMap<>();
    model.put("code", code);
    model.put("username", username);
    if (password == null || !password.equals(request.getParameter("wachtwoord-herhalen"))) {
      model.put("error", "De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer.");
      pages.render(request, response, 422, "activate", model);
      return;
    }
    try {
      activations.activate(code, username, password, request.getRemoteAddr());
    } catch (Problems p) {
      model.put(
          "error",
          switch (p.status()) {
            case 403 ->
                "Deze code werkt niet. Misschien is hij al gebruikt of verlopen. Vraag een nieuwe code aan de "
                    + "hulpverlener die u kent.";
            case 409 ->
                p.getMessage().startsWith("username")
                    ? "Deze gebruikersnaam is al in gebruik. Kies een andere."
                    : "U heeft al een account. Log daarmee in.";
            default ->
                "Kies een gebruikersnaam van 2 tot 64 letters of cijfers. Kies een wachtwoord van minstens "
                    + Accounts.MIN_PASSWORD
                    + " tekens, zonder uw gebruikersnaam erin.";
          });
      pages.render(request, response, p.status(), "activate", model);
      return;
    }
    model.put("done", true);
    pages.render(request, response, 201, "activate", model);
  }

  private void code(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    FamilyActivations.Code code;
    try {
      code = activations.issue(value(request, "bericht", 36), user, request.getRemoteAddr());
    } catch (Problems p) {
      if (p.status() == 404) {
        securityAudit.refused(
            user,
            request.getRemoteAddr(),
            "portal activation code",
            p.getMessage(),
            java.util.List.of());
        pages.notFound(request, response);
        return;
      }
      pages.render(
          request,
          response,
          p.status(),
          "activation-code",
          Map.of(
              "error",
              p.status() == 409
                  ? "Voor deze persoon kan geen code worden gemaakt: er is al een account, of het is een kind jonger dan 12 jaar."
                  : "Er kon geen code worden gemaakt."));
      return;
    }
    pages.render(
        request,
        response,
        201,
        "activation-code",
        Map.of(
            "code", code.code(), "until", nl.jeugdpoort.gateway.text.Dutch.date(code.expiresAt())));
  }

  private void change(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String username = value(request, "gebruikersnaam", 64);
    String current = request.getParameter("wachtwoord");
    String next = request.getParameter("nieuw-wachtwoord");
    Map<String, Object> model = new HashMap<>();
    model.put("username", username);
    if (next == null || !next.equals(request.getParameter("nieuw-wachtwoord-herhalen"))) {
      model.put("error", "De twee nieuwe wachtwoorden zijn niet gelijk. Typ ze nog een keer.");
      pages.render(request, response, 422, "password", model);
      return;
    }
    if (Accounts.passwordProblem(username, next).isPresent() || next.equals(current)) {
      model.put(
          "error",
          "Kies een nieuw wachtwoord van minstens "
              + Accounts.MIN_PASSWORD
              + " tekens, zonder uw "
              + "gebruikersnaam erin, en anders dan het oude.");
      pages.render(request, response, 422, "password", model);
      return;
    }
    AuthenticatedUser self;
    try {
      AuthenticationInfo info =
          SecurityUtils.getSecurityManager()
              .authenticate(
                  new PasswordChangeToken(
                      username,
                      current == null ? new char[0] : current.toCharArray(),
                      request.getRemoteAddr()));
      self = info.getPrincipals().oneByType(AuthenticatedUser.class);
    } catch (AuthenticationException e) {
      model.put(
          "error",
          "Wijzigen is niet gelukt. Controleer uw gebruikersnaam en uw huidige wachtwoord. Na een paar "
              + "mislukte pogingen moet u even wachten.");
      pages.render(request, response, 401, "password", model);
      return;
    }
    accounts.changeOwnPassword(self, next, request.getRemoteAddr());
    model.put("done", true);
    pages.render(request, response, 200, "password", model);
  }

  private static String value(HttpServletRequest request, String name, int max) {
    String v = request.getParameter(name);
    return v == null ? "" : v.strip().length() > max ? v.strip().substring(0, max) : v.strip();
  }
}
