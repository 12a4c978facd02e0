package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.Set;

/**
 * A release already made: for rule P5 (an identical request within the retention period is answered
 * with a reference to it rather than a new fetch) and rule E2 (what must be erased, by whom).
 *
 * @param consentIds the consents the release relied on (C3: their withdrawal triggers erasure)
 */
public record PriorRelease(
    String releaseId,
    String requesterPersonId,
    String requesterOrganisationId,
    String youthBsn,
    String sourceOrganisationId,
    String purpose,
    Set<String> categories,
    Instant releasedAt,
    Instant retentionEnd,
    Set<String> consentIds) {

  public PriorRelease {
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    consentIds = consentIds == null ? Set.of() : Set.copyOf(consentIds);
  }
}
