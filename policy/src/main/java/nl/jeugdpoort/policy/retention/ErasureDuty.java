package nl.jeugdpoort.policy.retention;

/**
 * A recipient that must be told to erase a release (rule E2), and why.
 *
 * @param releaseId the release
 * @param recipientOrganisationId who holds the copy
 * @param ruleId E1 (retention ended), C3 (consent withdrawn) or V5 (recording's trajectory ended)
 * @param family Dutch sentence for the family's report
 * @param audit English sentence for the auditor
 */
public record ErasureDuty(String releaseId, String recipientOrganisationId, String ruleId, String family, String audit) {}
