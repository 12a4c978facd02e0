package nl.jeugdpoort.policy.family;

import java.time.LocalDate;
import java.util.Objects;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.consent.ConsentRules;

/** What a family member may see and do about a youth. Pure functions; each answer carries its reason. */
public final class FamilyRules {
  private FamilyRules() {}

  /** An answer: allowed or not, and why. */
  public record Answer(boolean allowed, Reason reason) {}

  /**
   * F2, F3 — a family member sees the disclosures about their own youth only; once the youth is 16,
   * authority holders see them only when the youth allows it. A representative keeps seeing them.
   */
  public static Answer maySeeDisclosures(Person viewer, Youth youth, LocalDate day, boolean youthAllowsParents) {
    if (!belongsTo(viewer, youth)) {
      return deny("F2", "U kunt alleen de gegevens van uw eigen gezin zien.",
          "Viewer " + viewer.id() + " is not the youth, an authority holder or the representative of this youth.");
    }
    if (viewer.relation() == Person.Relation.AUTHORITY_HOLDER && youth.ageOn(day) >= 16 && !youthAllowsParents) {
      return deny("F3", "Uw kind is 16 of ouder en beslist zelf wie ziet wat er over hem of haar is gedeeld.",
          "Youth is " + youth.ageOn(day) + "; authority holder " + viewer.id() + " not allowed by the youth.");
    }
    return new Answer(true, new Reason("F1", Reason.Effect.PERMIT, "U ziet wat er over uw gezin is gedeeld.",
        "Viewer " + viewer.id() + " may see the disclosures about this youth."));
  }

  /** O1 — the youth or an authority holder (as rule C2 counts them) may lodge an objection. */
  public static Answer mayLodgeObjection(Person actor, Youth youth, LocalDate day) {
    boolean counts = ConsentRules.whoMustConsent(youth, day).stream().anyMatch(p -> p.id().equals(actor.id()));
    if (!counts) {
      return deny("O1", "U kunt hier geen bezwaar maken; dat kan alleen de jongere of een ouder met gezag.",
          "Actor " + actor.id() + " is not among those who decide for this youth at age " + youth.ageOn(day) + ".");
    }
    return new Answer(true, new Reason("O1", Reason.Effect.PERMIT, "U kunt bezwaar maken.",
        "Actor " + actor.id() + " may lodge an objection."));
  }

  /**
   * C2 — a consent counts only when it comes from someone whose consent is needed for this youth on
   * {@code day}: the youth from 12, every authority holder until 16, the representative.
   */
  public static Answer mayGiveConsent(Person actor, Youth youth, LocalDate day) {
    boolean counts = ConsentRules.whoMustConsent(youth, day).stream().anyMatch(p -> p.id().equals(actor.id()));
    if (!counts) {
      return deny("C2", youth.ageOn(day) >= 16
              ? "Uw kind is 16 of ouder en geeft zelf toestemming; uw toestemming telt niet."
              : "Voor een kind onder de 12 geven de ouders met gezag toestemming; vanaf 12 samen met het kind.",
          "Actor " + actor.id() + " is not among those who consent for this youth at age " + youth.ageOn(day) + ".");
    }
    return new Answer(true, new Reason("C2", Reason.Effect.PERMIT, "Uw toestemming telt mee.",
        "Actor " + actor.id() + " consents for this youth at age " + youth.ageOn(day) + "."));
  }

  /**
   * F3 — from 16 the youth decides whether the authority holders see what was shared; only the youth
   * can give or withdraw that permission.
   */
  public static Answer mayDecideParentsView(Person actor, Youth youth, LocalDate day) {
    if (actor.relation() != Person.Relation.YOUTH || !actor.id().equals(youth.personId()) || youth.ageOn(day) < 16) {
      return deny("F3", "Alleen de jongere zelf beslist dit, vanaf 16 jaar.",
          "Actor " + actor.id() + " is not the youth of 16+.");
    }
    return new Answer(true, new Reason("F3", Reason.Effect.PERMIT, "U beslist zelf of uw ouders meekijken.",
        "Youth " + actor.id() + " is " + youth.ageOn(day) + " and decides."));
  }

  /** O3 — an objection can be withdrawn by whoever lodged it, or by the youth once 16. */
  public static Answer mayWithdrawObjection(Person actor, ObjectionRecord objection, Youth youth, LocalDate day) {
    boolean lodger = Objects.equals(actor.id(), objection.lodgedBy());
    boolean youth16 = actor.relation() == Person.Relation.YOUTH && actor.id().equals(youth.personId()) && youth.ageOn(day) >= 16;
    if (!lodger && !youth16) {
      return deny("O3", "Alleen wie het bezwaar maakte (of de jongere vanaf 16 jaar) kan het intrekken.",
          "Actor " + actor.id() + " did not lodge objection " + objection.id() + " and is not the youth of 16+.");
    }
    return new Answer(true, new Reason("O3", Reason.Effect.PERMIT, "U kunt het bezwaar intrekken.",
        "Actor " + actor.id() + " may withdraw objection " + objection.id() + "."));
  }

  private static boolean belongsTo(Person viewer, Youth youth) {
    return switch (viewer.relation()) {
      case YOUTH -> viewer.id().equals(youth.personId());
      case AUTHORITY_HOLDER -> youth.authorityHolders().stream().anyMatch(p -> p.id().equals(viewer.id()));
      case REPRESENTATIVE -> youth.representative() != null && youth.representative().id().equals(viewer.id());
    };
  }

  private static Answer deny(String rule, String family, String audit) {
    return new Answer(false, new Reason(rule, Reason.Effect.DENY, family, audit));
  }
}
