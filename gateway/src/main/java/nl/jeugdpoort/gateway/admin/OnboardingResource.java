package nl.jeugdpoort.gateway.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.jeugdpoort.gateway.onboarding.Accounts;
import nl.jeugdpoort.gateway.onboarding.FamilyActivations;
import nl.jeugdpoort.gateway.onboarding.Problems;
import nl.jeugdpoort.gateway.onboarding.Setup;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.PasswordChangeToken;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;

/**
 * The two calls that need no login (issue #18): {@code POST /api/setup} makes the first
 * administrator with the set-up token from the start-up log; {@code POST /api/password} changes
 * one's own password with the current one — the only thing an account may do while its password,
 * set by an administrator, must be changed. Both open no session. And {@code POST
 * /api/activation-codes}: a professional makes a family member's activation code.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OnboardingResource {
  @Inject Setup setup;
  @Inject Accounts accounts;
  @Inject FamilyActivations activations;
  @Inject SecurityAudit securityAudit;
  @Context HttpServletRequest http;

  @POST
  @Path("/setup")
  @Consumes(MediaType.WILDCARD)
  public Response setup(String body) {
    JsonObject in = AdminResource.object(body);
    try {
      AccountEntity admin =
          setup.firstAdministrator(
              AdminJson.text(in, "token"),
              AdminJson.text(in, "username"),
              AdminJson.text(in, "displayName"),
              password(in, "password"),
              http.getRemoteAddr());
      return Response.status(201).entity(AdminJson.account(admin).build()).build();
    } catch (Problems p) {
      throw AdminResource.problems(p);
    }
  }

  @POST
  @Path("/password")
  @Consumes(MediaType.WILDCARD)
  public Response password(String body) {
    JsonObject in = AdminResource.object(body);
    String username = AdminJson.text(in, "username");
    String current = password(in, "password");
    String next = password(in, "newPassword");
    if (username == null || current == null) {
      throw AdminResource.bad(
          422, "invalid", "username and password (the current one) are required");
    }
    Accounts.passwordProblem(username, next)
        .ifPresent(
            p -> {
              throw AdminResource.bad(422, "invalid", p);
            });
    if (next.equals(current)) {
      throw AdminResource.bad(422, "invalid", "newPassword: must differ from the current password");
    }
    AuthenticationInfo info;
    try {
      info =
          SecurityUtils.getSecurityManager()
              .authenticate(
                  new PasswordChangeToken(username, current.toCharArray(), http.getRemoteAddr()));
    } catch (AuthenticationException e) {
      throw AdminResource.bad(
          401,
          "login",
          "Wachtwoord wijzigen mislukt: onbekende naam, verkeerd wachtwoord, of te veel "
              + "pogingen / password change failed: unknown name, wrong password, or too many attempts.");
    }
    AuthenticatedUser self = info.getPrincipals().oneByType(AuthenticatedUser.class);
    try {
      accounts.changeOwnPassword(self, next, http.getRemoteAddr());
    } catch (Problems p) {
      throw AdminResource.problems(p);
    }
    return Response.noContent().build();
  }

  /**
   * A professional of the requesting or source organisation makes an activation code for the person
   * a notice went to, to hand over (issue #18): {@code {"noticeId"}} → 201 {@code
   * {"noticeId","code","expiresAt"}}.
   */
  @POST
  @Path("/activation-codes")
  @Consumes(MediaType.WILDCARD)
  public Response activationCode(String body) {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    String noticeId = AdminJson.text(AdminResource.object(body), "noticeId");
    try {
      FamilyActivations.Code code = activations.issue(noticeId, user, http.getRemoteAddr());
      return Response.status(201)
          .entity(
              jakarta.json.Json.createObjectBuilder()
                  .add("noticeId", noticeId)
                  .add("code", code.code())
                  .add("expiresAt", code.expiresAt().toString())
                  .build())
          .build();
    } catch (Problems p) {
      if (p.status() == 404 || p.status() == 403) {
        securityAudit.refused(
            user,
            http.getRemoteAddr(),
            "activation code for notice " + SecurityAudit.printable(noticeId),
            p.getMessage(),
            java.util.List.of());
      }
      throw AdminResource.problems(p);
    }
  }

  /** A password member exactly as sent (not stripped); null when absent or not a string. */
  private static String password(JsonObject in, String name) {
    return in.get(name) instanceof jakarta.json.JsonString s ? s.getString() : null;
  }
}
