package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.YouthVisibilityEntity;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.consent.ConsentRules;
import nl.jeugdpoort.policy.family.FamilyRules;

/**
 * F2 and F3 for a logged-in family member: the facts their account holds (relation to the youth,
 * the youth's birth date) and the youth's own choice (table {@code youth_visibility}) go to {@link
 * FamilyRules#maySeeDisclosures}, which decides.
 */
@ApplicationScoped
public class FamilyAccess {
  @Inject Database database;
  @Inject Clock clock;

  /**
   * Whether {@code user} may see what was shared about their youth, and the youth's own records.
   */
  public FamilyRules.Answer maySeeDisclosures(AuthenticatedUser user) {
    Facts facts = facts(user);
    if (facts == null) {
      return unlinked(user);
    }
    YouthVisibilityEntity choice =
        database.read(em -> em.find(YouthVisibilityEntity.class, facts.youth().bsn()));
    return FamilyRules.maySeeDisclosures(
        facts.person(),
        facts.youth(),
        LocalDate.now(clock),
        choice != null && choice.parentsMaySee());
  }

  /** O1: whether {@code user} may lodge an objection for their youth. */
  public FamilyRules.Answer mayLodgeObjection(AuthenticatedUser user) {
    Facts facts = facts(user);
    return facts == null
        ? unlinked(user)
        : FamilyRules.mayLodgeObjection(facts.person(), facts.youth(), LocalDate.now(clock));
  }

  /** C2: whether a consent of {@code user} counts for their youth (and so may be given). */
  public FamilyRules.Answer mayGiveConsent(AuthenticatedUser user) {
    Facts facts = facts(user);
    return facts == null
        ? unlinked(user)
        : FamilyRules.mayGiveConsent(facts.person(), facts.youth(), LocalDate.now(clock));
  }

  /** O3: whether {@code user} may withdraw the objection lodged by {@code lodgedBy}. */
  public FamilyRules.Answer mayWithdrawObjection(
      AuthenticatedUser user, String objectionId, String lodgedBy) {
    Facts facts = facts(user);
    return facts == null
        ? unlinked(user)
        : FamilyRules.mayWithdrawObjection(
            facts.person(),
            new ObjectionRecord(
                objectionId, lodgedBy, null, null, null, java.time.Instant.EPOCH, null),
            facts.youth(),
            LocalDate.now(clock));
  }

  /**
   * F3: whether {@code user} is the youth of 16+ who decides whether the parents see what was
   * shared.
   */
  public FamilyRules.Answer mayDecideParentsView(AuthenticatedUser user) {
    Facts facts = facts(user);
    return facts == null
        ? unlinked(user)
        : FamilyRules.mayDecideParentsView(facts.person(), facts.youth(), LocalDate.now(clock));
  }

  /**
   * Who reads a family text: the logged-in person ("u", or "je" for the youth) and the child's
   * first name (from the youth's own account, when the family has one; otherwise the texts say "de
   * jongere").
   */
  public ReasonTexts.FamilyView view(AuthenticatedUser user) {
    Facts facts = facts(user);
    if (facts == null) {
      return new ReasonTexts.FamilyView(user.personRef(), false, "");
    }
    return new ReasonTexts.FamilyView(
        facts.person().id(),
        facts.person().relation() == Person.Relation.YOUTH,
        Dutch.firstName(facts.youth().name()));
  }

  /** F3: the youth's current choice; false when never made. */
  public boolean parentsMaySee(String youthBsn) {
    YouthVisibilityEntity choice =
        database.read(em -> em.find(YouthVisibilityEntity.class, youthBsn));
    return choice != null && choice.parentsMaySee();
  }

  private record Facts(Person person, Youth youth) {}

