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
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.SystemClientEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.ClientKeys;
import nl.jeugdpoort.gateway.security.SmartScopes;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.apache.shiro.SecurityUtils;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What an administrator manages: the organisations, and the systems registered for SMART Backend
 * Services (their public keys, role and scopes). Registering and revoking are audited. An administrator
 * reads no care data; everyone else is refused here (403, audited).
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
  @Context HttpServletRequest http;

  @GET
  @Path("/organisations")
  public Response organisations() {
    administrator("list organisations");
    JsonArrayBuilder list = Json.createArrayBuilder();
    database.read(em -> em.createQuery("select o from OrganisationEntity o order by o.id", OrganisationEntity.class)
        .getResultList()).forEach(o -> list.add(Json.createObjectBuilder()
        .add("id", o.id()).add("name", o.name()).add("kind", o.kind())));
    return Response.ok(list.build()).build();
  }

  @GET
  @Path("/clients")
  public Response clients() {
    administrator("list clients");
    JsonArrayBuilder list = Json.createArrayBuilder();
    database.read(em -> em.createQuery("select c from SystemClientEntity c order by c.clientId", SystemClientEntity.class)
        .getResultList()).forEach(c -> list.add(json(c)));
    return Response.ok(list.build()).build();
  }

  @POST
  @Path("/clients")
  @Consumes(MediaType.WILDCARD)
  public Response register(String body) {
    AuthenticatedUser admin = administrator("register a client");
    JsonObject in;
    try {
      JsonValue value = Json.createReader(new StringReader(body == null ? "" : body)).readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw bad(400, "invalid", "The body must be a JSON object.");
      }
      in = value.asJsonObject();
    } catch (JsonException e) {
      throw bad(400, "structure", "The body is not valid JSON: " + SecurityAudit.printable(e.getMessage()));
    }
    String clientId = text(in, "clientId");
    String organisationId = text(in, "organisationId");
    String role = text(in, "actingRole");
    String scopes = text(in, "scopes");
    String jwks = in.containsKey("jwks") && in.get("jwks").getValueType() == JsonValue.ValueType.OBJECT ? in.get("jwks").toString() : null;
    List<String> problems = new ArrayList<>();
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      problems.add("clientId: 3 to 128 letters, digits, '.', '_' or '-'");
    }
    if (organisationId == null || database.read(em -> em.find(OrganisationEntity.class, organisationId)) == null) {
      problems.add("organisationId: not a known organisation (GET /api/admin/organisations)");
    }
    if (role == null || !catalogue.roles().containsKey(role)) {
      problems.add("actingRole: one of " + String.join(", ", catalogue.roles().keySet()));
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
    SystemClientEntity client = new SystemClientEntity(clientId, organisationId, role, SmartScopes.parse(scopes).toString(),
        jwks, admin.username(), now);
    boolean stored = database.write(em -> {
      if (em.find(SystemClientEntity.class, clientId) != null) {
        return false;
      }
      em.persist(client);
      audit.append(em, AuditRecord.of("C", "client-registered", "success", SecurityAudit.actor(admin))
          .withAccessPoint(http.getRemoteAddr())
          .withDetail("system client " + clientId + " for " + organisationId + " as " + role + ", scopes " + client.scopes()
              + ", keys " + ClientKeys.keyIds(jwks)));
      return true;
    });
    if (!stored) {
      throw bad(409, "duplicate", "clientId '" + clientId + "' is already registered; revoke it or choose another id.");
    }
    return Response.created(URI.create("/api/admin/clients/" + clientId)).entity(json(client).build()).build();
  }

  @DELETE
  @Path("/clients/{clientId}")
  public Response revoke(@PathParam("clientId") String clientId) {
    AuthenticatedUser admin = administrator("revoke a client");
    boolean revoked = database.write(em -> {
      SystemClientEntity c = em.find(SystemClientEntity.class, clientId);
      if (c == null || !c.active()) {
        return false;
      }
      c.revoke(clock.instant());
      audit.append(em, AuditRecord.of("U", "client-revoked", "success", SecurityAudit.actor(admin))
          .withAccessPoint(http.getRemoteAddr())
          .withDetail("system client " + clientId + " of " + c.organisationId() + " revoked"));
      return true;
    });
    if (!revoked) {
      throw bad(404, "not-found", "No active client '" + SecurityAudit.printable(clientId) + "'.");
    }
    return Response.noContent().build();
  }

  private AuthenticatedUser administrator(String what) {
    AuthenticatedUser user = SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    if (user.system() || !AuthenticatedUser.ADMINISTRATOR.equals(user.role())) {
      securityAudit.refused(user, http.getRemoteAddr(), what, "only an administrator manages organisations and keys", List.of());
      throw bad(403, "forbidden", "Alleen een beheerder beheert organisaties en sleutels / only an administrator may " + what + ".");
    }
    return user;
  }

  private static String text(JsonObject in, String name) {
    JsonValue v = in.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static JsonObjectBuilder json(SystemClientEntity c) {
    JsonArrayBuilder keyIds = Json.createArrayBuilder();
    ClientKeys.keyIds(c.jwks()).forEach(keyIds::add);
    JsonObjectBuilder b = Json.createObjectBuilder()
        .add("clientId", c.clientId())
        .add("organisationId", c.organisationId())
        .add("actingRole", c.actingRole())
        .add("scopes", String.join(" ", c.scopes()))
        .add("keyIds", keyIds)
        .add("registeredBy", c.registeredBy())
        .add("registeredAt", c.registeredAt().toString());
    return c.revokedAt() == null ? b.addNull("revokedAt") : b.add("revokedAt", c.revokedAt().toString());
  }

  /** A refusal as a FHIR OperationOutcome, like every other error of the gateway. */
  static WebApplicationException bad(int status, String code, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.fromCode(code)).setDiagnostics(message);
    return new WebApplicationException(Response.status(status).type("application/fhir+json")
        .entity(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome)).build());
  }
}
