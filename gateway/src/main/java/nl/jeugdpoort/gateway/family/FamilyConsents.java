package nl.jeugdpoort.gateway.family;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.YouthVisibilityEntity;
import nl.jeugdpoort.gateway.request.RequestInput;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.family.FamilyRules;

/**
 * The one command API for what a family decides — a consent (C1, C2), an objection (O1), their
 * withdrawal (C3, O3) and the youth's choice about the parents' view (F3) — which the FHIR API
 * ({@code Consent}) and the portal both call. Each command is checked here, once, the same
 * whichever door it came in by: the person is a family member of this youth (F2), the rules let
 * them do it (C2, O1, O3, F3), the input is within bounds; a refusal is audited here and comes back
 * as {@link Refused} for the front to word. What is done is stored with its audit entry in one
 * transaction.
 */
@ApplicationScoped
public class FamilyConsents {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject FamilyAccess family;
  @Inject SecurityAudit securityAudit;
  @Inject ReasonTexts texts;

  /**
   * What a family member asks to record. {@code recipientOrg}, {@code purpose} and {@code
   * categories} scope it (an objection may leave them open: all exchange); a consent names its
   * recipient and the version of the information text the person read (C1). {@code start} null
   * means now; {@code end} null means open.
   */
  public record Command(
      boolean objection,
      String youthBsn,
      String recipientOrg,
      String purpose,
      Set<String> categories,
      String informationVersion,
      Instant start,
      Instant end) {
    public Command {
      categories =
          categories == null
              ? Set.of()
              : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(categories));
    }

    public static Command consent(
        String youthBsn,
        String recipientOrg,
        String purpose,
        Set<String> categories,
        String informationVersion,
        Instant end) {
      return new Command(
          false, youthBsn, recipientOrg, purpose, categories, informationVersion, null, end);
    }

