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
import nl.jeugdpoort.gateway.persistence.RecordingPermissionEntity;
import nl.jeugdpoort.gateway.recording.RecordingPermissions;
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
 * Everyone but a family member: 404. Per recording, who read its registration through the API
 * (issue #20.6: "Bekeken door …", the family's own reads not listed); the gateway holds no video,
 * so it cannot say who watched one.
 *
 * <p>On the same page the family answers what it is asked (V2, V3): a request of the maker to let
 * others view a recording in a closed training session, or to show it outside (every depicted
 * family is asked) — {@code POST /portal/opnames/antwoord} with {@code vraag} and {@code antwoord}
 * {@code ja} or {@code nee}, a later answer replacing the earlier one. The owner withdraws their
 * consent to a recording ({@code POST /portal/opnames/intrekken}, V5: it is erased, with every
 * copy), and the other party to a conversation recording asks for its copy ({@code POST
 * /portal/opnames/kopie}, V8). Each POST redirects back to the page (POST/redirect/GET).
 */
@WebServlet(
    urlPatterns = {
      "/portal/opnames",
      "/portal/opnames/antwoord",
      "/portal/opnames/intrekken",
      "/portal/opnames/kopie"
    })
public class RecordingPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient RecordingRegistry registry;
  @Inject transient FamilyAccess family;
  @Inject transient ReasonTexts texts;
  @Inject transient FamilyTimeline timeline;
  @Inject transient RecordingPermissions permissions;

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
      String endedOn,
      String cause,
      boolean mayWithdraw,
      boolean mayAskCopy,
      String copyAsked,
      List<String> views) {}

  /**
   * A question to the family (V2, V3), in plain Dutch.
   *
   * @param state wacht, toegestaan or geweigerd
   * @param mine the user's own latest answer: ja, nee or null
   */
  public record Question(
      String id,
      boolean showing,
      String title,
      String occasion,
      String kind,
      String description,
      String holder,
      String state,
      String mine,
      String answeredOn,
      boolean open) {}

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isFamilyMember() || user.youthBsn() == null) {
      pages.notFound(request, response);
      return;
    }
    String from = request.getRemoteAddr();
    String done;
    try {
      switch (request.getServletPath()) {
        case "/portal/opnames/antwoord" -> {
          String answer = request.getParameter("antwoord");
          if (!"ja".equals(answer) && !"nee".equals(answer)) {
            pages.notFound(request, response);
            return;
          }
          permissions.answer(user, request.getParameter("vraag"), "ja".equals(answer), from);
          done = "beantwoord";
        }
        case "/portal/opnames/intrekken" -> {
          registry.withdraw(user, request.getParameter("opname"), from);
          done = "ingetrokken";
        }
        case "/portal/opnames/kopie" -> {
          // V8 with F1-F3: only who sees the family's recordings asks for a copy of one.
          if (!family.maySeeDisclosures(user).allowed()) {
            pages.notFound(request, response);
            return;
          }
          registry.requestCopy(user, request.getParameter("opname"), from);
          done = "kopie";
        }
        default -> {
          pages.notFound(request, response);
          return;
        }
      }
    } catch (RecordingRegistry.Refused e) {
      if (e.why() == RecordingRegistry.Refused.Why.CONFLICT) {
        response.sendRedirect(request.getContextPath() + "/portal/opnames?klaar=afgelopen");
        return;
      }
      pages.notFound(request, response);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/portal/opnames?klaar=" + done);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isFamilyMember()
        || user.youthBsn() == null
        || !"/portal/opnames".equals(request.getServletPath())) {
      pages.notFound(request, response);
      return;
    }
    FamilyRules.Answer see = family.maySeeDisclosures(user);
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("maySee", see.allowed());
    model.put("refusal", see.allowed() ? null : texts.family(see.reason(), family.view(user)));
    Map<String, List<String>> views =
        see.allowed() ? timeline.recordingViews(user.youthBsn()) : Map.of();
    model.put(
        "recordings",
        see.allowed()
            ? registry.ofYouth(user.youthBsn()).stream()
                .map(r -> row(user, r, views.getOrDefault(r.id(), List.of())))
                .toList()
            : List.of());
    // Questions go to whoever must answer them, also where F2/F3 hide the timeline: the owner and
    // those who decide for a depicted family (V3).
    model.put("questions", permissions.askedOf(user).stream().map(v -> question(user, v)).toList());
    String done = request.getParameter("klaar");
    model.put(
        "done",
        done != null && List.of("beantwoord", "ingetrokken", "kopie", "afgelopen").contains(done)
            ? done
            : null);
    pages.render(request, response, 200, "recordings", model);
  }

  private Question question(AuthenticatedUser user, RecordingPermissions.View v) {
    RecordingPermissions.Person me = v.person(user.personRef());
    return new Question(
        v.permission().id(),
        RecordingPermissionEntity.SHOWING.equals(v.permission().kind()),
        v.permission().title(),
        Dutch.date(v.permission().occasion()),
        kind(v.recording().kind()),
        v.recording().description(),
        timeline.organisationName(v.recording().sourceOrg()),
        switch (v.state()) {
          case ALLOWED -> "toegestaan";
          case REFUSED -> "geweigerd";
          default -> "wacht";
        },
        me == null || me.consents() == null ? null : me.consents() ? "ja" : "nee",
        me == null || me.answeredAt() == null ? null : Dutch.date(me.answeredAt()),
        v.recording().endedAt() == null);
  }

  private static String kind(String code) {
    return switch (code) {
      case "video-home-training" -> "Video-hometraining";
      case "video-interaction-coaching" -> "Video-interactiebegeleiding";
      case "classroom" -> "Opname in de klas";
      default -> "Opname van een gesprek";
    };
  }

  private Row row(AuthenticatedUser user, RecordingEntity r, List<String> views) {
    String state = r.endedAt() == null ? "open" : r.eraseOriginalAt() != null ? "erased" : "kept";
    return new Row(
        r.id(),
        kind(r.kind()),
        r.description(),
        timeline.organisationName(r.sourceOrg()),
        Dutch.date(r.registeredAt()),
        r.trajectoryEnd() == null ? null : Dutch.date(r.trajectoryEnd()),
        state,
        r.endedAt() == null ? null : Dutch.date(r.endedAt()),
        r.endCause() == null ? RecordingRegistry.TRAJECTORY_END : r.endCause(),
        r.endedAt() == null && r.ownerRef().equals(user.personRef()),
        r.endedAt() == null && "conversation".equals(r.kind()),
        r.copyRequestedAt() == null ? null : Dutch.date(r.copyRequestedAt()),
        views);
  }
}
