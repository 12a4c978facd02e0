package nl.jeugdpoort.policy;

import java.util.Map;
import java.util.Objects;

/**
 * One reason of a decision, as data: the rule that produced it, its effect, a stable message key
 * and the key's structured parameters (who, which categories, which dates, basis, counts — see
 * {@link ReasonKey}). No finished sentences: the gateway words a reason per audience.
 */
public record Reason(String ruleId, Effect effect, ReasonKey key, Map<String, Object> params) {
  public Reason {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(key, "key");
    params = Params.checked(key.name(), key.params(), params);
  }

  /** A reason with parameters given as "name", value, …; null values are left out. */
  public static Reason of(String ruleId, Effect effect, ReasonKey key, Object... namesAndValues) {
    return new Reason(ruleId, effect, key, Params.of(namesAndValues));
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
