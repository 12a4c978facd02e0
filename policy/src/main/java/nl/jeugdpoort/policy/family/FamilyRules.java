package nl.jeugdpoort.policy.family;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.consent.ConsentRules;

/**
 * What a family member may see and do about a youth. Pure functions; each answer carries its
 * reason.
 */
public final class FamilyRules {
  private FamilyRules() {}

  /** An answer: allowed or not, and why. */
  public record Answer(boolean allowed, Reason reason) {}

  /**
   * F2, F3 — a family member sees the disclosures about their own youth only; once the youth is 16,
   * authority holders see them only when the youth allows it. A representative keeps seeing them.
   */
  public static Answer maySeeDisclosures(
      Person viewer, Youth youth, LocalDate day, boolean youthAllowsParents) {
    if (!belongsTo(viewer, youth)) {
      return deny("F2", ReasonKey.OTHER_FAMILY);
    }
    if (viewer.relation() == Person.Relation.AUTHORITY_HOLDER
        && youth.ageOn(day) >= 16
        && !youthAllowsParents) {
      return deny("F3", ReasonKey.YOUTH_KEEPS_VIEW, "age", youth.ageOn(day));
    }
    return permit("F1", ReasonKey.MAY_SEE);
  }

  /** O1 — the youth or an authority holder (as rule C2 counts them) may lodge an objection. */
  public static Answer mayLodgeObjection(Person actor, Youth youth, LocalDate day) {
    List<Person> deciders = ConsentRules.whoMustConsent(youth, day);
    if (deciders.stream().noneMatch(p -> p.id().equals(actor.id()))) {
      return deny("O1", ReasonKey.MAY_NOT_OBJECT, "age", youth.ageOn(day), "deciders", deciders);
    }
    return permit("O1", ReasonKey.MAY_OBJECT);
  }

  /**
   * C2 — a consent counts only when it comes from someone whose consent is needed for this youth on
   * {@code day}: the youth from 12, every authority holder until 16, the representative.
   */
  public static Answer mayGiveConsent(Person actor, Youth youth, LocalDate day) {
    List<Person> deciders = ConsentRules.whoMustConsent(youth, day);
    if (deciders.stream().noneMatch(p -> p.id().equals(actor.id()))) {
      return deny(
          "C2", ReasonKey.CONSENT_DOES_NOT_COUNT, "age", youth.ageOn(day), "deciders", deciders);
    }
    return permit("C2", ReasonKey.CONSENT_COUNTS, "age", youth.ageOn(day));
  }

  /**
   * F3 — from 16 the youth decides whether the authority holders see what was shared; only the
   * youth can give or withdraw that permission.
   */
  public static Answer mayDecideParentsView(Person actor, Youth youth, LocalDate day) {
    if (actor.relation() != Person.Relation.YOUTH
        || !actor.id().equals(youth.personId())
        || youth.ageOn(day) < 16) {
      return deny("F3", ReasonKey.ONLY_YOUTH_DECIDES_VIEW);
    }
    return permit("F3", ReasonKey.YOUTH_DECIDES_VIEW, "age", youth.ageOn(day));
  }

  /** O3 — an objection can be withdrawn by whoever lodged it, or by the youth once 16. */
  public static Answer mayWithdrawObjection(
      Person actor, ObjectionRecord objection, Youth youth, LocalDate day) {
    boolean lodger = Objects.equals(actor.id(), objection.lodgedBy());
    boolean youth16 =
        actor.relation() == Person.Relation.YOUTH
            && actor.id().equals(youth.personId())
            && youth.ageOn(day) >= 16;
    if (!lodger && !youth16) {
      return deny("O3", ReasonKey.MAY_NOT_WITHDRAW_OBJECTION, "objection", objection.id());
    }
    return permit("O3", ReasonKey.MAY_WITHDRAW_OBJECTION, "objection", objection.id());
  }

  private static boolean belongsTo(Person viewer, Youth youth) {
    return switch (viewer.relation()) {
      case YOUTH -> viewer.id().equals(youth.personId());
      case AUTHORITY_HOLDER ->
          youth.authorityHolders().stream().anyMatch(p -> p.id().equals(viewer.id()));
      case REPRESENTATIVE ->
          youth.representative() != null && youth.representative().id().equals(viewer.id());
    };
  }

  private static Answer deny(String rule, ReasonKey key, Object... params) {
    return new Answer(false, Reason.of(rule, Reason.Effect.DENY, key, params));
  }

  private static Answer permit(String rule, ReasonKey key, Object... params) {
    return new Answer(true, Reason.of(rule, Reason.Effect.PERMIT, key, params));
  }
}
