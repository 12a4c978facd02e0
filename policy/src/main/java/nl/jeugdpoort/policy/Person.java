package nl.jeugdpoort.policy;

import java.util.Objects;

/**
 * A member of the youth's family circle who may consent, object or must be notified.
 *
 * @param id a stable id (e.g. the RelatedPerson id at the source or an account id)
 * @param name display name, used only in texts addressed to that family
 * @param relation how this person relates to the youth
 */
public record Person(String id, String name, Relation relation) {
  public Person {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(relation, "relation");
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
