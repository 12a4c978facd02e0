package nl.jeugdpoort.policy.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Youth;

/** The C rules as functions the engine (and the gateway's portal) can ask. */
public final class ConsentRules {
  private ConsentRules() {}

  /**
   * C2 — who must consent, by the youth's age on {@code day}: under 12 every authority holder; 12
   * to 15 the youth and every authority holder; 16 or older the youth alone; under curatele or
   * mentorschap the representative (and the youth as well where 12–15). An empty list means nobody
   * can give valid consent (fail closed).
   */
  public static List<Person> whoMustConsent(Youth youth, LocalDate day) {
    int age = youth.ageOn(day);
    List<Person> required = new ArrayList<>();
    if (youth.representative() != null) {
      required.add(youth.representative());
      if (age >= 12 && age < 16) {
        required.add(youth.asPerson());
      }
      return required;
    }
    if (age >= 16) {
      required.add(youth.asPerson());
      return required;
    }
    if (youth.authorityHolders().isEmpty()) {
      return List.of();
    }
    if (age >= 12) {
      required.add(youth.asPerson());
    }
    required.addAll(youth.authorityHolders());
    return required;
  }

  /**
   * C1 — a consent counts for this recipient, purpose and category at {@code now}: specific,
   * informed (information version recorded), unambiguous (no pre-ticked box), started, not ended,
   * not withdrawn.
   */
  public static boolean isValidFor(
      ConsentRecord c, String recipientOrg, String purpose, String category, Instant now) {
    return recipientOrg.equals(c.recipientOrganisationId())
        && purpose.equals(c.purpose())
        && c.categories().contains(category)
        && c.informationVersion() != null
        && !c.informationVersion().isBlank()
        && c.act() != null
        && c.act() != ConsentRecord.Act.PRE_TICKED_BOX
        && c.start() != null
        && !now.isBefore(c.start())
        && (c.end() == null || !now.isAfter(c.end()))
        && (c.withdrawnAt() == null || now.isBefore(c.withdrawnAt()));
  }

  /** The outcome of looking for complete consent for one category. */
  public record ConsentCheck(
      List<ConsentRecord> valid, List<Person> missing, boolean nobodyCanConsent) {
    public boolean complete() {
      return !nobodyCanConsent && missing.isEmpty();
    }
  }

  /** C1 + C2 — every person who must consent has a valid consent for this category. */
  public static ConsentCheck check(DataRequest request, Facts facts, String category) {
    return check(request, facts, category, whoMustConsent(facts.youth(), facts.today()));
  }

  /** C1 + C2 with the persons who must consent already known (see {@link ConsentChecks}). */
  static ConsentCheck check(
      DataRequest request, Facts facts, String category, List<Person> required) {
    if (required.isEmpty()) {
      return new ConsentCheck(List.of(), List.of(), true);
    }
    List<ConsentRecord> valid = new ArrayList<>();
    List<Person> missing = new ArrayList<>();
    for (Person person : required) {
      Optional<ConsentRecord> found =
          facts.consents().stream()
              .filter(c -> person.id().equals(c.givenBy()))
              .filter(
                  c ->
                      isValidFor(
                          c,
                          request.requester().organisationId(),
                          request.purpose(),
                          category,
                          facts.now()))
              .findFirst();
      if (found.isPresent()) {
        valid.add(found.get());
      } else {
        missing.add(person);
      }
    }
    return new ConsentCheck(valid, missing, false);
  }
}
