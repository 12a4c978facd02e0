package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
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

  /** C1, C2 for a consent; O1 for an objection. */
  public void give(AuthenticatedUser user, ConsentEntity c, String from) {
    database.write(em -> {
      em.persist(c);
      audit.append(em, record(user, from, c.isObjection() ? "objection-lodged" : "consent-given", "C", c,
          c.isObjection() ? List.of("O1") : List.of("C1", "C2")));
      return null;
    });
  }

  /** C3, O3: the record stays, inactive from now. */
  public void withdraw(AuthenticatedUser user, String consentId, String from) {
    database.write(em -> {
      ConsentEntity c = em.find(ConsentEntity.class, consentId);
      c.withdraw(clock.instant());
      audit.append(em, record(user, from, c.isObjection() ? "objection-withdrawn" : "consent-withdrawn", "U", c,
          List.of(c.isObjection() ? "O3" : "C3")));
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
