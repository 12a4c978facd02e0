package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.NoticePlan;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * Step 3 (rule N1): store a notice for every person the decision names and hand it to its channel —
 * before anything is fetched. The notices, the request's notice time and the audit entry are written in
 * one transaction; only then does the route go on. For a notice afterwards (N2) the notices are stored
 * with their deadline. Idempotent: a request that already has notices gets no second set.
 */
@ApplicationScoped
public class NoticeStep {
  /** The channel every notice goes to; e-mail joins it once configured. */
  public static final String PORTAL_INBOX = "portal-inbox";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject PurposeCatalogue catalogue;
  @Inject SourceDirectory directory;

  public void notifyFamily(RequestContext ctx) {
    Decision d = ctx.decision();
    NoticePlan plan = d.notice();
    database.write(em -> {
      DataRequestEntity r = em.find(DataRequestEntity.class, ctx.requestId());
      long existing = em.createQuery("select count(n) from NoticeEntity n where n.requestId = :r", Long.class)
          .setParameter("r", r.id()).getSingleResult();
      if (existing > 0) {
        return null;
      }
      Instant now = clock.instant();
      boolean afterwards = plan.timing() == NoticePlan.Timing.AFTER;
      List<Person> recipients = plan.recipients();
      String youthFirstName = ctx.youth().name().split(" ")[0];
      for (Person p : recipients) {
        String text = NoticeText.compose(r, d.releasableFields().keySet(), p, youthFirstName, directory.name(r.requesterOrg()),
            directory.name(r.sourceOrg()), catalogue, windowEnd(r, now), afterwards);
        NoticeEntity notice = new NoticeEntity(UUID.randomUUID().toString(), r.id(), p.id(), p.name(),
            p.relation().name(), afterwards ? "after" : "before", PORTAL_INBOX, text, now, plan.deadline());
        if (!afterwards) {
          // The portal inbox is this database: stored is handed over.
          notice.delivered(now);
        }
        em.persist(notice);
      }
      if (!afterwards) {
        r.noticeDelivered(now);
      }
      r.moveTo(afterwards ? RequestStatus.FETCHING : RequestStatus.WAITING_FOR_NOTICE, null, now);
      audit.append(em, RequestAudit.step(r, "C", "notice", "success")
          .withRules(List.of(afterwards ? "N2" : "N1"))
          .withDetail((afterwards ? "notice afterwards stored, deadline " + plan.deadline() : "notice delivered before release")
              + " to " + recipients.size() + " recipient(s): "
              + recipients.stream().map(Person::id).toList()));
      return null;
    });
  }

  private Instant windowEnd(DataRequestEntity r, Instant deliveredAt) {
    return catalogue.purpose(r.purpose())
        .filter(p -> !p.objectionWindow().isZero())
        .map(p -> deliveredAt.plus(p.objectionWindow()))
        .orElse(null);
  }
}
