package nl.jeugdpoort.gateway.security;

import java.io.Serializable;
import java.util.Set;

/**
 * Who is calling (the Shiro principal): a person logged in with a password, or an organisation's
 * system holding an access token (SMART Backend Services).
 *
 * @param username the account name, or the client id of a system
 * @param displayName the name shown to families (rule N1)
 * @param role the role code (for a system: the role it was registered to act in)
 * @param organisationId the organisation the caller acts for (null for family members and
 *     administrators)
 * @param personRef for family members: their person reference at the source
 * @param youthBsn for family members: their youth
 * @param system true for an organisation's system (bearer token), false for a person
 * @param scopes for a system: the SMART scopes of its access token; empty for persons
 */
public record AuthenticatedUser(
    String username,
    String displayName,
    String role,
    String organisationId,
    String personRef,
    String youthBsn,
    boolean system,
    Set<String> scopes)
    implements Serializable {

  public static final String FAMILY_MEMBER = "family-member";
  public static final String PRIVACY_OFFICER = "privacy-officer";
  public static final String ADMINISTRATOR = "administrator";

  /** Manages the accounts of its own organisation only, and reads no care data (issue #18). */
  public static final String ORGANISATION_ADMINISTRATOR = "organisation-administrator";

  public AuthenticatedUser {
    scopes = Set.copyOf(scopes);
  }

  /** A person (password login). */
  public AuthenticatedUser(
      String username,
      String displayName,
      String role,
      String organisationId,
      String personRef,
      String youthBsn) {
    this(username, displayName, role, organisationId, personRef, youthBsn, false, Set.of());
  }

  public boolean isFamilyMember() {
    return FAMILY_MEMBER.equals(role);
  }

  /** A person working for an organisation in one of the catalogue's requester roles (P3). */
  public boolean isProfessional() {
    return !system
        && organisationId != null
        && !FAMILY_MEMBER.equals(role)
        && !PRIVACY_OFFICER.equals(role)
        && !ADMINISTRATOR.equals(role)
        && !ORGANISATION_ADMINISTRATOR.equals(role);
  }

  /** The administrator of the whole gateway (no organisation). */
  public boolean isAdministrator() {
    return !system && ADMINISTRATOR.equals(role);
  }

  /** An administrator of one organisation's own people. */
  public boolean isOrganisationAdministrator() {
    return !system && ORGANISATION_ADMINISTRATOR.equals(role) && organisationId != null;
  }

  public boolean isPrivacyOfficer() {
    return PRIVACY_OFFICER.equals(role);
  }

  @Override
  public String toString() {
    return username;
  }
}
