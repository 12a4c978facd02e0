package nl.jeugdpoort.gateway.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.config.AdjustableClock;
import nl.jeugdpoort.gateway.config.ClockMoved;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;

/**
 * Tests only: {@code GET /api/admin/clock} shows the gateway's time, {@code POST /api/admin/clock}
 * with {@code {"advance":"P181D"}} moves it forward and runs at once what depends on time
 * (retention end, erasure deadlines). Exists only with {@code jeugdpoort.clock.adjustable=true}
 * (else 404); administrators only (else 403, audited); every move is audited.
 */
@Path("/admin/clock")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {
  @Inject Clock clock;
  @Inject SecurityAudit securityAudit;
  @Inject Event<ClockMoved> moved;
  @Context HttpServletRequest http;

  @GET
  public Response now() {
    AdjustableClock adjustable = adjustable("read the clock");
    return Response.ok(json(adjustable)).build();
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response advance(String body) {
    AdjustableClock adjustable = adjustable("move the clock");
    AuthenticatedUser admin =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    Duration by;
    try {
      JsonObject in = Json.createReader(new StringReader(body == null ? "" : body)).readObject();
      if (!(in.get("advance") instanceof JsonString s)) {
        throw AdminResource.bad(
            422,
            "invalid",
            "Give {\"advance\": \"<ISO-8601 duration>\"}, e.g. {\"advance\":\"P181D\"}.");
      }
      by = Duration.parse(s.getString());
    } catch (JsonException | IllegalStateException | ClassCastException e) {
      throw AdminResource.bad(400, "structure", "The body must be a JSON object.");
    } catch (DateTimeParseException e) {
      throw AdminResource.bad(
          422, "invalid", "advance: not an ISO-8601 duration such as P181D or PT72H.");
    }
    if (by.isNegative() || by.isZero()) {
      throw AdminResource.bad(
          422, "invalid", "advance: time only moves forward; give a positive duration.");
    }
    Instant before = adjustable.instant();
    Instant now = adjustable.advance(by);
    securityAudit.record(
        AuditRecord.of("U", "clock-moved", "success", SecurityAudit.actor(admin))
            .withAccessPoint(http.getRemoteAddr())
            .withDetail("test clock moved forward by " + by + " from " + before + " to " + now));
    moved.fire(new ClockMoved(now));
    return Response.ok(json(adjustable)).build();
  }

  private AdjustableClock adjustable(String what) {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    if (user.system() || !AuthenticatedUser.ADMINISTRATOR.equals(user.role())) {
      securityAudit.refused(
          user,
          http.getRemoteAddr(),
          what,
          "only an administrator moves the test clock",
          List.of());
      throw AdminResource.bad(
          403,
          "forbidden",
          "Alleen een beheerder verzet de testklok / only an administrator may " + what + ".");
    }
    if (!(clock instanceof AdjustableClock adjustable)) {
      throw AdminResource.bad(
          404,
          "not-found",
          "The clock is not adjustable here (jeugdpoort.clock.adjustable is off).");
    }
    return adjustable;
  }

  private static JsonObject json(AdjustableClock c) {
    return Json.createObjectBuilder()
        .add("now", c.instant().toString())
        .add("offset", c.offset().toString())
        .build();
  }
}
