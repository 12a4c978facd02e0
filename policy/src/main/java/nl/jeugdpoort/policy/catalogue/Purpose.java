package nl.jeugdpoort.policy.catalogue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One purpose of the catalogue.
 *
 * @param code the purpose code (P1)
 * @param display Dutch name
 * @param definition Dutch description, shown to families
 * @param purposeOfUse the v3-ActReason code put on releases (P4)
 * @param fields per allowed category, the allow-list of FHIR element paths that may go (P2), each
 *     rooted at a resource type of the category ({@code Observation.value}, {@code
 *     Patient.identifier.where(system='…')})
 * @param rationale per allowed category, why these elements are needed for the purpose (P2: nothing
 *     more than strictly necessary), in Dutch
 * @param roles requester roles entitled to the purpose (P3)
 * @param bases allowed legal-basis codes (P3)
 * @param noticeAfterAllowed whether the family may be told afterwards, with a written motivation
 *     (N2); otherwise the notice always comes first
 * @param objectionWindow how long a release is held after the notice (N3); zero for none
 * @param retention how long the gateway keeps a release (E1)
 * @param deleteAfterUse whether releases carry the DELAU obligation (P4)
 * @param confidentiality the v3-Confidentiality code of releases (P4)
 * @param internalOnly true when data may never leave the source organisation (V7)
 */
public record Purpose(
    String code,
    String display,
    String definition,
    String purposeOfUse,
    Map<String, Set<String>> fields,
    Map<String, String> rationale,
    Set<String> roles,
    Set<String> bases,
    boolean noticeAfterAllowed,
    Duration objectionWindow,
    Duration retention,
    boolean deleteAfterUse,
    String confidentiality,
    boolean internalOnly) {

  public Purpose {
    fields = Map.copyOf(fields);
    rationale = Map.copyOf(rationale);
    roles = Set.copyOf(roles);
    bases = Set.copyOf(bases);
  }

  /** The categories this purpose may use (P2). */
  public Set<String> categories() {
    return fields.keySet();
  }

  /** The categories in a stable order, for texts. */
  public List<String> sortedCategories() {
    return fields.keySet().stream().sorted().toList();
  }
}
