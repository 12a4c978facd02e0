package nl.jeugdpoort.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A request for data about one youth, as the policy sees it. Text fields arrive as given so that
 * the policy itself can refuse a missing or unknown value with the rule that demands it.
 *
 * @param requestId the gateway's id for the request (used only to reference it)
 * @param requester who asks, as authenticated
 * @param youthBsn the youth's BSN (rule C5)
 * @param sourceOrganisationId the organisation asked for the data
 * @param purpose the purpose code (rule P1), may be null or blank
 * @param explanation the free-text explanation (rule P1), may be null or blank
 * @param categories the requested data categories (rule P2)
 * @param basis the legal-basis code (rule P3), may be null
 * @param motivation written motivation for an override of an objection or secrecy (rules O2, S1)
 * @param delayedNoticeMotivation written motivation to notify the family only afterwards (rule N2)
 */
public record DataRequest(
    String requestId,
    Requester requester,
    String youthBsn,
    String sourceOrganisationId,
    String purpose,
    String explanation,
    Set<String> categories,
    String basis,
    String motivation,
    String delayedNoticeMotivation) {

  public DataRequest {
    Objects.requireNonNull(requester, "requester");
    categories = categories == null ? Set.of() : Set.copyOf(categories);
  }

  /** The parsed legal basis, or null when absent or unknown. */
  public LegalBasis legalBasis() {
    return basis == null ? null : LegalBasis.fromCode(basis).orElse(null);
  }

  public boolean hasMotivation() {
    return motivation != null && !motivation.isBlank();
  }

  public boolean hasDelayedNoticeMotivation() {
    return delayedNoticeMotivation != null && !delayedNoticeMotivation.isBlank();
  }
}
