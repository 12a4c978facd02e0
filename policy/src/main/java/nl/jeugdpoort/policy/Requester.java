package nl.jeugdpoort.policy;

import java.util.Objects;

/**
 * The professional (or organisation system) asking for data, as authenticated by the gateway —
 * never as claimed in a request body.
 *
 * @param personId the authenticated account id
 * @param personName the display name shown to the family (rule N1)
 * @param role the requester role code (rule P3)
 * @param organisationId the organisation the requester acts for
 */
public record Requester(String personId, String personName, String role, String organisationId) {
  public Requester {
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisationId, "organisationId");
  }
}
