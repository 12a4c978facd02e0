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
  private final Set<Suggestion> alternatives = new LinkedHashSet<>();
  private final List<SecurityLabel> labels = new ArrayList<>();
  private boolean denied;
  private boolean held;
  private boolean reviewRequired;
  private NoticePlan notice;
  private Instant retentionEnd;
  private Instant holdUntil;
  private String priorReleaseId;

  /** Refuses the whole request. */
  public void deny(String ruleId, ReasonKey key, Object... params) {
    denied = true;
    reasons.add(Reason.of(ruleId, Reason.Effect.DENY, key, params));
  }

  public void permit(String ruleId, ReasonKey key, Object... params) {
    reasons.add(Reason.of(ruleId, Reason.Effect.PERMIT, key, params));
  }

  public void obligation(String ruleId, ReasonKey key, Object... params) {
    reasons.add(Reason.of(ruleId, Reason.Effect.OBLIGATION, key, params));
  }

  public void hold(String ruleId, ReasonKey key, Object... params) {
    held = true;
    reasons.add(Reason.of(ruleId, Reason.Effect.HOLD, key, params));
  }

  /** Leaves a requested category out of the release. */
  public void leaveOut(String category, String ruleId, ReasonKey key, Object... params) {
    releasable.remove(category);
    leftOut.putIfAbsent(category, ruleId);
    reasons.add(Reason.of(ruleId, Reason.Effect.WITHHOLD, key, params));
  }

  /** Withholds one fetched item. */
  public void withhold(SourceItem item, String ruleId, ReasonKey key, Object... params) {
    withhold(List.of(item), ruleId, key, params);
  }

  /** Withholds fetched items for one reason. */
  public void withhold(List<SourceItem> items, String ruleId, ReasonKey key, Object... params) {
    for (SourceItem item : items) {
      withheld.add(new WithheldItem(item.id(), item.category(), ruleId));
      withheldIds.add(item.id());
    }
    reasons.add(Reason.of(ruleId, Reason.Effect.WITHHOLD, key, params));
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

  /** The categories left out so far, with the rule that left each out. */
  public Map<String, String> leftOutCategories() {
    return Map.copyOf(leftOut);
  }

  public Set<String> releasableCategories() {
    return Set.copyOf(releasable.keySet());
  }

  public boolean isWithheld(SourceItem item) {
    return withheldIds.contains(item.id());
  }

  public void suggest(Suggestion.Key key, Object... params) {
    alternatives.add(Suggestion.of(key, params));
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

  /**
   * A withholding reason for items an earlier release withheld (P5); the items come via {@link
   * #carryWithheld}.
   */
  public void withheldEarlier(String ruleId, ReasonKey key, Object... params) {
    reasons.add(Reason.of(ruleId, Reason.Effect.WITHHOLD, key, params));
  }

  /**
   * Carries an item an earlier release withheld into this answer (P5: the repeat is answered with
   * it).
   */
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
          outcome,
          reasons,
          Map.of(),
          leftOut,
          List.of(),
          null,
          List.of(),
          null,
          null,
          null,
          reviewRequired,
          List.copyOf(alternatives));
    }
    return new Decision(
        outcome,
        reasons,
        releasable,
        leftOut,
        withheld,
        notice,
        labels,
        retentionEnd,
        holdUntil,
        priorReleaseId,
        reviewRequired,
        List.copyOf(alternatives));
  }
}
