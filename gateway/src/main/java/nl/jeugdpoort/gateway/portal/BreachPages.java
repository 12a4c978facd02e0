package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.gateway.breach.Breaches;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.persistence.BreachAffectedEntity;
import nl.jeugdpoort.gateway.persistence.BreachEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;

/**
 * B1 for privacy officers. {@code GET /portal/datalekken}: the breaches that concern their
 * organisation (registered by it, or affecting releases it received or gave), with the 72-hour
 * deadline counting down, and the form to register one; {@code POST /portal/datalekken} registers
 * it. {@code GET /portal/datalekken/{id}}: one breach with the releases the audit log yields;
 * {@code POST /portal/datalekken/{id}/risico} records the risk assessment (high: the families are
 * informed); {@code POST /portal/datalekken/{id}/gemeld} records the report to the authority.
 * Everyone else: 404.
 */
@WebServlet(urlPatterns = {"/portal/datalekken", "/portal/datalekken/*"})
public class BreachPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Breaches breaches;
  @Inject transient FamilyTimeline timeline;
  @Inject transient Clock clock;

  /** A breach as the page shows it (professional words, rule ids allowed). */
  public record Row(
      String id,
      String registered,
      String kind,
      String description,
      String scope,
      String period,
      String discovered,
      String deadline,
      String countdown,
      boolean late,
      String reported,
      String risk,
      String assessment,
      String familiesInformed,
      boolean mayAssess,
      int releases,
      long youths,
      String organisations) {}

  /** One release in scope. */
  public record Affected(
      String released, String requestId, String recipient, String source, String data) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isPrivacyOfficer() || user.organisationId() == null) {
      pages.notFound(request, response);
      return;
    }
    String path = request.getPathInfo();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    if (path == null || path.equals("/")) {
      model.put("breaches", breaches.visibleTo(user).stream().map(b -> row(b, user)).toList());
      model.put("message", message(request.getParameter("melding")));
      model.put(
          "error",
          request.getParameter("fout") == null
              ? null
              : "Niet geregistreerd. Controleer de velden.");
      pages.render(request, response, 200, "breaches", model);
      return;
    }
    BreachEntity b = breaches.visible(user, path.substring(1));
    if (b == null) {
      pages.notFound(request, response);
      return;
    }
    model.put("b", row(b, user));
    model.put(
        "affected",
        breaches.affected(b.id()).stream()
            .map(
                a ->
                    new Affected(
                        FamilyTimeline.day(a.releasedAt()),
                        a.requestId(),
                        timeline.organisationName(a.recipientOrg()),
                        timeline.organisationName(a.sourceOrg()),
                        a.data()))
            .toList());
    model.put("message", message(request.getParameter("melding")));
    pages.render(request, response, 200, "breach", model);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isPrivacyOfficer() || user.organisationId() == null) {
      pages.notFound(request, response);
      return;
    }
    String path = request.getPathInfo();
    String base = request.getContextPath() + "/portal/datalekken";
    try {
      if (path == null || path.equals("/")) {
        BreachEntity b =
            breaches.register(
                user,
                new Breaches.Registration(
                    request.getParameter("soort"),
                    request.getParameter("beschrijving"),
                    blank(request.getParameter("account")),
                    user.organisationId(),
                    moment(request.getParameter("van")),
                    moment(request.getParameter("tot")),
                    moment(request.getParameter("ontdekt"))),
                request.getRemoteAddr());
        response.sendRedirect(base + "/" + b.id() + "?melding=geregistreerd");
        return;
      }
      String[] parts = path.substring(1).split("/");
      if (parts.length != 2) {
        pages.notFound(request, response);
        return;
      }
      if (parts[1].equals("risico")) {
        breaches.assess(
            user,
            parts[0],
            request.getParameter("risico"),
            request.getParameter("beoordeling"),
            request.getParameter("voor-gezinnen"),
            request.getParameter("maatregelen"),
            request.getRemoteAddr());
        response.sendRedirect(base + "/" + parts[0] + "?melding=beoordeeld");
      } else if (parts[1].equals("gemeld")) {
        breaches.reportedToAuthority(user, parts[0], request.getRemoteAddr());
        response.sendRedirect(base + "/" + parts[0] + "?melding=gemeld");
      } else {
        pages.notFound(request, response);
      }
    } catch (Breaches.Refused refused) {
      Map<String, Object> model = new HashMap<>();
      model.put("user", user);
      model.put("breaches", breaches.visibleTo(user).stream().map(b -> row(b, user)).toList());
      model.put("error", refused.getMessage());
      pages.render(request, response, 422, "breaches", model);
    }
  }

  private Row row(BreachEntity b, AuthenticatedUser user) {
    Instant now = clock.instant();
    List<BreachAffectedEntity> affected = breaches.affected(b.id());
    Duration left = Duration.between(now, b.authorityDeadline());
    boolean late = b.authorityReportedAt() == null && left.isNegative();
    String countdown =
        b.authorityReportedAt() != null
            ? "Gemeld bij de Autoriteit Persoonsgegevens op "
                + FamilyTimeline.day(b.authorityReportedAt())
            : late
                ? "De termijn van 72 uur is verstreken (B1, AVG art. 33)."
                : "Nog "
                    + left.toHours()
                    + " uur en "
                    + left.toMinutesPart()
                    + " minuten om te melden bij de Autoriteit Persoonsgegevens (B1).";
    String scope =
        b.scopeAccount() != null
            ? "account " + b.scopeAccount()
            : b.scopeOrg() != null
                ? "bron " + timeline.organisationName(b.scopeOrg())
                : "alles van " + timeline.organisationName(b.registeredOrg());
    return new Row(
        b.id(),
        FamilyTimeline.day(b.registeredAt()) + " door " + b.registeredBy(),
        kind(b.kind()),
        b.description(),
        scope,
        FamilyTimeline.day(b.periodStart()) + " tot " + FamilyTimeline.day(b.periodEnd()),
        FamilyTimeline.day(b.discoveredAt()),
        FamilyTimeline.day(b.authorityDeadline()),
        countdown,
        late,
        b.authorityReportedAt() == null ? null : FamilyTimeline.day(b.authorityReportedAt()),
        b.risk() == null ? null : "high".equals(b.risk()) ? "hoog" : "laag",
        b.riskAssessment(),
        b.familiesInformedAt() == null ? null : FamilyTimeline.day(b.familiesInformedAt()),
        b.registeredOrg().equals(user.organisationId()),
        affected.size(),
        affected.stream().map(BreachAffectedEntity::youthBsn).distinct().count(),
        String.join(
            ", ",
            Breaches.concerned(b, affected).stream().map(timeline::organisationName).toList()));
  }

  private static String kind(String kind) {
    return switch (kind) {
      case BreachEntity.LOST_DEVICE -> "Verloren of gestolen apparaat";
      case BreachEntity.ACCOUNT -> "Account misbruikt";
      case BreachEntity.SOURCE -> "Lek bij de bron";
      default -> "Periode";
    };
  }

  private static String message(String code) {
    return code == null
        ? null
        : switch (code) {
          case "geregistreerd" ->
              "Het datalek is geregistreerd. De privacyfunctionarissen van de betrokken organisaties zijn gewaarschuwd.";
          case "beoordeeld" -> "De risicobeoordeling is vastgelegd.";
          case "gemeld" -> "De melding bij de Autoriteit Persoonsgegevens is vastgelegd.";
          default -> null;
        };
  }

  /**
   * A moment from a form's datetime-local field, in Dutch time; empty or wrong: null (the service
   * refuses).
   */
  static Instant moment(String value) {
    if (value == null || value.isBlank() || value.length() > 40) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).atZone(GatewayProducers.ZONE).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
