package nl.jeugdpoort.policy.retention;

import nl.jeugdpoort.policy.Reason;

/**
 * A recipient that must be told to erase a release (rule E2), and why.
 *
 * @param releaseId the release
 * @param recipientOrganisationId who holds the copy
 * @param reason why, as data: rule E1 ({@code RETENTION_ENDED}) or C3 ({@code CONSENT_WITHDRAWN}),
 *     worded by the gateway
 */
public record ErasureDuty(String releaseId, String recipientOrganisationId, Reason reason) {
  /** E1 (retention ended), C3 (consent withdrawn). */
  public String ruleId() {
    return reason.ruleId();
  }
}
