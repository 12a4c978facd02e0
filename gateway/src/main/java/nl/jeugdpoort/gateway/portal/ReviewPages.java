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
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.notice.DelayedNotices;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.PrivacyReviewEntity;
import nl.jeugdpoort.gateway.persistence.RequestListing;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.request.RequestInput;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.text.ReasonTexts;

/**
 * {@code GET /portal/controle}: the privacy officer's list of what to review in their own
 * organisation (as requester or as source): objections overridden on a legal duty or compelling
 * interest (O2), secrecy released on a motivation (S1), and notices sent afterwards (N2) with their
 * deadline and whether they went out. Shows motivations and rule ids, never the released data.
 * {@code POST /portal/controle/bericht} ({@code verzoek=…}): the reason for notifying afterwards
 * lapsed, the waiting notices of that request go out now (N2). {@code POST
 * /portal/controle/afgehandeld} ({@code verzoek=…}, optional {@code opmerking=…}): the officer
 * records the review; it moves to the reviewed list with who, when and the remark.
 */
@WebServlet(
    urlPatterns = {"/portal/controle", "/portal/controle/bericht", "/portal/controle/afgehandeld"})
public class ReviewPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient FamilyTimeline timeline;
  @Inject transient DelayedNotices delayed;
  @Inject transient AuditLog audit;
  @Inject transient java.time.Clock clock;

  /** One request to review, and the state of its delayed notices. */
  public record Review(
      FamilyTimeline.Disclosure request,
      String role,
      String notices,
      boolean noticesWaiting,
      String reviewed,
      String remark) {}

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String id = request.getParameter("verzoek");
    DataRequestEntity r =
        !user.isPrivacyOfficer() || user.organisationId() == null || id == null || id.length() > 36
            ? null
            : database.read(em -> em.find(DataRequestEntity.class, id));
    if (r == null
        || !(user.organisationId().equals(r.requesterOrg())
            || user.organisationId().equals(r.sourceOrg()))) {
      pages.notFound(request, response);
      return;
    }
    if (request.getServletPath().equals("/portal/controle/afgehandeld")) {
      String remark = request.getParameter("opmerking");
      remark = remark == null || remark.isBlank() ? null : remark.strip();
      if (remark != null && !RequestInput.acceptable(remark)) {
        response.sendRedirect(request.getContextPath() + "/portal/controle?afgehandeld=ongeldig");
        return;
      }
      review(user, r, remark, request.getRemoteAddr());
      // Post/redirect/get to the top of the page, where the confirmation is (no anchor that hides
      // it).
      response.sendRedirect(request.getContextPath() + "/portal/controle?afgehandeld=ja");
      return;
    }
    boolean sent = delayed.sendNow(r.id(), user, request.getRemoteAddr());
    response.sendRedirect(
        request.getContextPath() + "/portal/controle?bericht=" + (sent ? "verstuurd" : "geen"));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isPrivacyOfficer() || user.organisationId() == null) {
      pages.notFound(request, response);
      return;
    }
    // Flat as the database grows (issue #16.5): the flagged requests by the indexes of V16, then
    // their reviews, their
    // notices afterwards and the organisations' names in one query each for the whole list.
    RequestListing listing = new RequestListing(database);
    List<DataRequestEntity> flagged =
        listing.flaggedForReview(user.organisationId(), 0, MAX_REVIEWS).rows();
    List<String> ids = flagged.stream().map(DataRequestEntity::id).toList();
    Map<String, PrivacyReviewEntity> done =
        ids.isEmpty()
            ? Map.of()
            : database
                .read(
                    em ->
                        em.createQuery(
                                "select v from PrivacyReviewEntity v where v.organisationId = :org and v.requestId in :ids",
                                PrivacyReviewEntity.class)
                            .setParameter("org", user.organisationId())
                            .setParameter("ids", ids)
                            .getResultList())
                .stream()
                .collect(java.util.stream.Collectors.toMap(PrivacyReviewEntity::requestId, v -> v));
    Map<String, List<NoticeEntity>> afterwards = listing.noticesAfterwards(ids);
    Map<String, String> names = timeline.names(flagged);
    List<Review> reviews =
        flagged.stream()
            .map(
                r -> {
                  PrivacyReviewEntity v = done.get(r.id());
                  List<NoticeEntity> after = afterwards.getOrDefault(r.id(), List.of());
                  return new Review(
                      timeline.show(
                          r,
                          ReasonTexts.Audience.PROFESSIONAL,
                          ReasonTexts.FamilyView.general(""),
                          names),
                      r.requesterOrg().equals(user.organisationId())
                          ? "uw organisatie vroeg"
                          : "uw organisatie was de bron",
                      describe(after, clock.instant()),
                      waiting(after, clock.instant()),
                      v == null ? null : v.reviewedBy() + ", " + FamilyTimeline.day(v.reviewedAt()),
                      v == null ? null : v.remark());
                })
            .toList();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("open", reviews.stream().filter(v -> v.reviewed() == null).toList());
    model.put("reviewed", reviews.stream().filter(v -> v.reviewed() != null).toList());
    String sent = request.getParameter("bericht");
    String reviewedNow = request.getParameter("afgehandeld");
    model.put(
        "message",
        "verstuurd".equals(sent)
            ? "De berichten gaan nu naar de familie (N2)."
            : "geen".equals(sent)
                ? "Er wachtten geen berichten meer."
                : "ja".equals(reviewedNow)
                    ? "Vastgelegd als gecontroleerd."
                    : "ongeldig".equals(reviewedNow)
                        ? "De opmerking is te lang of bevat stuurtekens; er is niets vastgelegd."
                        : null);
    pages.render(request, response, 200, "review", model);
  }

  /** Records the review once per request and organisation, with its audit entry. */
  private void review(AuthenticatedUser user, DataRequestEntity r, String remark, String from) {
    database.write(
        em -> {
          long already =
              em.createQuery(
                      "select count(v) from PrivacyReviewEntity v where v.requestId = :r and v.organisationId = :o",
                      Long.class)
                  .setParameter("r", r.id())
                  .setParameter("o", user.organisationId())
                  .getSingleResult();
          if (already == 0) {
            em.persist(
                new PrivacyReviewEntity(
                    java.util.UUID.randomUUID().toString(),
                    r.id(),
                    user.organisationId(),
                    user.username(),
                    clock.instant(),
                    remark));
            audit.append(
                em,
                AuditRecord.of(
                        "U",
                        "privacy-review",
                        "success",
                        new AuditRecord.Actor(
                            user.username(), user.role(), user.organisationId(), user.personRef()))
                    .withAccessPoint(from)
                    .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                    .withRules(
                        r.decisionJson() == null
                            ? List.of()
                            : DecisionJson.reasons(r.decisionJson()).stream()
                                .map(DecisionJson.StoredReason::ruleId)
                                .filter(id -> List.of("O2", "S1", "N2").contains(id))
                                .distinct()
                                .toList())
                    .withDetail("reviewed" + (remark == null ? "" : " with a remark")));
          }
          return null;
        });
  }

  /**
   * The most flagged requests the review page lists, newest first (as many as before issue #16).
   */
  static final int MAX_REVIEWS = 500;

  /**
   * N2: notices afterwards that are not yet delivered and not yet due (so "send now" still changes
   * something).
   */
  private static boolean waiting(List<NoticeEntity> after, java.time.Instant now) {
    return after.stream()
        .anyMatch(
            n -> n.deliveredAt() == null && (n.deadline() == null || n.deadline().isAfter(now)));
  }

  /**
   * N2: how many of the notices afterwards went out, and their deadline; null when there are none.
   */
  private static String describe(List<NoticeEntity> after, java.time.Instant now) {
    if (after.isEmpty()) {
      return null;
    }
    long sent = after.stream().filter(n -> n.deliveredAt() != null).count();
    NoticeEntity first = after.get(0);
    boolean due = sent < after.size() && !waiting(after, now);
    return "Bericht achteraf (N2): "
        + sent
        + " van "
        + after.size()
        + " verstuurd"
        + (due
            ? "; de rest gaat nu naar de familie"
            : first.deadline() == null
                ? ""
                : "; uiterlijk " + FamilyTimeline.day(first.deadline()));
  }
}
