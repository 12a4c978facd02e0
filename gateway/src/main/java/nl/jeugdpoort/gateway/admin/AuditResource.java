package nl.jeugdpoort.gateway.admin;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.gateway.audit.AuditArchive;
import nl.jeugdpoort.gateway.audit.AuditCheckpoints;
import nl.jeugdpoort.gateway.audit.AuditExport;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.AuditVerification;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;

/**
 * Checking the audit log (A2, docs/audit.md), for an administrator or a privacy officer: {@code GET
 * /api/admin/audit/verify} recomputes the chain and names the first bad entry; {@code GET
 * /api/admin/audit/export?from=&to=} streams chained entries as NDJSON of FHIR AuditEvents with
 * their chain fields and hashed bytes, and signs a checkpoint of the chain head (in the response
 * header {@value #CHECKPOINT_HEADER}); {@code GET /api/admin/audit/checkpoints} lists the newest
 * signed checkpoints and {@code POST} signs one now. Each call is itself audited.
 */
@Path("/admin/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  public static final String CHECKPOINT_HEADER = "Jeugdpoort-Audit-Checkpoint";
  static final String NDJSON = "application/x-ndjson";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject AuditCheckpoints checkpoints;
  @Inject AuditArchive archives;
  @Inject Clock clock;
  @Inject SecurityAudit securityAudit;
  @Inject FhirContext fhir;
  @Context HttpServletRequest http;

  @GET
  @Path("/verify")
  public Response verify() {
    AuthenticatedUser user = checker("verify the audit log");
    AuditVerification.Result r = AuditVerification.verify(database);
    record(
        user,
        "R",
        "audit-verify",
        r.intact() ? "success" : "failure",
        r.intact()
            ? "audit chain intact up to seq " + r.lastSeq() + ", " + r.pending() + " pending"
            : "audit chain broken at seq " + r.firstBadSeq() + ": " + r.problem());
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("intact", r.intact())
            .add("checked", r.checked())
            .add("lastSeq", r.lastSeq())
            .add("headHash", r.headHash())
            .add("pending", r.pending());
    if (!r.intact()) {
      b.add("firstBadSeq", r.firstBadSeq()).add("problem", r.problem());
      if (r.firstBadId() != null) {
        b.add("firstBadId", r.firstBadId());
      }
    }
    return Response.ok(b.build()).build();
  }

  @GET
  @Path("/export")
  @Produces(NDJSON)
  public Response export(
      @QueryParam("from") String fromParam,
      @QueryParam("to") String toParam,
      @QueryParam("format") String formatParam) {
    AuthenticatedUser user = checker("export the audit log");
    long from = number(fromParam, "from", 1);
    long to = number(toParam, "to", Long.MAX_VALUE);
    if (to < from) {
      throw AdminResource.bad(400, "value", "'to' (" + to + ") is before 'from' (" + from + ").");
    }
    boolean logboek;
    if (formatParam == null || formatParam.equals("fhir")) {
      logboek = false;
    } else if (formatParam.equals("logboek")) {
      logboek = true;
    } else {
      throw AdminResource.bad(
          400,
          "value",
          "'format' must be 'fhir' (the default) or 'logboek', not '"
              + SecurityAudit.printable(formatParam)
              + "'.");
    }
    AuditCheckpoints.Checkpoint checkpoint = checkpoints.sign("export");
    long last = Math.min(to, checkpoint.seq());
    record(
        user,
        "E",
        "audit-export",
        "success",
        "audit export of seq "
            + from
            + ".."
            + last
            + (logboek ? " (logboek)" : "")
            + ", checkpoint at seq "
            + checkpoint.seq());
    StreamingOutput body =
        out -> {
          BufferedWriter w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          if (logboek) {
            AuditExport.writeLogboek(database, from, last, w);
          } else {
            AuditExport.write(database, fhir, from, last, w);
          }
        };
    return Response.ok(body, NDJSON).header(CHECKPOINT_HEADER, checkpoint.jws()).build();
  }

  @GET
  @Path("/checkpoints")
  public Response list() {
    checker("list audit checkpoints");
    JsonArrayBuilder list = Json.createArrayBuilder();
    checkpoints.list(100).forEach(c -> list.add(json(c)));
    return Response.ok(list.build()).build();
  }

  @POST
  @Path("/checkpoints")
  public Response signNow() {
    AuthenticatedUser user = checker("sign an audit checkpoint");
    AuditCheckpoints.Checkpoint c = checkpoints.sign("request");
    record(user, "C", "audit-checkpoint", "success", "audit checkpoint signed at seq " + c.seq());
    return Response.status(201).entity(json(c).build()).build();
  }

  /**
   * The archive step (administrator only): moves the chained entries recorded before {@code before}
   * (a date, the start of that day in Europe/Amsterdam, or an instant; not in the future) into a
   * file in {@code jeugdpoort.audit.archive-dir}. 201 with what was archived, or 200 with {@code
   * archived: false}.
   */
  @POST
  @Path("/archive")
  public Response archive(@QueryParam("before") String beforeParam) {
    AuthenticatedUser user = checker("archive the audit log");
    if (!AuthenticatedUser.ADMINISTRATOR.equals(user.role())) {
      securityAudit.refused(
          user,
          http.getRemoteAddr(),
          "archive the audit log",
          "only an administrator archives",
          List.of("A1"));
      throw AdminResource.bad(
          403,
          "forbidden",
          "Alleen een beheerder archiveert het auditlog / only an administrator may "
              + "archive the audit log.");
    }
    Instant before = instant(beforeParam);
    if (before.isAfter(clock.instant())) {
      throw AdminResource.bad(400, "value", "'before' must not be in the future.");
    }
    Optional<AuditArchive.Archived> done;
    try {
      done = archives.archiveBefore(before);
    } catch (IllegalStateException e) {
      record(user, "E", "audit-archive", "failure", "audit archive refused: " + e.getMessage());
      throw AdminResource.bad(
          409, "conflict", "Het auditlog klopt niet; er is niets gearchiveerd / " + e.getMessage());
    }
    if (done.isEmpty()) {
      return Response.ok(Json.createObjectBuilder().add("archived", false).build()).build();
    }
    AuditArchive.Archived a = done.get();
    record(
        user,
        "E",
        "audit-archive",
        "success",
        "audit entries "
            + a.fromSeq()
            + ".."
            + a.toSeq()
            + " archived to "
            + a.file().getFileName()
            + " (sha256 "
            + a.fileSha256()
            + ")");
    return Response.status(201)
        .entity(
            Json.createObjectBuilder()
                .add("archived", true)
                .add("fromSeq", a.fromSeq())
                .add("toSeq", a.toSeq())
                .add("lastHash", a.lastHash())
                .add("entries", a.entries())
                .add("file", a.file().getFileName().toString())
                .add("fileSha256", a.fileSha256())
                .add("checkpoint", a.checkpointJws())
                .build())
        .build();
  }

  private static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      throw AdminResource.bad(
          400, "required", "'before' is required: a date (2021-12-01) or an instant.");
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneId.of("Europe/Amsterdam")).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw AdminResource.bad(
          400,
          "value",
          "'before' must be a date (2021-12-01) or an instant, not '"
              + SecurityAudit.printable(value)
              + "'.");
    }
  }

  private static JsonObjectBuilder json(AuditCheckpoints.Checkpoint c) {
    return Json.createObjectBuilder()
        .add("seq", c.seq())
        .add("hash", c.hash())
        .add("signedAt", c.signedAt().toString())
        .add("reason", c.reason())
        .add("jws", c.jws());
  }

  private void record(
      AuthenticatedUser user, String action, String type, String outcome, String detail) {
    database.write(
        em ->
            audit.append(
                em,
                AuditRecord.of(action, type, outcome, SecurityAudit.actor(user))
                    .withAccessPoint(http.getRemoteAddr())
                    .withRules(List.of("A2"))
                    .withDetail(detail)));
  }

  private static long number(String value, String name, long absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 1) {
        throw AdminResource.bad(400, "value", "'" + name + "' must be 1 or more.");
      }
      return n;
    } catch (NumberFormatException e) {
      throw AdminResource.bad(
          400,
          "value",
          "'"
              + name
              + "' must be a whole number (a seq), not '"
              + SecurityAudit.printable(value)
              + "'.");
    }
  }

  /**
   * An administrator or a privacy officer (not a system); everyone else is refused (403, audited).
   */
  private AuthenticatedUser checker(String what) {
    AuthenticatedUser user =
        SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
    if (user.system()
        || !(AuthenticatedUser.ADMINISTRATOR.equals(user.role())
            || AuthenticatedUser.PRIVACY_OFFICER.equals(user.role()))) {
      securityAudit.refused(
          user,
          http.getRemoteAddr(),
          what,
          "only an administrator or a privacy officer checks the audit log",
          List.of("A2"));
      throw AdminResource.bad(
          403,
          "forbidden",
          "Alleen een beheerder of privacyfunctionaris controleert het auditlog / "
              + "only an administrator or a privacy officer may "
              + what
              + ".");
    }
    return user;
  }
}
