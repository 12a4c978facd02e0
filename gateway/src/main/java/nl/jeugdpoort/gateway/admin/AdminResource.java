package nl.jeugdpoort.gateway.admin;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.onboarding.AccountInput;
import nl.jeugdpoort.gateway.onboarding.Accounts;
import nl.jeugdpoort.gateway.onboarding.OrganisationInput;
import nl.jeugdpoort.gateway.onboarding.Organisations;
import nl.jeugdpoort.gateway.onboarding.Problems;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.SystemClientEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.ClientKeys;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.security.SmartScopes;
import nl.jeugdpoort.policy.catalogue.OrganisationKind;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.apache.shiro.SecurityUtils;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What an administrator manages: the organisations (issue #18), people's accounts, and the systems
 * registered for SMART Backend Services (their public keys, role and scopes). Every change is
 * audited. An organisation administrator manages the accounts of its own organisation only.
 * Administrators read no care data; everyone else is refused here (403, audited). See
 * docs/onboarding.md.
 */
@Path("/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,127}");

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject SecurityAudit securityAudit;
  @Inject PurposeCatalogue catalogue;
  @Inject Clock clock;
  @Inject Organisations organisations;
  @Inject Accounts accounts;
  @Context HttpServletRequest http;

  @GET
  @Path("/kinds")
  public Response kinds() {
    administrator("list the kinds of organisation");
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (OrganisationKind k : catalogue.organisationKinds()) {
      JsonArrayBuilder roles = Json.createArrayBuilder();
      k.roles().stream()
          .sorted()
          .forEach(
              r ->
                  roles.add(
                      Json.createObjectBuilder()
                          .add("code", r)
                          .add("display", catalogue.roles().getOrDefault(r, r))));
      list.add(
          Json.createObjectBuilder()
              .add("code", k.code())
              .add("display", k.display())
              .add("roles", roles));
    }
    return Response.ok(list.build()).build();
  }

  @GET
  @Path("/organisations")
  public Response organisations() {
    administrator("list organisations");
    JsonArrayBuilder list = Json.createArrayBuilder();
    organisations.all().forEach(o -> list.add(AdminJson.organisation(o)));
    return Response.ok(list.build()).build();
  }

  @GET
  @Path("/organisations/{id}")
  public Response organisation(@PathParam("id") String id) {
    administrator("read an organisation");
    OrganisationEntity o =
        organisations
            .find(id)
            .orElseThrow(
                () ->
                    bad(
                        404,
                        "not-found",
                        "No organisation '" + SecurityAudit.printable(id) + "'."));
    return Response.ok(AdminJson.organisation(o).build()).build();
  }

  @POST
  @Path("/organisations")
  @Consumes(MediaType.WILDCARD)
  public Response createOrganisation(String body) {
    AuthenticatedUser admin = administrator("create an organisation");
    OrganisationInput in = AdminJson.organisationInput(object(body), null);
    OrganisationEntity o = run(() -> organisations.create(in, admin, http.getRemoteAddr()));
    return Response.created(URI.create("/api/admin/organisations/" + o.id()))
        .entity(AdminJson.organisation(o).build())
        .build();
  }

  @PUT
  @Path("/organisations/{id}")
  @Consumes(MediaType.WILDCARD)
  public Response updateOrganisation(@PathParam("id") String id, String body) {
    AuthenticatedUser admin = administrator("change an organisation");
    OrganisationInput in = AdminJson.organisationInput(object(body), id);
    OrganisationEntity o = run(() -> organisations.update(id, in, admin, http.getRemoteAddr()));
    return Response.ok(AdminJson.organisation(o).build()).build();
  }

  @DELETE
  @Path("/organisations/{id}")
  public Response deactivateOrganisation(@PathParam("id") String id) {
    AuthenticatedUser admin = administrator("deactivate an organisation");
    OrganisationEntity o = run(() -> organisations.deactivate(id, admin, http.getRemoteAddr()));
    return Response.ok(AdminJson.organisation(o).build()).build();
  }

  @GET
  @Path("/accounts")
  public Response accounts() {
    AuthenticatedUser actor = manager("list accounts");
    JsonArrayBuilder list = Json.createArrayBuilder();
    run(() -> accounts.managedBy(actor)).forEach(a -> list.add(AdminJson.account(a)));
    return Response.ok(list.build()).build();
  }

  @GET
  @Path("/accounts/{username}")
  public Response account(@PathParam("username") String username) {
    AuthenticatedUser actor = manager("read an account");
    return Response.ok(AdminJson.account(run(() -> accounts.get(username, actor))).build()).build();
  }

  @POST
  @Path("/accounts")
  @Consumes(MediaType.WILDCARD)
  public Response createAccount(String body) {
    AuthenticatedUser actor = manager("create an account");
    AccountInput in = AdminJson.accountInput(object(body), null);
    Accounts.WithPassword made = run(() -> accounts.create(in, actor, http.getRemoteAddr()));
    return Response.created(URI.create("/api/admin/accounts/" + made.account().username()))
        .entity(
            AdminJson.account(made.account())
                .add("temporaryPassword", made.temporaryPassword())
                .build())
        .build();
  }

  @PUT
  @Path("/accounts/{username}")
  @Consumes(MediaType.WILDCARD)
  public Response updateAccount(@PathParam("username") String username, String body) {
    AuthenticatedUser actor = manager("change an account");
    AccountInput in = AdminJson.accountInput(object(body), username);
    return Response.ok(
            AdminJson.account(run(() -> accounts.update(username, in, actor, http.getRemoteAddr())))
                .build())
        .build();
  }

  @POST
  @Path("/accounts/{username}/disable")
  public Response disableAccount(@PathParam("username") String username) {
    AuthenticatedUser actor = manager("disable an account");
    return Response.ok(
            AdminJson.account(run(() -> accounts.disable(username, actor, http.getRemoteAddr())))
                .build())
        .build();
  }

  @POST
  @Path("/accounts/{username}/enable")
  public Response enableAccount(@PathParam("username") String username) {
    AuthenticatedUser actor = manager("enable an account");
    return Response.ok(
            AdminJson.account(run(() -> accounts.enable(username, actor, http.getRemoteAddr())))
                .build())
        .build();
  }

  @PUT
  @Path("/accounts/{username}/oidc-subject")
  @Consumes(MediaType.WILDCARD)
  public Response linkOidc(@PathParam("username") String username, String body) {
    AuthenticatedUser actor = manager("link an OpenID Connect subject");
    JsonObject in = object(body);
    String subject = in.get("subject") instanceof JsonString s ? s.getString() : null;
    if (in.containsKey("subject")
        && subject == null
        && in.get("subject").getValueType() != JsonValue.ValueType.NULL) {
      throw bad(422, "invalid", "subject: a string, or null to unlink");
    }
    return Response.ok(
            AdminJson.account(
                    run(() -> accounts.linkOidc(username, subject, actor, http.getRemoteAddr())))
                .build())
        .build();
  }

  @POST
  @Path("/accounts/{username}/password-reset")
  public Response resetPassword(@PathParam("username") String username) {
    AuthenticatedUser actor = manager("reset a password");
    Accounts.WithPassword reset =
        run(() -> accounts.resetPassword(username, actor, http.getRemoteAddr()));
    return Response.ok(
            AdminJson.account(reset.account())
                .add("temporaryPassword", reset.temporaryPassword())
                .build())
        .build();
  }

  @GET
  @Path("/clients")
  public Response clients() {
    administrator("list clients");
    JsonArrayBuilder list = Json.createArrayBuilder();
    database
        .read(
            em ->
                em.createQuery(
                        "select c from SystemClientEntity c order by c.clientId",
                        SystemClientEntity.class)
                    .getResultList())
        .forEach(c -> list.add(json(c)));
    return Response.ok(list.build()).build();
  }

  @POST
  @Path("/clients")
  @Consumes(MediaType.WILDCARD)
  public Response register(String body) {
    AuthenticatedUser admin = administrator("register a client");
    JsonObject in = object(body);
    String clientId = text(in, "clientId");
    String organisationId = text(in, "organisationId");
    String role = text(in, "actingRole");
    String scopes = text(in, "scopes");
    String jwks =
        in.containsKey("jwks") && in.get("jwks").getValueType() == JsonValue.ValueType.OBJECT
            ? in.get("jwks").toString()
            : null;
    List<String> problems = new ArrayList<>();
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      problems.add("clientId: 3 to 128 letters, digits, '.', '_' or '-'");
    }
    OrganisationEntity organisation =
        organisationId == null || organisationId.length() > 64
            ? null
            : database.read(em -> em.find(OrganisationEntity.class, organisationId));
    if (organisation == null || !organisation.active()) {
      problems.add("organisationId: not an active organisation (GET /api/admin/organisations)");
    }
    if (role == null || !catalogue.roles().containsKey(role)) {
      problems.add("actingRole: one of " + String.join(", ", catalogue.roles().keySet()));
    } else if (organisation != null) {
      OrganisationKind kind = catalogue.organisationKind(organisation.kind()).orElse(null);
      if (kind == null || !kind.mayHold(role)) {
        problems.add(
            "actingRole: an organisation of kind "
                + organisation.kind()
                + " may not hold role "
                + role
                + (kind == null
                    ? ""
                    : " (it may hold "
                        + String.join(", ", new java.util.TreeSet<>(kind.roles()))
                        + ")"));
      }
    }
    try {
      if (scopes == null || SmartScopes.parse(scopes).isEmpty()) {
        problems.add("scopes: at least one system scope, e.g. \"system/Task.crs system/Bundle.r\"");
      }
    } catch (IllegalArgumentException e) {
      problems.add("scopes: " + e.getMessage());
    }
    if (jwks == null) {
      problems.add("jwks: the client's public keys as a JSON Web Key Set object {\"keys\":[...]}");
    } else {
      ClientKeys.problems(jwks).forEach(p -> problems.add("jwks: " + p));
    }
    if (!problems.isEmpty()) {
      throw bad(422, "invalid", String.join("; ", problems));
    }
    Instant now = clock.instant();
    SystemClientEntity client =
        new SystemClientEntity(
            clientId,
            organisationId,
            role,
            SmartScopes.parse(scopes).toString(),
            jwks,
            admin.username(),
            now);
    boolean stored =
        database.write(
            em -> {
              if (em.find(SystemClientEntity.class, clientId) != null) {
                return false;
              }
              em.persist(client);
              audit.append(
                  em,
                  AuditRecord.of("C", "client-registered", "success", SecurityAudit.actor(admin))
                      .withAccessPoint(http.getRemoteAddr())
                      .withDetail(
                          "system client "
                              + clientId
                              + " for "
                              + organisationId
                              + " as "
                              + role
                              + ", scopes "
                              + client.scopes()
                              + ", keys "
                              + ClientKeys.keyIds(jwks)));
              return true;
            });
    if (!stored) {
      throw bad(
          409,
          "duplicate",
          "clientId '" + clientId + "' is already registered; revoke it or choose another id.");
    }
    return Response.created(URI.create("/api/admin/clients/" + clientId))
        .entity(json(client).build())
        .build();
  }

  @DELETE
  @Path("/clients/{clientId}")
  public Response revoke(@PathParam("clientId") String clientId) {
    AuthenticatedUser admin = administrator("revoke a client");
    boolean revoked =
        database.write(
            em -> {
              SystemClientEntity c = em.find(SystemClientEntity.class, clientId);
              if (c == null || !c.active()) {
                return false;
              }
              c.revoke(clock.instant());
              audit.append(
                  em,
                  AuditRecord.of("U", "client-revoked", "success", SecurityAudit.actor(admin))
                      .withAccessPoint(http.getRemoteAddr())
                      .withDetail(
                          "system client " + clientId + " of " + c.organisationId() + " revoked"));
              return true;
            });
    if (!revoked) {
      throw bad(404, "not-found", "No active client '" + SecurityAudit.printable(clientId) + "'.");
    }
    return Response.noContent().build();
  }

  private AuthenticatedUser administrator(String what) {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    if (!user.isAdministrator()) {
      securityAudit.refused(
          user,
          http.getRemoteAddr(),
          what,
          "only an administrator manages organisations and keys",
          List.of());
      throw bad(
          403,
          "forbidden",
          "Alleen een beheerder beheert organisaties en sleutels / only an administrator may "
              + what
              + ".");
    }
    return user;
  }

  /**
   * The administrator, or an organisation administrator (for its own people; {@link Accounts}
   * checks that).
   */
  private AuthenticatedUser manager(String what) {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    if (!user.isAdministrator() && !user.isOrganisationAdministrator()) {
      securityAudit.refused(
          user,
          http.getRemoteAddr(),
          what,
          "only an administrator or organisation administrator manages accounts",
          List.of());
      throw bad(
          403,
          "forbidden",
          "Alleen een beheerder beheert accounts / only an administrator may " + what + ".");
    }
    return user;
  }

  /**
   * Runs a change; its {@link Problems} become a 4xx OperationOutcome naming every field at once.
   */
  private <T> T run(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (Problems p) {
      if (p.status() == 403) {
        AuthenticatedUser user =
            SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
        securityAudit.refused(
            user,
            http.getRemoteAddr(),
            http.getMethod() + " " + SecurityAudit.printable(http.getRequestURI()),
            p.getMessage(),
            List.of());
      }
      throw problems(p);
    }
  }

  static WebApplicationException problems(Problems p) {
    String code =
        switch (p.status()) {
          case 404 -> "not-found";
          case 409 -> "conflict";
          case 403 -> "forbidden";
          default -> "invalid";
        };
    return bad(p.status(), code, p.getMessage());
  }

  /** The body as a JSON object, or a 400. */
  static JsonObject object(String body) {
    try {
      JsonValue value = Json.createReader(new StringReader(body == null ? "" : body)).readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw bad(400, "invalid", "The body must be a JSON object.");
      }
      return value.asJsonObject();
    } catch (JsonException e) {
      throw bad(
          400,
          "structure",
          "The body is not valid JSON: " + SecurityAudit.printable(e.getMessage()));
    }
  }

  private static String text(JsonObject in, String name) {
    JsonValue v = in.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static JsonObjectBuilder json(SystemClientEntity c) {
    JsonArrayBuilder keyIds = Json.createArrayBuilder();
    ClientKeys.keyIds(c.jwks()).forEach(keyIds::add);
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("clientId", c.clientId())
            .add("organisationId", c.organisationId())
            .add("actingRole", c.actingRole())
            .add("scopes", String.join(" ", c.scopes()))
            .add("keyIds", keyIds)
            .add("registeredBy", c.registeredBy())
            .add("registeredAt", c.registeredAt().toString());
    return c.revokedAt() == null
        ? b.addNull("revokedAt")
        : b.add("revokedAt", c.revokedAt().toString());
  }

  /** A refusal as a FHIR OperationOutcome, like every other error of the gateway. */
  static WebApplicationException bad(int status, String code, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.fromCode(code))
        .setDiagnostics(message);
    return new WebApplicationException(
        Response.status(status)
            .type("application/fhir+json")
            .entity(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome))
            .build());
  }
}
