package nl.jeugdpoort.gateway.family;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.YouthVisibilityEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;

/**
 * Stores a family's consents and objections and their withdrawal, each with its audit entry in the same
 * transaction — for the FHIR API ({@code Consent}) and the portal alike.
 */
@ApplicationScoped
public class FamilyConsents {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject ErasureDuties erasure;

  /**
   * C1, C2 for a consent; O1 for an objection. Idempotent: when the person's latest record about this
   * youth is already the same one and still in force (a second tap, a replayed POST), nothing new is
   * stored or audited and that record is returned. A new record on top of a different latest one (a
   * consent again after one's own later objection, O4) is stored. The unique {@code active_key} (V9)
   * holds this across cluster members as well.
   *
   * @return the record in force: {@code c} when stored, else the identical earlier one
   */
  public ConsentEntity give(AuthenticatedUser user, ConsentEntity c, String from) {
    try {
      return database.write(em -> {
        ConsentEntity latest = latest(em, c);
        if (latest != null && latest.withdrawnAt() == null && latest.content().equals(c.content())) {
          return latest;
        }
        c.inForceAfter(latest == null ? null : latest.id());
        em.persist(c);
        em.flush();
        audit.append(em, record(user, from, c.isObjection() ? "objection-lodged" : "consent-given", "C", c,
            c.isObjection() ? List.of("O1") : List.of("C1", "C2")));
        return c;
      });
    } catch (jakarta.persistence.PersistenceException collided) {
      // Another member stored the same record on top of the same latest one in the meantime (V9).
      ConsentEntity same = database.read(em -> em.createQuery(
              "select c from ConsentEntity c where c.youthBsn = :bsn and c.givenBy = :by and c.withdrawnAt is null "
                  + "order by c.createdAt desc", ConsentEntity.class)
          .setParameter("bsn", c.youthBsn()).setParameter("by", c.givenBy()).getResultList())
          .stream().filter(e -> e.content().equals(c.content())).findFirst().orElse(null);
      if (same == null) {
        throw collided;
      }
      return same;
    }
  }

  /** The person's most recent consent or objection about the youth, or null. */
  private static ConsentEntity latest(jakarta.persistence.EntityManager em, ConsentEntity c) {
    return em.createQuery("select c from ConsentEntity c where c.youthBsn = :bsn and c.givenBy = :by "
            + "order by c.createdAt desc, c.id desc", ConsentEntity.class)
        .setParameter("bsn", c.youthBsn()).setParameter("by", c.givenBy()).setMaxResults(1)
        .getResultList().stream().findFirst().orElse(null);
  }

  /**
   * C3, O3: the record stays, inactive from now. Withdrawing what is already withdrawn changes nothing. A consent's
   * withdrawal sends, in the same transaction, an erasure request for every release that relied on it (C3 → E2).
   */
  public void withdraw(AuthenticatedUser user, String consentId, String from) {
    database.write(em -> {
      ConsentEntity c = em.find(ConsentEntity.class, consentId);
      if (c.withdrawnAt() != null) {
        return null;
      }
      java.time.Instant now = clock.instant();
      c.withdraw(now);
      audit.append(em, record(user, from, c.isObjection() ? "objection-withdrawn" : "consent-withdrawn", "U", c,
          List.of(c.isObjection() ? "O3" : "C3")));
      if (!c.isObjection()) {
        em.flush();
        erasure.consentWithdrawn(em, c, now);
      }
      return null;
    });
  }

  /** F3: the youth of 16+ lets the authority holders see what was shared, or no longer. */
  public void setParentsView(AuthenticatedUser youth, boolean parentsMaySee, String from) {
    database.write(em -> {
      YouthVisibilityEntity choice = em.find(YouthVisibilityEntity.class, youth.youthBsn());
      if (choice != null && choice.parentsMaySee() == parentsMaySee) {
        return null; // the same choice again (a second tap): nothing changes, nothing to audit
      }
      if (choice == null) {
        em.persist(new YouthVisibilityEntity(youth.youthBsn(), parentsMaySee, youth.personRef(), clock.instant()));
      } else {
        choice.set(parentsMaySee, youth.personRef(), clock.instant());
      }
      audit.append(em, AuditRecord.of("U", parentsMaySee ? "parents-view-allowed" : "parents-view-withdrawn", "success",
              new AuditRecord.Actor(youth.username(), youth.role(), null, youth.personRef()))
          .withAccessPoint(from)
          .withRequest(null, youth.youthBsn(), null, null)
          .withRules(List.of("F3"))
          .withDetail("authority holders " + (parentsMaySee ? "may" : "may not") + " see the disclosures"));
      return null;
    });
  }

  /** C4: who downloaded a copy of a consent or objection record, in which form. */
  public void downloaded(AuthenticatedUser user, ConsentEntity c, String format, String from) {
    database.write(em -> {
      audit.append(em, record(user, from, "copy-downloaded", "R", c, List.of(c.isObjection() ? "O1" : "C4"))
          .withDetail(c.kind() + " " + c.id() + " as " + format));
      return null;
    });
  }

  private static AuditRecord record(AuthenticatedUser user, String from, String event, String action, ConsentEntity c,
      List<String> rules) {
    return AuditRecord.of(action, event, "success", new AuditRecord.Actor(user.username(), user.role(), null, user.personRef()))
        .withAccessPoint(from)
        .withRequest(null, c.youthBsn(), c.purpose(), c.isObjection() ? null : "consent")
        .withData(String.join(",", c.categories()))
        .withRules(rules)
        .withDetail(c.kind() + " " + c.id() + (c.recipientOrg() == null ? "" : " for recipient " + c.recipientOrg()));
  }
}