  /**
   * The facts for {@code user}'s decisions (C2, O1, O3, F2, F3): the person, and the youth with
   * every authority holder and the representative the gateway knows — from the family accounts
   * linked to the same youth (their relation data). A youth's own login thus sees the real
   * authority holders, so that a youth of 12–15 consents alongside them (C2); when none is known,
   * {@link FamilyRules} fails closed.
   */
  private Facts facts(AuthenticatedUser user) {
    AccountEntity account = database.read(em -> em.find(AccountEntity.class, user.username()));
    Person.Relation relation = account == null ? null : relation(account.familyRelation());
    if (relation == null || account.youthBsn() == null || account.youthBirthDate() == null) {
      return null;
    }
    Person person = new Person(account.personRef(), account.displayName(), relation);
    return new Facts(
        person,
        youth(account.youthBsn(), account.youthBirthDate(), familyAccounts(account.youthBsn())));
  }

  /**
   * V3: who decides for the family of the youth with {@code bsn} today — the persons {@link
   * ConsentRules#whoMustConsent} names, by the youth's age and legal representation, from the
   * family accounts linked to that youth. Empty (nobody can answer: fail closed) when the gateway
   * knows no family account of the youth or the accounts disagree on the youth's birth date.
   */
  public List<String> whoDecidesFor(String bsn) {
    List<AccountEntity> family = familyAccounts(bsn);
    Set<LocalDate> births =
        family.stream()
            .map(AccountEntity::youthBirthDate)
            .filter(java.util.Objects::nonNull)
            .collect(java.util.stream.Collectors.toSet());
    if (births.size() != 1) {
      return List.of();
    }
    Youth youth = youth(bsn, births.iterator().next(), family);
    return ConsentRules.whoMustConsent(youth, LocalDate.now(clock)).stream()
        .map(Person::id)
        .toList();
  }

  private List<AccountEntity> familyAccounts(String bsn) {
    return database.read(
        em ->
            em.createQuery(
                    "select a from AccountEntity a where a.youthBsn = :bsn and a.familyRelation is not null order by a.username",
                    AccountEntity.class)
                .setParameter("bsn", bsn)
                .getResultList());
  }

  /**
   * The youth with every authority holder and the representative the gateway knows, from the family
   * accounts that agree on the youth (same BSN and birth date).
   */
  private static Youth youth(String bsn, LocalDate birth, List<AccountEntity> family) {
    String youthPerson = null;
    String youthName = null;
    List<Person> holders = new ArrayList<>();
    Person representative = null;
    for (AccountEntity other : family) {
      Person.Relation r = relation(other.familyRelation());
      if (r == null || other.personRef() == null || !birth.equals(other.youthBirthDate())) {
        continue; // only accounts that agree on the youth (same BSN and birth date) count
      }
      switch (r) {
        case YOUTH -> {
          if (youthPerson == null) {
            youthPerson = other.personRef();
            youthName = other.displayName();
          }
        }
        case AUTHORITY_HOLDER -> {
          if (holders.stream().noneMatch(h -> h.id().equals(other.personRef()))) {
            holders.add(
                new Person(
                    other.personRef(), other.displayName(), Person.Relation.AUTHORITY_HOLDER));
          }
        }
        case REPRESENTATIVE ->
            representative =
                representative == null
                    ? new Person(
                        other.personRef(), other.displayName(), Person.Relation.REPRESENTATIVE)
                    : representative;
      }
    }
    return new Youth(
        bsn,
        youthPerson == null ? "youth:" + bsn : youthPerson,
        youthName,
        birth,
        holders,
        representative);
  }

  private static FamilyRules.Answer unlinked(AuthenticatedUser user) {
    return new FamilyRules.Answer(
        false, Reason.of("F2", Reason.Effect.DENY, ReasonKey.ACCOUNT_UNLINKED));
  }

  private static Person.Relation relation(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "youth" -> Person.Relation.YOUTH;
      case "authority-holder" -> Person.Relation.AUTHORITY_HOLDER;
      case "representative" -> Person.Relation.REPRESENTATIVE;
      default -> null;
    };
  }
}
