package nl.jeugdpoort.gateway.security;

import java.io.Serializable;

/**
 * The authenticated person (Shiro principal).
 *
 * @param username the account name
 * @param displayName the name shown to families (rule N1)
 * @param role the role code
 * @param organisationId the organisation the person acts for (null for family members)
 * @param personRef for family members: their person reference at the source
 * @param youthBsn for family members: their youth
 */
public record AuthenticatedUser(String username, String displayName, String role, String organisationId,
    String personRef, String youthBsn) implements Serializable {

  @Override
  public String toString() {
    return username;
  }
}
