package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.gateway.persistence.RecordingEntity;
import nl.jeugdpoort.gateway.recording.RecordingRegistry;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.family.FamilyRules;

/**
 * V2 and V5 for the family. {@code GET /portal/opnames}: the recordings of the family's own youth
 * that their holders registered (a family sees only its own), with what happens to each at the end
 * of the trajectory: kept until then, then erased at the holder unless the owner agreed otherwise,
 * and every copy at recipients too. Who of the family sees it follows F1–F3, as for the timeline.
 * Everyone but a family member: 404.
 */
@WebServlet(urlPatterns = "/portal/opnames")
public class RecordingPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient RecordingRegistry registry;
  @Inject transient FamilyAccess family;
  @Inject transient ReasonTexts texts;
  @Inject transient FamilyTimeline timeline;

  /**
   * One recording as the family's page shows it (no rule ids).
   *
   * @param state open (before the end), erased (the holder was asked to erase it) or kept (the
   *     owner agreed to keep it)
   */
  public record Row(
      String id,
      String kind,
      String description,
      String holder,
      String registered,
      String trajectoryEnd,
      String state,
      String endedOn) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isFamilyMember() || user.youthBsn() == null) {
      pages.notFound(request, response);
      return;
    }
    FamilyRules.Answer see = family.maySeeDisclosures(user);
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("maySee", see.allowed());
    model.put("refusal", see.allowed() ? null : texts.family(see.reason(), family.view(user)));
    model.put(
        "recordings",
        see.allowed()
            ? registry.ofYouth(user.youthBsn()).stream().map(this::row).toList()
            : List.of());
    pages.render(request, response, 200, "recordings", model);
  }

  private Row row(RecordingEntity r) {
    String state = r.endedAt() == null ? "open" : r.eraseOriginalAt() != null ? "erased" : "kept";
    return new Row(
        r.id(),
        switch (r.kind()) {
          case "video-home-training" -> "Video-hometraining";
          case "video-interaction-coaching" -> "Video-interactiebegeleiding";
          case "classroom" -> "Opname in de klas";
          default -> "Opname van een gesprek";
        },
        r.description(),
        timeline.organisationName(r.sourceOrg()),
        Dutch.date(r.registeredAt()),
        r.trajectoryEnd() == null ? null : Dutch.date(r.trajectoryEnd()),
        state,
        r.endedAt() == null ? null : Dutch.date(r.endedAt()));
  }
}
