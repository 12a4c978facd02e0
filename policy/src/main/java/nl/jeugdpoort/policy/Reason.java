package nl.jeugdpoort.policy;

import java.util.Objects;

/**
 * One reason of a decision: the rule that produced it, its effect, a plain-Dutch sentence for the family
 * and an English sentence for the auditor.
 */
public record Reason(String ruleId, Effect effect, String family, String audit) {
  public Reason {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(audit, "audit");
  }

  /** What a reason did to the decision. */
  public enum Effect {
    /** A check passed and allows (part of) the release. */
    PERMIT,
    /** The whole request is refused. */
    DENY,
    /** A category or items are left out while the rest may go. */
    WITHHOLD,
    /** The release must wait (notice not yet delivered, objection window open). */
    HOLD,
    /** A duty attached to the release (notice, labels, review, retention). */
    OBLIGATION
  }
}
