package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer of {@link PolicyEngine#decide}: what may be released, to whom, after which notice,
 * with which labels — and an ordered list of reasons, each citing its rule.
 *
 * @param outcome refuse, hold or release
 * @param reasons the reasons in evaluation order (stable audit output)
 * @param releasableFields per releasable category, the FHIR elements that may go (rule P2)
 * @param leftOutCategories requested categories that will not go, with the rule id (P2, O1, C2)
 * @param withheldItems fetched items that will not go (S1, V rules)
 * @param notice who is notified and when (N rules), or null when nothing will be released
 * @param labels security labels for the release (P4)
 * @param retentionEnd when the released bundle must be erased (E1), or null
 * @param holdUntil for a hold by an objection window, the moment it ends (N3), else null
 * @param priorReleaseId for an identical earlier release, its id (P5), else null
 * @param reviewRequired true when an override or delayed notice needs the privacy officer (O2, N2)
 * @param alternatives on refusal or withholding: what the requester can do instead (P6), as keys
 */
public record Decision(
    Outcome outcome,
    List<Reason> reasons,
    Map<String, Set<String>> releasableFields,
    Map<String, String> leftOutCategories,
    List<WithheldItem> withheldItems,
    NoticePlan notice,
    List<SecurityLabel> labels,
    Instant retentionEnd,
    Instant holdUntil,
    String priorReleaseId,
    boolean reviewRequired,
    List<Suggestion> alternatives) {

  public Decision {
    reasons = List.copyOf(reasons);
    releasableFields = Map.copyOf(releasableFields);
    leftOutCategories = Map.copyOf(leftOutCategories);
    withheldItems = List.copyOf(withheldItems);
    labels = List.copyOf(labels);
    alternatives = List.copyOf(alternatives);
  }

  /** The distinct rule ids of the reasons, in order of first appearance. */
  public List<String> ruleIds() {
    return reasons.stream().map(Reason::ruleId).distinct().collect(Collectors.toList());
  }

  /** The rule ids of the reasons with the given effect. */
  public List<String> ruleIds(Reason.Effect effect) {
    return reasons.stream()
        .filter(r -> r.effect() == effect)
        .map(Reason::ruleId)
        .distinct()
        .collect(Collectors.toList());
  }

  public boolean isRefused() {
    return outcome == Outcome.REFUSE;
  }
}
