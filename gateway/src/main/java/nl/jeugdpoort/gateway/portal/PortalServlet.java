package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.PortalLoginToken;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.subject.Subject;

/**
 * The portal's entry: {@code GET/POST /portal/login}, {@code GET /portal/} (who you are and what you can
 * do here), {@code POST /portal/logout}. Login is a password form (same accounts, same lockout and audit
 * as HTTP Basic); a successful login gets a new session id (no session fixation).
 */
@WebServlet(urlPatterns = {"/portal", "/portal/", "/portal/login", "/portal/logout"})
public class PortalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath();
    if (path.equals("/portal")) {
      response.sendRedirect(request.getContextPath() + "/portal/");
    } else if (path.equals("/portal/login")) {
      if (SecurityUtils.getSubject().isAuthenticated()) {
        response.sendRedirect(request.getContextPath() + "/portal/");
        return;
      }
      pages.render(request, response, 200, "login", Map.of());
    } else if (path.equals("/portal/logout")) {
      response.sendRedirect(request.getContextPath() + "/portal/");
    } else {
      home(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath();
    if (path.equals("/portal/login")) {
      login(request, response);
    } else if (path.equals("/portal/logout")) {
      SecurityUtils.getSubject().logout();
      pages.render(request, response, 200, "logged-out", Map.of());
    } else {
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String username = request.getParameter("gebruikersnaam");
    String password = request.getParameter("wachtwoord");
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      pages.render(request, response, 400, "login", Map.of("error", "Vul uw gebruikersnaam en wachtwoord in.",
          "username", username == null ? "" : username));
      return;
    }
    Subject subject = SecurityUtils.getSubject();
    try {
      subject.login(new PortalLoginToken(username.trim(), password.toCharArray(), request.getRemoteAddr()));
    } catch (AuthenticationException e) {
      pages.render(request, response, 401, "login", Map.of(
          "error", "Inloggen is niet gelukt. Controleer uw gebruikersnaam en wachtwoord. Na vijf mislukte pogingen "
              + "kunt u een kwartier niet inloggen.",
          "username", username.length() > 64 ? "" : username));
      return;
    }
    request.changeSessionId();
    response.sendRedirect(request.getContextPath() + "/portal/");
  }

  private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AuthenticatedUser user = SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("roleText", RoleTexts.describe(user.role()));
    if (user.organisationId() != null) {
      OrganisationEntity org = database.read(em -> em.find(OrganisationEntity.class, user.organisationId()));
      model.put("organisation", org == null ? user.organisationId() : org.name());
    }
    pages.render(request, response, 200, "home", model);
  }
}
