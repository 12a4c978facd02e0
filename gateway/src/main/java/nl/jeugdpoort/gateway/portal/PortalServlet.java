package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import nl.jeugdpoort.gateway.family.FamilyConsents;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.PortalLoginToken;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.family.FamilyRules;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.subject.Subject;

/**
 * The portal's entry: {@code GET/POST /portal/login}, {@code GET /portal/} (who you are and what
 * you can do here), {@code POST /portal/logout}. Login is a password form (same accounts, same
 * lockout and audit as HTTP Basic); a successful login gets a new session id (no session fixation).
 */
@WebServlet(
    urlPatterns = {"/portal", "/portal/", "/portal/login", "/portal/logout", "/portal/bezwaar"})
public class PortalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient FamilyTimeline timeline;
  @Inject transient FamilyAccess family;
  @Inject transient ReasonTexts texts;
  @Inject transient FamilyConsents consents;
  @Inject transient SecurityAudit securityAudit;
  @Inject transient java.time.Clock clock;
  @Inject transient FamilyMember members;
  @Inject transient nl.jeugdpoort.gateway.recording.RecordingPermissions recordingPermissions;
  @Inject transient nl.jeugdpoort.gateway.security.OidcLogin oidc;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getServletPath();
    if (path.equals("/portal")) {
      response.sendRedirect(request.getContextPath() + "/portal/");
    } else if (path.equals("/portal/login")) {
      if (SecurityUtils.getSubject().isAuthenticated()) {
        response.sendRedirect(request.getContextPath() + "/portal/");
        return;
      }
      pages.render(
          request,
          response,
          200,
          "login",
          oidc.client().isPresent() ? Map.of("oidc", oidc.label()) : Map.of());
    } else if (path.equals("/portal/logout")) {
      response.sendRedirect(request.getContextPath() + "/portal/");
    } else {
      home(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getServletPath();
    if (path.equals("/portal/login")) {
      login(request, response);
    } else if (path.equals("/portal/bezwaar")) {
      objection(request, response);
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
      pages.render(
          request,
          response,
          400,
          "login",
          Map.of(
              "error",
              "Vul uw gebruikersnaam en wachtwoord in.",
              "username",
              username == null ? "" : username));
      return;
    }
    Subject subject = SecurityUtils.getSubject();
    try {
      subject.login(
          new PortalLoginToken(username.trim(), password.toCharArray(), request.getRemoteAddr()));
    } catch (org.apache.shiro.authc.ExpiredCredentialsException mustChange) {
      // The password was right, but set by an administrator: choose a new one first (issue #18).
      pages.render(
          request,
          response,
          200,
          "password",
          Map.of("mustChange", true, "username", username.length() > 64 ? "" : username.trim()));
      return;
    } catch (AuthenticationException e) {
      pages.render(
          request,
          response,
          401,
          "login",
          Map.of(
              "error",
              "Inloggen is niet gelukt. Controleer uw gebruikersnaam en wachtwoord. Na een paar mislukte pogingen "
                  + "moet u even wachten. Daarna kunt u het opnieuw proberen.",
              "username",
              username.length() > 64 ? "" : username));
      return;
    }
    request.changeSessionId();
    CsrfFilter.rotate(request);
    response.sendRedirect(request.getContextPath() + "/portal/");
  }

  /**
   * O1: a family member objects to sharing like a request on their timeline: same recipient and
   * purpose.
   */
  private void objection(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    String requestId = request.getParameter("verzoek");
    DataRequestEntity r =
        requestId == null || requestId.length() > 36
            ? null
            : database.read(em -> em.find(DataRequestEntity.class, requestId));
    FamilyRules.Answer see = user.isFamilyMember() ? family.maySeeDisclosures(user) : null;
    if (r == null || see == null || !see.allowed() || !r.youthBsn().equals(user.youthBsn())) {
      securityAudit.refused(
          user,
          request.getRemoteAddr(),
          "portal objection to request " + SecurityAudit.printable(requestId),
          see != null && !see.allowed()
              ? texts.auditor(see.reason())
              : "not a request about the family's youth",
          java.util.List.of("F2"));
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    try {
      // Idempotent: the same objection again (a second tap, a replayed POST) stores nothing new.
      consents.give(
          user,
          FamilyConsents.Command.objection(
              r.youthBsn(), r.requesterOrg(), r.purpose(), r.categories()),
          "portal objection to request " + r.id(),
          request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      response.sendRedirect(request.getContextPath() + "/portal/?bezwaar=niet");
      return;
    }
    // Post/redirect/get to the top of the start page, where the confirmation is (no anchor that
    // hides it).
    response.sendRedirect(
        request.getContextPath() + "/portal/?bezwaar=vastgelegd&verzoek=" + r.id());
  }

  private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("roleText", RoleTexts.describe(user.role()));
    if (user.isFamilyMember()) {
      FamilyMember.Who who = members.of(user);
      model.put("who", who);
      String objection = request.getParameter("bezwaar");
      if ("vastgelegd".equals(objection)) {
        String id = request.getParameter("verzoek");
        DataRequestEntity r =
            id == null || id.length() > 36 ? null : timeline.visibleRequest(user.youthBsn(), id);
        String org = r == null ? "deze organisatie" : timeline.organisationName(r.requesterOrg());
        model.put(
            "message",
            "Uw bezwaar is vastgelegd. "
                + org
                + " krijgt deze gegevens over "
                + who.about()
                + " niet meer voor dit doel. Alleen als de wet het verplicht, kan dat toch. Dan krijgt u daarover bericht. "
                + "U kunt uw bezwaar altijd intrekken bij Toestemming en bezwaar.");
      } else if ("niet".equals(objection)) {
        FamilyRules.Answer may = family.mayLodgeObjection(user);
        model.put(
            "error",
            "U kunt hier geen bezwaar maken."
                + (may.allowed() ? "" : " " + texts.family(may.reason(), family.view(user))));
      }
      // F1 with F2/F3: the timeline when the rules allow it; one's own inbox always.
      FamilyRules.Answer answer = family.maySeeDisclosures(user);
      model.put("maySee", answer.allowed());
      model.put(
          "refusal", answer.allowed() ? null : texts.family(answer.reason(), family.view(user)));
      model.put(
          "disclosures",
          answer.allowed()
              ? timeline.disclosures(user.youthBsn(), family.view(user))
              : java.util.List.of());
      model.put(
          "objected",
          answer.allowed()
              ? timeline.objectedRequests(user.youthBsn(), user.personRef())
              : Map.of());
      model.put("inbox", timeline.inbox(user.personRef()));
      // V2, V3: a question about a recording waits for this person's answer.
      model.put(
          "openQuestions",
          recordingPermissions.askedOf(user).stream()
              .filter(v -> v.waitsFor(user.personRef()))
              .count());
    }
    if (user.organisationId() != null) {
      OrganisationEntity org =
          database.read(em -> em.find(OrganisationEntity.class, user.organisationId()));
      model.put("organisation", org == null ? user.organisationId() : org.name());
    }
    pages.render(request, response, 200, "home", model);
  }
}
