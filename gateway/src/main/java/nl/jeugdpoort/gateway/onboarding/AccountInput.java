package nl.jeugdpoort.gateway.onboarding;

/**
 * A professional's, privacy officer's or administrator's account as an administrator states it.
 *
 * @param username the login name (not changeable)
 * @param displayName the name shown to families (rule N1)
 * @param role a requester role of the catalogue, privacy-officer, organisation-administrator or
 *     administrator
 * @param organisationId the organisation the person works for (none for an administrator)
 */
public record AccountInput(
    String username, String displayName, String role, String organisationId) {}
