package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import nl.jeugdpoort.gateway.onboarding.AccountInput;
import nl.jeugdpoort.gateway.onboarding.Accounts;
import nl.jeugdpoort.gateway.onboarding.OrganisationInput;
import nl.jeugdpoort.gateway.onboarding.Organisations;
import nl.jeugdpoort.gateway.onboarding.Problems;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.policy.catalogue.OrganisationKind;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * The administrator's pages in the portal (issue #18, items 2 and 4): the same onboarding code as
 * the administration API ({@link Organisations}, {@link Accounts}), so the same rules, answers and
 * audit entries. Forms are CSRF-protected like every portal form ({@link CsrfFilter}).
 *
 * <ul>
 *   <li>{@code GET /portal/beheer/organisaties}: every organisation, with a form for a new one
 *       ({@code POST} there); {@code GET /portal/beheer/organisaties/{id}}: one, to change ({@code
 *       POST} there) or deactivate ({@code POST …/{id}/opheffen}). The administrator only.
 *   <li>{@code GET /portal/beheer/accounts}: the accounts one manages (the administrator: all but
 *       family members'; an organisation administrator: its own organisation's), with a form for a
 *       new one ({@code POST} there, the temporary password shown once); {@code POST
 *       …/accounts/{username}/uitzetten} disables, {@code …/aanzetten} enables, {@code
 *       …/wachtwoord} gives a new temporary password (shown once).
 * </ul>
 *
 * Anyone else gets the portal's 404 page, as for every page that is not theirs.
 */
@WebServlet(
    urlPatterns = {
      "/portal/beheer/organisaties",
      "/portal/beheer/organisaties/*",
      "/portal/beheer/accounts",
      "/portal/beheer/accounts/*"
    })
