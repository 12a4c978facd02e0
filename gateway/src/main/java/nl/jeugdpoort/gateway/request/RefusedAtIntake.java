package nl.jeugdpoort.gateway.request;

import nl.jeugdpoort.policy.Decision;

/**
 * A request the policy refused on its face (C5, P1, P2, P3, V7): nothing is stored but the audit
 * entry.
 */
public final class RefusedAtIntake extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Decision decision;

  public RefusedAtIntake(Decision decision) {
    super("refused: " + decision.ruleIds());
    this.decision = decision;
  }

  public Decision decision() {
    return decision;
  }
}
