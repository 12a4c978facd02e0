package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.List;

/**
 * Who must be notified of a release, and when (rules N1–N3).
 *
 * @param recipients every person to notify
 * @param timing before or after the release
 * @param deadline for {@link Timing#AFTER}: the latest moment the notice must go out (N2); else
 *     null
 * @param objectionWindowEnd for N3: release is held until this moment after the notice; else null
 */
public record NoticePlan(
    List<Person> recipients, Timing timing, Instant deadline, Instant objectionWindowEnd) {
  public NoticePlan {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  /** When the family is told. */
  public enum Timing {
    BEFORE,
    AFTER
  }
}