public class AdminPages extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String ORGANISATIONS = "/portal/beheer/organisaties";
  private static final String ACCOUNTS = "/portal/beheer/accounts";

  @Inject transient Pages pages;
  @Inject transient Organisations organisations;
  @Inject transient Accounts accounts;
  @Inject transient PurposeCatalogue catalogue;

  /** An organisation as the pages show it (and as its form is filled in). */
  public record OrganisationRow(
      String id,
      String name,
      String kind,
      String kindText,
      String identifierType,
      String identifierValue,
      String fhirBaseUrl,
      String sourceAuthMode,
      String sourceTokenUrl,
      String sourceClientId,
      String sourceScope,
      String privacyOfficerName,
      String privacyOfficerEmail,
      String privacyOfficerPhone,
      boolean active,
      String deactivatedOn) {}

  /** An account as the list shows it. */
  public record AccountRow(
      String username,
      String displayName,
      String role,
      String roleText,
      String organisationId,
      boolean active,
      boolean mustChangePassword,
      boolean oidc,
      boolean self) {}

  /** A choice of a select list. */
  public record Choice(String code, String text) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String path = request.getServletPath();
    String rest = request.getPathInfo();
    if (path.equals(ORGANISATIONS) && user.isAdministrator()) {
      if (rest == null || rest.equals("/")) {
        organisationList(request, response, user, 200, null, emptyOrganisation(), null);
        return;
      }
      Optional<OrganisationEntity> o = organisations.find(rest.substring(1));
      if (o.isPresent()) {
        organisationPage(request, response, user, 200, row(o.get()), null, null);
        return;
      }
    } else if (path.equals(ACCOUNTS)
        && (user.isAdministrator() || user.isOrganisationAdministrator())
        && (rest == null || rest.equals("/"))) {
      accountList(request, response, user, 200, null, null, null);
      return;
    }
    pages.notFound(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String path = request.getServletPath();
    String info = request.getPathInfo();
    // The list itself (no path, or "/"), or its segments; an empty segment is no page.
    String[] rest =
        info == null || info.equals("/") ? new String[0] : info.substring(1).split("/", -1);
    if (java.util.Arrays.stream(rest).anyMatch(String::isEmpty)) {
      pages.notFound(request, response);
      return;
    }
    String from = request.getRemoteAddr();
    if (path.equals(ORGANISATIONS) && user.isAdministrator()) {
      if (rest.length == 0) {
        OrganisationInput in = organisationInput(request, request.getParameter("id"));
        Outcome<OrganisationEntity> made = attempt(() -> organisations.create(in, user, from));
        if (made.problems() != null) {
          organisationList(
              request, response, user, made.status(), made.problems(), formRow(in), null);
          return;
        }
        response.sendRedirect(
            request.getContextPath() + ORGANISATIONS + "?opgeslagen=" + made.value().id());
        return;
      }
      String id = rest[0];
      if (rest.length == 1) {
        OrganisationInput in = organisationInput(request, id);
        Outcome<OrganisationEntity> changed =
            attempt(() -> organisations.update(id, in, user, from));
        if (changed.status() == 404) {
          pages.notFound(request, response);
          return;
        }
        if (changed.problems() != null) {
          organisationPage(
              request, response, user, changed.status(), formRow(in), changed.problems(), null);
          return;
        }
        organisationPage(
            request,
            response,
            user,
            200,
            row(changed.value()),
            null,
            "De wijzigingen zijn opgeslagen.");
        return;
      }
      if (rest.length == 2 && rest[1].equals("opheffen")) {
        Outcome<OrganisationEntity> gone = attempt(() -> organisations.deactivate(id, user, from));
        if (gone.problems() != null) {
          pages.notFound(request, response);
          return;
        }
        organisationPage(
            request,
            response,
            user,
            200,
            row(gone.value()),
            null,
            "De organisatie is opgeheven. Haar mensen en systemen kunnen niet meer inloggen.");
        return;
      }
    } else if (path.equals(ACCOUNTS)
        && (user.isAdministrator() || user.isOrganisationAdministrator())) {
      if (rest.length == 0) {
        AccountInput in =
            new AccountInput(
                value(request, "gebruikersnaam"),
                value(request, "naam"),
                value(request, "rol"),
                user.isAdministrator() ? value(request, "organisatie") : user.organisationId());
        Outcome<Accounts.WithPassword> made = attempt(() -> accounts.create(in, user, from));
        if (made.problems() != null) {
          accountList(request, response, user, made.status(), made.problems(), in, null);
          return;
        }
        accountList(
            request,
            response,
            user,
            201,
            null,
            null,
            new Shown(made.value().account().username(), made.value().temporaryPassword(), true));
        return;
      }
      if (rest.length == 2) {
        String username = rest[0];
        switch (rest[1]) {
          case "uitzetten" -> {
            Outcome<AccountEntity> done = attempt(() -> accounts.disable(username, user, from));
            accountAnswer(
                request, response, user, done, "Het account van " + username + " staat uit.");
            return;
          }
          case "aanzetten" -> {
            Outcome<AccountEntity> done = attempt(() -> accounts.enable(username, user, from));
            accountAnswer(
                request, response, user, done, "Het account van " + username + " staat weer aan.");
            return;
          }
          case "wachtwoord" -> {
            Outcome<Accounts.WithPassword> done =
                attempt(() -> accounts.resetPassword(username, user, from));
            if (done.status() == 404 || done.status() == 403) {
              pages.notFound(request, response);
              return;
            }
            if (done.problems() != null) {
              accountList(request, response, user, done.status(), done.problems(), null, null);
              return;
            }
            accountList(
                request,
                response,
                user,
                200,
                null,
                null,
                new Shown(username, done.value().temporaryPassword(), false));
            return;
          }
          default -> {
            // not a page
          }
        }
      }
    }
    pages.notFound(request, response);
  }

  /** A temporary password just given, shown once. */
  public record Shown(String username, String password, boolean created) {}

  private record Outcome<T>(T value, int status, List<String> problems) {}

  private static <T> Outcome<T> attempt(Supplier<T> action) {
    try {
      return new Outcome<>(action.get(), 200, null);
    } catch (Problems p) {
      return new Outcome<>(null, p.status(), p.problems());
    }
  }

  private void accountAnswer(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      Outcome<AccountEntity> done,
      String message)
      throws IOException {
    if (done.status() == 404 || done.status() == 403) {
      pages.notFound(request, response);
      return;
    }
    if (done.problems() != null) {
      accountList(request, response, user, done.status(), done.problems(), null, null);
      return;
    }
    Map<String, Object> extra = new HashMap<>();
    extra.put("message", message);
    accountList(request, response, user, 200, null, null, null, extra);
  }

  private void organisationList(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      int status,
      List<String> problems,
      OrganisationRow form,
      String message)
      throws IOException {
    Map<String, Object> model = base(user);
    model.put("organisations", organisations.all().stream().map(this::row).toList());
    model.put("form", form);
    model.put("problems", problems == null ? List.of() : problems);
    String saved = request.getParameter("opgeslagen");
    model.put(
        "message",
        message != null
            ? message
            : saved != null && saved.length() <= 64
                ? "De organisatie " + saved + " is opgeslagen."
                : null);
    pages.render(request, response, status, "admin-organisations", model);
  }

  private void organisationPage(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      int status,
      OrganisationRow form,
      List<String> problems,
      String message)
      throws IOException {
    Map<String, Object> model = base(user);
    model.put("form", form);
    model.put("problems", problems == null ? List.of() : problems);
    model.put("message", message);
    pages.render(request, response, status, "admin-organisation", model);
  }

  private void accountList(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      int status,
      List<String> problems,
      AccountInput form,
      Shown shown)
      throws IOException {
    accountList(request, response, user, status, problems, form, shown, Map.of());
  }

  private void accountList(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      int status,
      List<String> problems,
      AccountInput form,
      Shown shown,
      Map<String, Object> extra)
      throws IOException {
    Map<String, Object> model = base(user);
    model.put(
        "accounts",
        accounts.managedBy(user).stream()
            .map(
                a ->
                    new AccountRow(
                        a.username(),
                        a.displayName(),
                        a.role(),
                        RoleTexts.describe(a.role()),
                        a.organisationId(),
                        !a.disabled(),
                        a.mustChangePassword(),
                        a.oidcSubject() != null,
                        a.username().equals(user.username())))
            .toList());
    model.put("form", form == null ? new AccountInput("", "", "", user.organisationId()) : form);
    model.put("problems", problems == null ? List.of() : problems);
    model.put("shown", shown);
    List<Choice> roles = new ArrayList<>();
    for (String code : catalogue.roles().keySet()) {
      roles.add(new Choice(code, RoleTexts.describe(code)));
    }
    roles.add(
        new Choice(
            AuthenticatedUser.PRIVACY_OFFICER,
            RoleTexts.describe(AuthenticatedUser.PRIVACY_OFFICER)));
    roles.add(
        new Choice(
            AuthenticatedUser.ORGANISATION_ADMINISTRATOR,
            RoleTexts.describe(AuthenticatedUser.ORGANISATION_ADMINISTRATOR)));
    if (user.isAdministrator()) {
      roles.add(
          new Choice(
              AuthenticatedUser.ADMINISTRATOR,
              RoleTexts.describe(AuthenticatedUser.ADMINISTRATOR)));
    }
    model.put("roles", roles);
    model.put(
        "organisationChoices",
        user.isAdministrator()
            ? organisations.all().stream()
                .filter(OrganisationEntity::active)
                .map(o -> new Choice(o.id(), o.name()))
                .toList()
            : List.of());
    model.put("message", null);
    model.putAll(extra);
    pages.render(request, response, status, "admin-accounts", model);
  }

  private Map<String, Object> base(AuthenticatedUser user) {
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    Map<String, String> kinds = new LinkedHashMap<>();
    for (OrganisationKind k : catalogue.organisationKinds()) {
      kinds.put(k.code(), k.display());
    }
    model.put(
        "kinds", kinds.entrySet().stream().map(e -> new Choice(e.getKey(), e.getValue())).toList());
    return model;
  }

  private OrganisationRow row(OrganisationEntity o) {
    return new OrganisationRow(
        o.id(),
        o.name(),
        o.kind(),
        catalogue.organisationKind(o.kind()).map(OrganisationKind::display).orElse(o.kind()),
        o.identifierType(),
        o.identifierValue(),
        o.fhirBaseUrl(),
        o.sourceAuthMode() == null ? "none" : o.sourceAuthMode(),
        o.sourceTokenUrl(),
        o.sourceClientId(),
        o.sourceScope(),
        o.privacyOfficerName(),
        o.privacyOfficerEmail(),
        o.privacyOfficerPhone(),
        o.active(),
        o.deactivatedAt() == null ? null : FamilyTimeline.day(o.deactivatedAt()));
  }

  private OrganisationRow formRow(OrganisationInput in) {
    return new OrganisationRow(
        in.id(),
        in.name(),
        in.kind(),
        in.kind(),
        in.identifierType(),
        in.identifierValue(),
        in.fhirBaseUrl(),
        in.sourceAuthMode() == null ? "none" : in.sourceAuthMode(),
        in.sourceTokenUrl(),
        in.sourceClientId(),
        in.sourceScope(),
        in.privacyOfficerName(),
        in.privacyOfficerEmail(),
        in.privacyOfficerPhone(),
        true,
        null);
  }

  private static OrganisationRow emptyOrganisation() {
    return new OrganisationRow(
        "", "", "", "", "kvk", "", "", "none", "", "", "", "", "", "", true, null);
  }

  /**
   * The form's fields as the API's body: an empty field is an absent one; the source credentials
   * only with authentication mode smart-backend.
   */
  private static OrganisationInput organisationInput(HttpServletRequest request, String id) {
    String mode = value(request, "bron-authenticatie");
    boolean smart = "smart-backend".equals(mode);
    String fhir = value(request, "fhir-basis-url");
    return new OrganisationInput(
        id,
        value(request, "naam"),
        value(request, "soort"),
        value(request, "nummer-soort"),
        value(request, "nummer"),
        fhir,
        fhir == null ? null : mode == null ? "none" : mode,
        smart ? value(request, "bron-token-url") : null,
        smart ? value(request, "bron-client-id") : null,
        fhir == null ? null : value(request, "bron-scope"),
        value(request, "privacy-naam"),
        value(request, "privacy-email"),
        value(request, "privacy-telefoon"));
  }

  /** A form field, stripped; null when empty or absent; at most 2000 characters. */
  private static String value(HttpServletRequest request, String name) {
    String v = request.getParameter(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    v = v.strip();
    return v.length() > 2000 ? v.substring(0, 2000) : v;
  }
}
