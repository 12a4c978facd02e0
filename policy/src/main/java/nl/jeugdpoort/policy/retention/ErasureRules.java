package nl.jeugdpoort.policy.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.PriorRelease;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;

/**
 * E2 (with C3 and E1) — which recipients must be told to erase which releases: every release whose
 * retention period has ended, and every release that relied on a consent that has since been
 * withdrawn.
 */
public final class ErasureRules {
  private ErasureRules() {}

  public static List<ErasureDuty> due(
      List<PriorRelease> releases, List<ConsentRecord> consents, Instant now) {
    List<ErasureDuty> duties = new ArrayList<>();
    for (PriorRelease r : releases) {
      if (now.isAfter(r.retentionEnd())) {
        duties.add(
            new ErasureDuty(
                r.releaseId(),
                r.requesterOrganisationId(),
                Reason.of(
                    "E1",
                    Reason.Effect.OBLIGATION,
                    ReasonKey.RETENTION_ENDED,
                    "release",
                    r.releaseId(),
                    "until",
                    r.retentionEnd())));
        continue;
      }
      consents.stream()
          .filter(c -> r.consentIds().contains(c.id()))
          .filter(c -> c.withdrawnAt() != null && !now.isBefore(c.withdrawnAt()))
          .findFirst()
          .ifPresent(
              c ->
                  duties.add(
                      new ErasureDuty(
                          r.releaseId(),
                          r.requesterOrganisationId(),
                          Reason.of(
                              "C3",
                              Reason.Effect.OBLIGATION,
                              ReasonKey.CONSENT_WITHDRAWN,
                              "release",
                              r.releaseId(),
                              "consent",
                              c.id(),
                              "withdrawnAt",
                              c.withdrawnAt()))));
    }
    return duties;
  }
}
