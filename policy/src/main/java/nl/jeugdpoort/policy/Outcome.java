package nl.jeugdpoort.policy;

/** The outcome of a decision. */
public enum Outcome {
  /** Nothing is released; the reasons say why and the alternatives what the requester can do. */
  REFUSE,
  /** Allowed, but not yet: the notice must be delivered first, or an objection window is open. */
  HOLD,
  /** Release what the decision lists, with its labels, now. */
  RELEASE
}
