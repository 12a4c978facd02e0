package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The working state of one call of {@link PolicyEngine#decide}: the rule groups add reasons and
 * narrow what may go; {@link #toDecision()} freezes it. Never shared between calls.
 */
public final class Deliberation {
  private final List<Reason> reasons = new ArrayList<>();
  private final Map<String, Set<String>> releasable = new TreeMap<>();
  private final Map<String, String> leftOut = new LinkedHashMap<>();
  private final List<WithheldItem> withheld = new ArrayList<>();
  private final Set<String> withheldIds = new java.util.HashSet<>();
  private final Set<String> alternatives = new LinkedHashSet<>();
  private final List<SecurityLabel> labels = new ArrayList<>();
  private boolean denied;
  private boolean held;
  private boolean reviewRequired;
  private NoticePlan notice;
  private Instant retentionEnd;
  private Instant holdUntil;
  private String priorReleaseId;

  /** Refuses the whole request. */
  public void deny(String ruleId, String family, String audit) {
    denied = true;
    reasons.add(new Reason(ruleId, Reason.Effect.DENY, family, audit));
  }

  public void permit(String ruleId, String family, String audit) {
    reasons.add(new Reason(ruleId, Reason.Effect.PERMIT, family, audit));
  }

  public void obligation(String ruleId, String family, String audit) {
    reasons.add(new Reason(ruleId, Reason.Effect.OBLIGATION, family, audit));
  }

  public void hold(String ruleId, String family, String audit) {
    held = true;
    reasons.add(new Reason(ruleId, Reason.Effect.HOLD, family, audit));
  }

  /** Leaves a requested category out of the release. */
  public void leaveOut(String category, String ruleId, String family, String audit) {
    releasable.remove(category);
    leftOut.putIfAbsent(category, ruleId);
    reasons.add(new Reason(ruleId, Reason.Effect.WITHHOLD, family, audit));
  }

  /** Withholds one fetched item. */
  public void withhold(SourceItem item, String ruleId, String family, String audit) {
    withhold(List.of(item), ruleId, family, audit);
  }

  /** Withholds fetched items for one reason. */
  public void withhold(List<SourceItem> items, String ruleId, String family, String audit) {
    for (SourceItem item : items) {
      withheld.add(new WithheldItem(item.id(), item.category(), ruleId));
      withheldIds.add(item.id());
    }
    reasons.add(new Reason(ruleId, Reason.Effect.WITHHOLD, family, audit));
  }

  public void allowCategory(String category, Set<String> fields) {
    releasable.put(category, Set.copyOf(fields));
  }

  public boolean isDenied() {
    return denied;
  }

  /** True when {@code category} may (still) go. */
  public boolean isReleasable(String category) {
    return releasable.containsKey(category);
  }

  public Set<String> releasableCategories() {
    return Set.copyOf(releasable.keySet());
  }

  public boolean isWithheld(SourceItem item) {
    return withheldIds.contains(item.id());
  }

  public void suggest(String alternative) {
    alternatives.add(alternative);
  }

  public void requireReview() {
    reviewRequired = true;
  }

  public void notice(NoticePlan plan) {
    this.notice = plan;
  }

  public void label(SecurityLabel label) {
    labels.add(label);
  }

  public void retentionEnd(Instant end) {
    this.retentionEnd = end;
  }

  public void holdUntil(Instant until) {
    this.holdUntil = until;
  }

  /** A withholding reason for items an earlier release withheld (P5); the items come via {@link #carryWithheld}. */
  public void withheldEarlier(String ruleId, String family, String audit) {
    reasons.add(new Reason(ruleId, Reason.Effect.WITHHOLD, family, audit));
  }

  /** Carries an item an earlier release withheld into this answer (P5: the repeat is answered with it). */
  public void carryWithheld(WithheldItem item) {
    if (withheldIds.add(item.itemId())) {
      withheld.add(item);
    }
  }

  /** Carries a category an earlier release left out into this answer (P5). */
  public void carryLeftOut(String category, String ruleId) {
    leftOut.putIfAbsent(category, ruleId);
  }

  public boolean hasPriorRelease() {
    return priorReleaseId != null;
  }

  public void priorRelease(String releaseId) {
    this.priorReleaseId = releaseId;
  }

  /** Freezes the deliberation. A denied request carries no release data. */
  public Decision toDecision() {
    Outcome outcome = denied ? Outcome.REFUSE : held ? Outcome.HOLD : Outcome.RELEASE;
    if (denied) {
      return new Decision(
          outcome, reasons, Map.of(), leftOut, List.of(), null, List.of(), null, null, null,
          reviewRequired, List.copyOf(alternatives));
    }
    return new Decision(
        outcome, reasons, releasable, leftOut, withheld, notice, labels, retentionEnd, holdUntil,
        priorReleaseId, reviewRequired, List.copyOf(alternatives));
  }
}
