package nl.jeugdpoort.policy;

import java.util.Optional;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import nl.jeugdpoort.policy.consent.ConsentChecks;
import nl.jeugdpoort.policy.identity.Bsn;
import nl.jeugdpoort.policy.notice.NoticeRules;
import nl.jeugdpoort.policy.objection.ObjectionCheck;
import nl.jeugdpoort.policy.purpose.PurposeRules;
import nl.jeugdpoort.policy.recording.RecordingRules;
import nl.jeugdpoort.policy.retention.RetentionRule;
import nl.jeugdpoort.policy.secrecy.SecrecyRule;

/**
 * The decision function of Jeugdpoort. Deny by default; every step cites its rule; a rule that
 * cannot be evaluated (missing facts) denies with its own id, it is never skipped.
 *
 * <p>The gateway calls {@link #decide} twice per request: before anything is fetched (facts without
 * items: is the request allowed, which categories, who is notified) and again after the notice and
 * the fetch (facts with items and the notice time: which items go, and whether the release may go
 * now). Both calls are pure; the second one sees objections lodged in between.
 */
public final class PolicyEngine {
  private final PurposeCatalogue catalogue;
  private final PurposeRules purposeRules;
  private final ObjectionCheck objectionCheck = new ObjectionCheck();
  private final SecrecyRule secrecyRule = new SecrecyRule();
  private final RecordingRules recordingRules = new RecordingRules();
  private final NoticeRules noticeRules;
  private final RetentionRule retentionRule = new RetentionRule();

  public PolicyEngine(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
    this.purposeRules = new PurposeRules(catalogue);
    this.noticeRules = new NoticeRules(catalogue);
  }

  public PurposeCatalogue catalogue() {
    return catalogue;
  }

  /**
   * The rules that need nothing but the request itself — C5 (BSN), P1 (purpose, explanation), P3
   * (role, basis), V7 (internal-only purposes) and P2 (categories): the gateway runs them when a
   * request arrives, so that a malformed request is answered at once. {@link #decide} runs them
   * too.
   */
  public Decision precheck(DataRequest request) {
    Deliberation d = new Deliberation();
    requestRules(request, d);
    return d.toDecision();
  }

  /**
   * @return the purpose when the request-only rules pass, else empty (and {@code d} is denied)
   */
  private Optional<Purpose> requestRules(DataRequest request, Deliberation d) {
    // C5 — the youth is identified by a valid BSN.
    if (!Bsn.isValid(request.youthBsn())) {
      d.deny("C5", ReasonKey.BSN_INVALID);
      d.suggest(Suggestion.Key.CHECK_BSN);
      return Optional.empty();
    }
    Optional<Purpose> stated = purposeRules.statedPurpose(request, d);
    if (stated.isEmpty()) {
      return Optional.empty();
    }
    Purpose purpose = stated.get();
    purposeRules.entitlement(request, purpose, d);
    if (!d.isDenied()) {
      recordingRules.internalOnly(request, purpose, d);
    }
    if (!d.isDenied()) {
      purposeRules.scope(request, purpose, d);
    }
    return d.isDenied() ? Optional.empty() : stated;
  }

  /** Decides one request. The same input always gives the same output. */
  public Decision decide(DataRequest request, Facts facts) {
    Deliberation d = new Deliberation();
    String evaluating = "P1";
    try {
      Optional<Purpose> checked = requestRules(request, d);
      if (checked.isEmpty()) {
        return d.toDecision();
      }
      Purpose purpose = checked.get();
      evaluating = "C5";
      if (facts.youth() == null || !facts.youth().bsn().equals(request.youthBsn())) {
        d.deny("C5", ReasonKey.YOUTH_UNKNOWN);
        d.suggest(Suggestion.Key.CHECK_BSN_OR_CONTACT_SOURCE);
        return d.toDecision();
      }
      evaluating = "C2";
      ConsentChecks consents = new ConsentChecks(request, facts);
      objectionCheck.apply(request, facts, consents, d);
      if (d.isDenied()) {
        return d.toDecision();
      }
      evaluating = "P5";
      purposeRules.repeatedRequest(request, facts, d);
      if (d.hasPriorRelease()) {
        // P5 — answered with the earlier release: no new notice, no new fetch.
        return d.toDecision();
      }
      boolean secrecyReleased = false;
      if (facts.itemsFetched()) {
        evaluating = "S1";
        secrecyReleased = secrecyRule.apply(request, facts, consents, d);
        evaluating = "V6";
        recordingRules.items(request, facts, consents, d);
      }
      evaluating = "N1";
      noticeRules.apply(request, purpose, facts, d);
      if (d.isDenied()) {
        return d.toDecision();
      }
      evaluating = "P4";
      purposeRules.labels(purpose, secrecyReleased, d);
      evaluating = "E1";
      retentionRule.apply(purpose, facts, d);
      return d.toDecision();
    } catch (RuntimeException incomplete) {
      // Fail closed: a rule that cannot be evaluated denies, with its own id.
      Deliberation closed = new Deliberation();
      closed.deny(
          evaluating, ReasonKey.CANNOT_EVALUATE, "error", incomplete.getClass().getSimpleName());
      closed.suggest(Suggestion.Key.CONTACT_SOURCE);
      return closed.toDecision();
    }
  }
}