    public static Command objection(
        String youthBsn, String recipientOrg, String purpose, Set<String> categories) {
      return new Command(true, youthBsn, recipientOrg, purpose, categories, null, null, null);
    }
  }

  /** A command that was not carried out (already audited); the front words it for its reader. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Why: not a family member; about another family's youth or record (F2: a 404 to the caller);
     * the rules say no; bad input.
     */
    public enum Why {
      NOT_FAMILY,
      NOT_THEIRS,
      NOT_ALLOWED,
      INVALID
    }

    private final Why why;
    private final transient FamilyRules.Answer answer;

    Refused(Why why, FamilyRules.Answer answer, String message) {
      super(message, null, false, false);
      this.why = why;
      this.answer = answer;
    }

    public Why why() {
      return why;
    }

    /** For {@link Why#NOT_ALLOWED}: the rule's answer, with its reason; otherwise null. */
    public FamilyRules.Answer answer() {
      return answer;
    }
  }

  /**
   * Records a consent or objection for {@code user}, checked as the class comment says.
   *
   * @param door what was asked, for the audit of a refusal (e.g. "create Consent", "portal
   *     objection")
   * @return the record in force: the new one, or the identical earlier one (see {@link #store})
   * @throws Refused when the command is not carried out
   */
  public ConsentEntity give(AuthenticatedUser user, Command command, String door, String from) {
    requireFamilyMember(user);
    if (!Objects.equals(command.youthBsn(), user.youthBsn())) {
      securityAudit.refused(
          user, from, door, "consent or objection for another youth", List.of("F2"));
      throw new Refused(
          Refused.Why.NOT_THEIRS, null, "consent or objection for another youth (F2)");
    }
    FamilyRules.Answer may =
        command.objection() ? family.mayLodgeObjection(user) : family.mayGiveConsent(user);
    if (!may.allowed()) {
      securityAudit.refused(
          user, from, door, texts.auditor(may.reason()), List.of(may.reason().ruleId()));
      throw new Refused(
          Refused.Why.NOT_ALLOWED, may, texts.family(may.reason(), family.view(user)));
    }
    for (String text : texts(command)) {
      if (!RequestInput.acceptable(text) || text.length() > 200) {
        throw new Refused(
            Refused.Why.INVALID,
            null,
            "Consent contains control characters or an over-long value; only plain text is accepted.");
      }
    }
    if (!command.objection()
        && (command.recipientOrg() == null || command.informationVersion() == null)) {
      throw new Refused(
          Refused.Why.INVALID,
          null,
          "A consent names its recipient organisation (Consent.provision.actor) and the "
              + "information text the person read (Consent.policy.uri, C1).");
    }
    Instant now = clock.instant();
    Instant start = command.start() != null && command.start().isAfter(now) ? command.start() : now;
    ConsentEntity c =
        new ConsentEntity(
            UUID.randomUUID().toString(),
            command.objection() ? ConsentEntity.OBJECTION : ConsentEntity.CONSENT,
            command.youthBsn(),
            user.personRef(),
            user.username(),
            command.recipientOrg(),
            command.purpose(),
            new LinkedHashSet<>(command.categories()),
            command.informationVersion(),
            ConsentRecord.Act.AUTHENTICATED_ACT.name(),
            start,
            command.end(),
            now);
    return store(user, c, from);
  }

  private static List<String> texts(Command c) {
    List<String> out = new java.util.ArrayList<>(c.categories());
    for (String s : new String[] {c.recipientOrg(), c.purpose(), c.informationVersion()}) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * C3, O3: withdraws the user's family's record {@code consentId} when the rules allow it.
   * Withdrawing what the same person already withdrew changes nothing and is no error (a second
   * tap, a replayed request).
   *
   * @return the record, withdrawn
   * @throws Refused NOT_THEIRS when there is no such record of this family (audited; a 404 to the
   *     caller), NOT_ALLOWED when the rules say no
   */
  public ConsentEntity withdraw(
      AuthenticatedUser user, String consentId, String door, String from) {
    requireFamilyMember(user);
    ConsentEntity c = own(user, consentId, door + " ", from);
    if (c.withdrawnAt() != null) {
      if (mayWithdraw(user, c, false).allowed()) {
        return c;
      }
    }
    FamilyRules.Answer may = mayWithdraw(user, c, true);
    if (!may.allowed()) {
      securityAudit.refused(
          user,
          from,
          door + " " + c.kind() + " " + c.id(),
          texts.auditor(may.reason()),
          List.of(may.reason().ruleId()));
      throw new Refused(
          Refused.Why.NOT_ALLOWED, may, texts.family(may.reason(), family.view(user)));
    }
    withdraw(user, c.id(), from);
    return database.read(em -> em.find(ConsentEntity.class, c.id()));
  }

  /**
   * A consent or objection about the user's own youth (F2), or {@link Refused} NOT_THEIRS after an
   * audited refusal — the same for "does not exist" and "another family's".
   */
  public ConsentEntity own(AuthenticatedUser user, String consentId, String door, String from) {
    ConsentEntity c =
        consentId == null || consentId.length() > 36
            ? null
            : database.read(em -> em.find(ConsentEntity.class, consentId));
    if (c == null || user.youthBsn() == null || !c.youthBsn().equals(user.youthBsn())) {
      securityAudit.refused(
          user,
          from,
          door + SecurityAudit.printable(consentId),
          c == null ? "no such consent (404)" : "consent of another family (404)",
          c == null ? List.of() : List.of("F2"));
      throw new Refused(Refused.Why.NOT_THEIRS, null, "not found");
    }
    return c;
  }

  /**
   * C3, O3: whether {@code user} may withdraw {@code c} (an objection as FamilyRules says; a
   * consent only its giver).
   */
  public FamilyRules.Answer mayWithdraw(AuthenticatedUser user, ConsentEntity c) {
    return mayWithdraw(user, c, true);
  }

  private FamilyRules.Answer mayWithdraw(
      AuthenticatedUser user, ConsentEntity c, boolean inForceOnly) {
    if (inForceOnly && c.withdrawnAt() != null) {
      return new FamilyRules.Answer(
          false,
          Reason.of(
              c.isObjection() ? "O3" : "C3",
              Reason.Effect.DENY,
              ReasonKey.ALREADY_WITHDRAWN,
              "record",
              c.id()));
    }
    if (c.isObjection()) {
      return family.mayWithdrawObjection(user, c.id(), c.givenBy());
    }
    boolean mine = c.givenBy().equals(user.personRef());
    return new FamilyRules.Answer(
        mine,
        Reason.of(
            "C3",
            mine ? Reason.Effect.PERMIT : Reason.Effect.DENY,
            mine ? ReasonKey.MAY_WITHDRAW_CONSENT : ReasonKey.MAY_NOT_WITHDRAW_CONSENT,
            "consent",
            c.id()));
  }

  /**
   * F3, checked: the youth of 16+ lets the authority holders see what was shared, or no longer.
   *
   * @param parentsMaySee the choice; null when the front could not read one (refused as INVALID
   *     after the rule check)
   */
  public void decideParentsView(
      AuthenticatedUser user, Boolean parentsMaySee, String door, String from) {
    requireFamilyMember(user);
    FamilyRules.Answer may = family.mayDecideParentsView(user);
    if (!may.allowed()) {
      securityAudit.refused(user, from, door, texts.auditor(may.reason()), List.of("F3"));
      throw new Refused(
          Refused.Why.NOT_ALLOWED, may, texts.family(may.reason(), family.view(user)));
    }
    if (parentsMaySee == null) {
      throw new Refused(Refused.Why.INVALID, null, "no choice given");
    }
    setParentsView(user, parentsMaySee, from);
  }

  private static void requireFamilyMember(AuthenticatedUser user) {
    if (!"family-member".equals(user.role()) || user.youthBsn() == null) {
      throw new Refused(
          Refused.Why.NOT_FAMILY,
          null,
          "Alleen de jongere en zijn of haar ouders of vertegenwoordiger geven toestemming of maken bezwaar.");
    }
  }

  @Inject ErasureDuties erasure;

  /**
   * C1, C2 for a consent; O1 for an objection. Idempotent: when the person's latest record about
   * this youth is already the same one and still in force (a second tap, a replayed POST), nothing
   * new is stored or audited and that record is returned. A new record on top of a different latest
   * one (a consent again after one's own later objection, O4) is stored. The unique {@code
   * active_key} (V9) holds this across cluster members as well.
   *
   * @return the record in force: {@code c} when stored, else the identical earlier one
   */
  private ConsentEntity store(AuthenticatedUser user, ConsentEntity c, String from) {
    try {
      return database.write(
          em -> {
            ConsentEntity latest = latest(em, c);
            if (latest != null
                && latest.withdrawnAt() == null
                && latest.content().equals(c.content())) {
              return latest;
            }
            c.inForceAfter(latest == null ? null : latest.id());
            em.persist(c);
            em.flush();
            audit.append(
                em,
                record(
                    user,
                    from,
                    c.isObjection() ? "objection-lodged" : "consent-given",
                    "C",
                    c,
                    c.isObjection() ? List.of("O1") : List.of("C1", "C2")));
            return c;
          });
    } catch (jakarta.persistence.PersistenceException collided) {
      // Another member stored the same record on top of the same latest one in the meantime (V9).
      ConsentEntity same =
          database
              .read(
                  em ->
                      em.createQuery(
                              "select c from ConsentEntity c where c.youthBsn = :bsn and c.givenBy = :by and c.withdrawnAt is null "
                                  + "order by c.createdAt desc",
                              ConsentEntity.class)
                          .setParameter("bsn", c.youthBsn())
                          .setParameter("by", c.givenBy())
                          .getResultList())
              .stream()
              .filter(e -> e.content().equals(c.content()))
              .findFirst()
              .orElse(null);
      if (same == null) {
        throw collided;
      }
      return same;
    }
  }

  /** The person's most recent consent or objection about the youth, or null. */
  private static ConsentEntity latest(jakarta.persistence.EntityManager em, ConsentEntity c) {
    return em
        .createQuery(
            "select c from ConsentEntity c where c.youthBsn = :bsn and c.givenBy = :by "
                + "order by c.createdAt desc, c.id desc",
            ConsentEntity.class)
        .setParameter("bsn", c.youthBsn())
        .setParameter("by", c.givenBy())
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /**
   * C3, O3: the record stays, inactive from now. Withdrawing what is already withdrawn changes
   * nothing. A consent's withdrawal sends, in the same transaction, an erasure request for every
   * release that relied on it (C3 → E2).
   */
  private void withdraw(AuthenticatedUser user, String consentId, String from) {
    database.write(
        em -> {
          ConsentEntity c = em.find(ConsentEntity.class, consentId);
          if (c.withdrawnAt() != null) {
            return null;
          }
          java.time.Instant now = clock.instant();
          c.withdraw(now);
          audit.append(
              em,
              record(
                  user,
                  from,
                  c.isObjection() ? "objection-withdrawn" : "consent-withdrawn",
                  "U",
                  c,
                  List.of(c.isObjection() ? "O3" : "C3")));
          if (!c.isObjection()) {
            em.flush();
            erasure.consentWithdrawn(em, c, now);
          }
          return null;
        });
  }

  /** F3: the youth of 16+ lets the authority holders see what was shared, or no longer. */
  private void setParentsView(AuthenticatedUser youth, boolean parentsMaySee, String from) {
    database.write(
        em -> {
          YouthVisibilityEntity choice = em.find(YouthVisibilityEntity.class, youth.youthBsn());
          if (choice != null && choice.parentsMaySee() == parentsMaySee) {
            return null; // the same choice again (a second tap): nothing changes, nothing to audit
          }
          if (choice == null) {
            em.persist(
                new YouthVisibilityEntity(
                    youth.youthBsn(), parentsMaySee, youth.personRef(), clock.instant()));
          } else {
            choice.set(parentsMaySee, youth.personRef(), clock.instant());
          }
          audit.append(
              em,
              AuditRecord.of(
                      "U",
                      parentsMaySee ? "parents-view-allowed" : "parents-view-withdrawn",
                      "success",
                      new AuditRecord.Actor(
                          youth.username(), youth.role(), null, youth.personRef()))
                  .withAccessPoint(from)
                  .withRequest(null, youth.youthBsn(), null, null)
                  .withRules(List.of("F3"))
                  .withDetail(
                      "authority holders "
                          + (parentsMaySee ? "may" : "may not")
                          + " see the disclosures"));
          return null;
        });
  }

  /** C4: who downloaded a copy of a consent or objection record, in which form. */
  public void downloaded(AuthenticatedUser user, ConsentEntity c, String format, String from) {
    database.write(
        em -> {
          audit.append(
              em,
              record(user, from, "copy-downloaded", "R", c, List.of(c.isObjection() ? "O1" : "C4"))
                  .withDetail(c.kind() + " " + c.id() + " as " + format));
          return null;
        });
  }

  private static AuditRecord record(
      AuthenticatedUser user,
      String from,
      String event,
      String action,
      ConsentEntity c,
      List<String> rules) {
    return AuditRecord.of(
            action,
            event,
            "success",
            new AuditRecord.Actor(user.username(), user.role(), null, user.personRef()))
        .withAccessPoint(from)
        .withRequest(null, c.youthBsn(), c.purpose(), c.isObjection() ? null : "consent")
        .withData(String.join(",", c.categories()))
        .withRules(rules)
        .withDetail(
            c.kind()
                + " "
                + c.id()
                + (c.recipientOrg() == null ? "" : " for recipient " + c.recipientOrg()));
  }
}
