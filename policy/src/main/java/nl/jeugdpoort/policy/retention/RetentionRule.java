package nl.jeugdpoort.policy.retention;

import java.time.Instant;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.catalogue.Purpose;

/** E1 — every release has a retention period set by its purpose. */
public final class RetentionRule {
  public void apply(Purpose purpose, Facts facts, Deliberation d) {
    Instant end = facts.now().plus(purpose.retention());
    d.retentionEnd(end);
    d.obligation(
        "E1",
        ReasonKey.RETENTION,
        "until",
        end,
        "days",
        purpose.retention().toDays(),
        "purpose",
        purpose.code());
  }
}
