package nl.jeugdpoort.policy;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Objects;

/**
 * The youth the data is about, with their legal representation.
 *
 * @param bsn the BSN (rule C5)
 * @param personId the id used for the youth in consents, objections and notices
 * @param name display name, used only in texts addressed to the family
 * @param birthDate date of birth; the age on the day of the decision drives rules C2, N1 and F3
 * @param authorityHolders every person with parental authority (may be empty, e.g. for a 18+ youth)
 * @param representative a court-appointed curator or mentor, or null
 */
public record Youth(
    String bsn,
    String personId,
    String name,
    LocalDate birthDate,
    List<Person> authorityHolders,
    Person representative) {

  public Youth {
    Objects.requireNonNull(bsn, "bsn");
    Objects.requireNonNull(personId, "personId");
    authorityHolders = authorityHolders == null ? List.of() : List.copyOf(authorityHolders);
  }

  /**
   * Age in whole years on {@code day} (rule C2). A youth born on 29 February turns a year older on
   * 1 March in a non-leap year, as Dutch civil law counts it; {@link Period#between} counts exactly
   * that (tested in {@code FamilyAndErasureRulesTest}).
   */
  public int ageOn(LocalDate day) {
    return Period.between(birthDate, day).getYears();
  }

  /**
   * The youth, an authority holder or the representative with this person id, when the facts know
   * them.
   */
  public java.util.Optional<Person> person(String id) {
    if (personId.equals(id)) {
      return java.util.Optional.of(asPerson());
    }
    if (representative != null && representative.id().equals(id)) {
      return java.util.Optional.of(representative);
    }
    return authorityHolders.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The youth as a person (for consent and notices). */
  public Person asPerson() {
    return new Person(personId, name, Person.Relation.YOUTH);
  }
}
