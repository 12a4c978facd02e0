package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;

/**
 * E2 in the portal. {@code GET /portal/verwijderverzoeken}: for a professional, the erasure
 * requests to their organisation (as recipient), open ones first, each with a button; for a privacy
 * officer, every erasure request that concerns their organisation as recipient or source, overdue
 * ones marked. {@code POST /portal/verwijderverzoeken/bevestigen} ({@code verzoek=…}): the
 * professional confirms that their organisation erased its copy. Someone else's request: 404.
 */
@WebServlet(urlPatterns = {"/portal/verwijderverzoeken", "/portal/verwijderverzoeken/bevestigen"})
public class ErasurePages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient ErasureDuties duties;
  @Inject transient Database database;
  @Inject transient FamilyTimeline timeline;
  @Inject transient Clock clock;

  /**
   * One erasure request as the page shows it (with rule ids: professionals and privacy officers).
   */
  public record Row(
      String id,
      String sent,
      String due,
      String recipient,
      String source,
      String why,
      String releaseId,
      String requestId,
      String purpose,
      boolean open,
      boolean overdue,
      String confirmed) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (user.organisationId() == null || !(user.isProfessional() || user.isPrivacyOfficer())) {
      pages.notFound(request, response);
      return;
    }
    Instant now = clock.instant();
    List<ErasureDutyEntity> list =
        user.isPrivacyOfficer()
            ? duties.concerning(user.organisationId())
            : duties.toRecipient(user.organisationId());
    List<Row> rows = list.stream().map(d -> row(d, now)).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("officer", user.isPrivacyOfficer());
    model.put("open", rows.stream().filter(Row::open).toList());
    model.put("done", rows.stream().filter(r -> !r.open()).toList());
    String confirmed = request.getParameter("bevestigd");
    model.put(
        "message",
        "ja".equals(confirmed)
            ? "Vastgelegd: uw organisatie heeft de gegevens verwijderd. De familie "
                + "krijgt bericht zodra alle ontvangers het hebben bevestigd."
            : null);
    pages.render(request, response, 200, "erasure", model);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String id = request.getParameter("verzoek");
    if (!user.isProfessional()
        || id == null
        || id.length() > 36
        || duties
            .confirm(id, user, ErasureDutyEntity.VIA_PORTAL, request.getRemoteAddr())
            .isEmpty()) {
      pages.notFound(request, response);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/portal/verwijderverzoeken?bevestigd=ja");
  }

  private Row row(ErasureDutyEntity d, Instant now) {
    DataRequestEntity r = database.read(em -> em.find(DataRequestEntity.class, d.requestId()));
    String why =
        switch (d.ruleId()) {
          case "C3" -> "De toestemming is ingetrokken (C3, E2).";
          case "E1" -> "De bewaartermijn is verstreken (E1, E2).";
          case "V5" -> "Het traject of doel van een video-opname is geëindigd (V5, E2).";
          default -> d.ruleId();
        };
    return new Row(
        d.id(),
        FamilyTimeline.day(d.sentAt()),
        FamilyTimeline.day(d.dueAt()),
        timeline.organisationName(d.recipientOrg()),
        timeline.organisationName(d.sourceOrg()),
        why,
        d.releaseId(),
        d.requestId(),
        r == null ? "" : r.purpose(),
        d.confirmedAt() == null,
        d.overdue(now),
        d.confirmedAt() == null
            ? null
            : d.confirmedByName()
                + " ("
                + d.confirmedBy()
                + "), "
                + FamilyTimeline.day(d.confirmedAt())
                + (ErasureDutyEntity.VIA_FHIR.equals(d.confirmedVia())
                    ? ", via het systeem (FHIR)"
                    : ", in het portaal"));
  }
}
