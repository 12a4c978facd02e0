package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Requester;

/**
 * Receives a data request: checks it on its face with the policy's request-only rules, stores it with
 * its audit entry in one transaction, and hands it to the route. The requester is the authenticated
 * user — never anything the request body says.
 */
@ApplicationScoped
public class DataRequestIntake {
  @Inject PolicyEngine policy;
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject RequestQueue queue;
  @Inject ReasonTexts texts;

  /**
   * @throws RefusedAtIntake when the request fails C5, P1, P2, P3 or V7 (audited, nothing else stored)
   */
  public DataRequestEntity submit(NewDataRequest in, AuthenticatedUser user, String accessPoint) {
    String id = UUID.randomUUID().toString();
    Requester requester = new Requester(user.username(), user.displayName(), user.role(), user.organisationId());
    DataRequest asked = new DataRequest(id, requester, in.youthBsn(), in.sourceOrganisationId(), in.purpose(),
        in.explanation(), in.categories(), in.basis(), in.motivation(), in.delayedNoticeMotivation());
    Decision precheck = policy.precheck(asked);
    AuditRecord.Actor actor = new AuditRecord.Actor(user.username(), user.role(), user.organisationId(), null);
    if (precheck.isRefused()) {
      database.write(em -> audit.append(em, AuditRecord.of("C", "request-received", "refused", actor)
          .withAccessPoint(accessPoint)
          .withRequest(null, fitsBsnColumn(in.youthBsn()), fits(in.purpose(), 64), fits(in.basis(), 32))
          .withData(fits(String.join(",", in.categories()), 1000))
          .withRules(precheck.ruleIds())
          .withDetail(texts.auditDetail(precheck.outcome().name(), precheck.reasons()))));
      throw new RefusedAtIntake(precheck);
    }
    Instant now = clock.instant();
    DataRequestEntity stored = database.write(em -> {
      DataRequestEntity r = new DataRequestEntity(id, now, user.username(), user.displayName(), user.role(),
          user.organisationId(), in.youthBsn(), in.sourceOrganisationId(), in.purpose(), in.explanation(),
          in.categories(), in.basis(), blankToNull(in.motivation()), blankToNull(in.delayedNoticeMotivation()));
      em.persist(r);
      audit.append(em, AuditRecord.of("C", "request-received", "success", actor)
          .withAccessPoint(accessPoint)
          .withRequest(id, in.youthBsn(), in.purpose(), in.basis())
          .withData(String.join(",", r.categories()))
          .withRules(List.of("P1", "P3"))
          .withDetail("data request received for source " + in.sourceOrganisationId()));
      return r;
    });
    queue.submit(id);
    return stored;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Keeps only a value that fits the BSN column (nine characters) in the audit of a refused request. */
  /** A refused value that does not fit its audit column is left out of it (the detail keeps the reason). */
  private static String fits(String s, int max) {
    return s != null && s.length() <= max ? s : null;
  }

  private static String fitsBsnColumn(String s) {
    return s != null && s.length() == 9 ? s : null;
  }
}
