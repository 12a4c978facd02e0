package nl.jeugdpoort.policy.catalogue;

import java.util.Set;

/**
 * A kind of organisation (neighbourhood team, school, child-protection board, …) and the requester
 * roles its people and systems may hold (issue #18, item 3): a school cannot act as a
 * child-protection investigator. The gateway's own roles (privacy officer, organisation
 * administrator) are not requester roles and are not listed here.
 *
 * @param code the kind's code, as stored with the organisation
 * @param display its Dutch name
 * @param roles the requester roles (catalogue role codes) an organisation of this kind may hold
 */
public record OrganisationKind(String code, String display, Set<String> roles) {
  public OrganisationKind {
    roles = Set.copyOf(roles);
  }

  /** Whether an organisation of this kind may hold {@code role}. */
  public boolean mayHold(String role) {
    return role != null && roles.contains(role);
  }
}
