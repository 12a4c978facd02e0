package nl.jeugdpoort.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A member of the youth's family circle who may consent, object or must be notified.
 *
 * @param id a stable id (e.g. the RelatedPerson id at the source or an account id)
 * @param name display name, used only in texts addressed to that family
 * @param relation how this person relates to the youth
 * @param roleCodes the source's codes for the person's relationship (e.g. v3-RoleCode {@code MTH},
 *     {@code FTH}, and the legal role), so that texts can name them ("de moeder"); may be empty
 */
public record Person(String id, String name, Relation relation, Set<String> roleCodes) {
  public Person {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(relation, "relation");
    roleCodes = roleCodes == null ? Set.of() : Set.copyOf(roleCodes);
  }

  /** A person without relationship codes. */
  public Person(String id, String name, Relation relation) {
    this(id, name, relation, Set.of());
  }

  /** How a person relates to the youth, for rules C2, N1 and F3. */
  public enum Relation {
    /** The youth themself. */
    YOUTH,
    /** A parent or guardian with parental authority (gezag). */
    AUTHORITY_HOLDER,
    /** A curator or mentor appointed by a court (curatele, mentorschap). */
    REPRESENTATIVE
  }
}
