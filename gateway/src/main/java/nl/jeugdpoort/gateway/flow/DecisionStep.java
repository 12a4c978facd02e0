package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.source.SourceTranslation;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.NoticeTexts;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.Outcome;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.SourceItem;
import org.hl7.fhir.r4.model.Resource;

/**
 * Steps 2 and 5: ask the policy module. Before the fetch it decides whether anything may go, which
 * categories, and who is told; after the notice and the fetch it decides again with the items (S1,
 * V) and the notice time (N1, N3). Every decision is stored on the request with its reasons and
 * audited.
 */
@ApplicationScoped
public class DecisionStep {
  @Inject PolicyEngine policy;
  @Inject RequestStore store;
  @Inject Clock clock;
  @Inject NoticeStep notices;
  @Inject ReasonTexts texts;

  public void beforeFetch(RequestContext ctx) {
    DataRequestEntity r = store.load(ctx.requestId());
    Facts facts = facts(r, ctx).withNoticeDeliveredAt(r.noticeDeliveredAt());
    Decision d = policy.decide(ctx.request(), facts);
    ctx.decision(d);
    if (d.outcome() == Outcome.REFUSE) {
      ctx.finish(
          store,
          RequestStatus.REFUSED,
          familyText(ctx, d, Reason.Effect.DENY, Reason.Effect.WITHHOLD),
          d,
          decisionAudit(r, d, "refused"),
          (em, stored) -> tellRefusal(em, ctx, d));
      return;
    }
    if (answeredByEarlierRelease(ctx, r, d)) {
      return;
    }
    // A later pass (after the notice, or after an objection window) keeps its place: the notice is
    // not undone.
    RequestStatus next =
        r.businessStatus() == RequestStatus.FETCHING
            ? RequestStatus.FETCHING
            : RequestStatus.WAITING_FOR_NOTICE;
    store.move(
        r.id(),
        ctx.worker(),
        next,
        familyText(ctx, d, Reason.Effect.HOLD),
        d,
        decisionAudit(r, d, "success"));
  }

  public void afterFetch(RequestContext ctx) {
    DataRequestEntity r = store.load(ctx.requestId());
    List<SourceItem> items = new ArrayList<>();
    for (Map.Entry<String, List<Resource>> category : ctx.fetched().entrySet()) {
      for (Resource resource : category.getValue()) {
        items.add(SourceTranslation.item(category.getKey(), resource));
      }
    }
    Facts facts = facts(r, ctx).withItems(items).withNoticeDeliveredAt(r.noticeDeliveredAt());
    Decision d = policy.decide(ctx.request(), facts);
    ctx.decision(d);
    if (d.outcome() != Outcome.REFUSE && answeredByEarlierRelease(ctx, r, d)) {
      return;
    }
    switch (d.outcome()) {
      case REFUSE ->
          ctx.finish(
              store,
              RequestStatus.REFUSED,
              familyText(ctx, d, Reason.Effect.DENY, Reason.Effect.WITHHOLD),
              d,
              decisionAudit(r, d, "refused"),
              (em, stored) -> tellRefusal(em, ctx, d));
      case HOLD ->
          ctx.finish(
              store,
              RequestStatus.HELD_OBJECTION_WINDOW,
              familyText(ctx, d, Reason.Effect.HOLD),
              d,
              decisionAudit(r, d, "held"));
      case RELEASE ->
          store.move(
              r.id(),
              ctx.worker(),
              RequestStatus.FETCHING,
              null,
              d,
              decisionAudit(r, d, "success"));
    }
  }

  /**
   * P5 — an identical earlier release answers the request: nothing is fetched (again) or released
   * anew. Also after a fetch: an identical request may have been released while this one was
   * fetching (two workers, or two members, on the same child at once).
   */
  private boolean answeredByEarlierRelease(RequestContext ctx, DataRequestEntity r, Decision d) {
    if (d.priorReleaseId() == null) {
      return false;
    }
    // P5 — an identical earlier release is referenced, nothing is fetched again.
    // It carries what that release withheld or left out, and why: a partial release stays
    // partial.
    boolean partial = !d.withheldItems().isEmpty() || !d.leftOutCategories().isEmpty();
    ctx.finish(
        store,
        partial ? RequestStatus.PARTIALLY_RELEASED : RequestStatus.RELEASED,
        partial
            ? "Gedeeltelijk gedeeld. "
                + familyText(ctx, d, Reason.Effect.PERMIT)
                + " "
                + familyText(ctx, d, Reason.Effect.WITHHOLD)
            : familyText(ctx, d, Reason.Effect.PERMIT),
        d,
        decisionAudit(r, d, "success")
            .withDetail(
                "identical request answered with earlier release "
                    + d.priorReleaseId()
                    + (partial
                        ? "; withheld "
                            + d.withheldItems().size()
                            + " item(s), left out "
                            + new java.util.TreeMap<>(d.leftOutCategories())
                        : "")),
        (em, stored) -> stored.released(d.priorReleaseId()));
    return true;
  }

  /**
   * A request the family was told about (N1) is refused after all (an objection within the window,
   * N3; consent withdrawn): the family is told nothing was shared, and why.
   */
  private void tellRefusal(jakarta.persistence.EntityManager em, RequestContext ctx, Decision d) {
    boolean objection =
        d.reasons().stream()
            .anyMatch(
                x ->
                    (x.effect() == Reason.Effect.DENY || x.effect() == Reason.Effect.WITHHOLD)
                        && ("O1".equals(x.ruleId()) || "O4".equals(x.ruleId())));
    List<String> reasons =
        d.reasons().stream()
            .filter(x -> x.effect() == Reason.Effect.DENY || x.effect() == Reason.Effect.WITHHOLD)
            .map(x -> texts.family(x, familyView(ctx)))
            .distinct()
            .toList();
    notices.tellRefusal(
        em,
        ctx.requestId(),
        objection ? NoticeTexts.Refusal.OBJECTION : NoticeTexts.Refusal.RULES,
        reasons,
        ctx.familyRoles());
  }

  private Facts facts(DataRequestEntity r, RequestContext ctx) {
    return new Facts(
        clock,
        ctx.youth(),
        store.consents(r.youthBsn()),
        store.objections(r.youthBsn()),
        null,
        null,
        store.releaseHistory(r.youthBsn()));
  }

  /**
   * The audit entry of a decision: its rule ids, NEN 7513 controls and every reason for the auditor
   * (A1).
   */
  private AuditRecord decisionAudit(DataRequestEntity r, Decision d, String outcome) {
    return RequestAudit.step(r, "E", "decision", outcome)
        .withRules(d.ruleIds())
        .withControls(RequestAudit.controls(r, d))
        .withDetail(texts.auditDetail(d.outcome().name(), d.reasons()));
  }

  /**
   * The request's stored status text: the family's words for these reasons, the child named (F1).
   */
  private String familyText(RequestContext ctx, Decision d, Reason.Effect... effects) {
    return familyStatus(texts, ctx, d, effects);
  }

  static String familyStatus(
      ReasonTexts texts, RequestContext ctx, Decision d, Reason.Effect... effects) {
    return texts.join(d.reasons(), ReasonTexts.Audience.FAMILY, familyView(ctx), effects);
  }

  private static ReasonTexts.FamilyView familyView(RequestContext ctx) {
    return ReasonTexts.FamilyView.general(
        ctx.youth() == null ? "" : Dutch.firstName(ctx.youth().name()));
  }
}
