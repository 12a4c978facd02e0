package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A release already made: for rule P5 (an identical request within the retention period is answered
 * with a reference to it rather than a new fetch) and rule E2 (what must be erased, by whom).
 *
 * @param consentIds the consents the release relied on (C3: their withdrawal triggers erasure)
 * @param withheld the items that release withheld, with their rules (S1, V rules): a repeat
 *     answered with this release (P5) carries them
 * @param leftOut the categories that release left out, with their rules (P2, O1, C2 …)
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
    Set<String> consentIds,
    List<WithheldItem> withheld,
    Map<String, String> leftOut) {

  public PriorRelease {
    withheld = withheld == null ? List.of() : List.copyOf(withheld);
    leftOut = leftOut == null ? Map.of() : Map.copyOf(leftOut);
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    consentIds = consentIds == null ? Set.of() : Set.copyOf(consentIds);
  }

  /** A release without withheld items or left-out categories. */
  public PriorRelease(
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
    this(
        releaseId,
        requesterPersonId,
        requesterOrganisationId,
        youthBsn,
        sourceOrganisationId,
        purpose,
        categories,
        releasedAt,
        retentionEnd,
        consentIds,
        List.of(),
        Map.of());
  }

  /** True when that release was partial: items withheld or categories left out. */
  public boolean partial() {
    return !withheld.isEmpty() || !leftOut.isEmpty();
  }
}
