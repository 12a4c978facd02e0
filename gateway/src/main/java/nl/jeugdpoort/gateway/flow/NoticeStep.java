package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
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
  /** The channel every notice goes to; e-mail (the outbox) joins it when an SMTP server is configured. */
  public static final String PORTAL_INBOX = "portal-inbox";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject PurposeCatalogue catalogue;
  @Inject SourceDirectory directory;
  @Inject MailSettings mail;

  public void notifyFamily(RequestContext ctx) {
    Decision d = ctx.decision();
    NoticePlan plan = d.notice();
    boolean waiting = database.write(em -> {
      DataRequestEntity r = em.find(DataRequestEntity.class, ctx.requestId());
      long existing = em.createQuery("select count(n) from NoticeEntity n where n.requestId = :r", Long.class)
          .setParameter("r", r.id()).getSingleResult();
      if (existing > 0) {
        return stillWaiting(em, r);
      }
      Instant now = clock.instant();
      boolean afterwards = plan.timing() == NoticePlan.Timing.AFTER;
      List<Person> recipients = plan.recipients();
      int emails = 0;
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
        String email = ctx.emails().get(p.id());
        if (mail.enabled() && email != null) {
          em.flush(); // the notice row first: the outbox row refers to it
          // N2: an e-mail notice afterwards waits in the outbox until the notice's deadline (DelayedNotices).
          em.persist(new NoticeDeliveryEntity(UUID.randomUUID().toString(), notice.id(), r.id(), "email", email, now)
              .notBefore(afterwards && plan.deadline() != null ? plan.deadline() : now));
          emails++;
        }
      }
      if (!afterwards && emails == 0) {
        r.noticeDelivered(now);
      }
      r.moveTo(afterwards ? RequestStatus.FETCHING : RequestStatus.WAITING_FOR_NOTICE, null, now);
      audit.append(em, RequestAudit.step(r, "C", "notice", "success")
          .withRules(List.of(afterwards ? "N2" : "N1"))
          .withDetail((afterwards ? "notice afterwards stored, deadline " + plan.deadline() : "notice delivered before release")
              + " to " + recipients.size() + " recipient(s): "
              + recipients.stream().map(Person::id).toList()
              + (emails > 0 ? "; " + emails + " e-mail(s) in the outbox" : "")));
      return !afterwards && emails > 0;
    });
    if (waiting) {
      // N1: nothing is fetched before the e-mail notices are accepted by the SMTP server; the outbox
      // route hands the request back to the route when they are.
      ctx.finish();
    }
  }

  /**
   * On a later pass: true while e-mail notices of a notice-before request are not yet accepted; once all
   * are, the request's notice time is the last acceptance and the request goes on.
   */
  private boolean stillWaiting(jakarta.persistence.EntityManager em, DataRequestEntity r) {
    if (r.noticeDeliveredAt() != null) {
      return false;
    }
    List<NoticeDeliveryEntity> deliveries = em.createQuery("select d from NoticeDeliveryEntity d, NoticeEntity n "
            + "where n.id = d.noticeId and d.requestId = :r and n.timing = 'before'", NoticeDeliveryEntity.class)
        .setParameter("r", r.id()).getResultList();
    if (deliveries.isEmpty()) {
      return false; // no e-mail notices (or a notice afterwards, N2)
    }
    if (deliveries.stream().anyMatch(x -> !NoticeDeliveryEntity.SENT.equals(x.status()))) {
      return true;
    }
    Instant last = deliveries.stream().map(NoticeDeliveryEntity::sentAt).max(Instant::compareTo).orElse(clock.instant());
    r.noticeDelivered(last);
    audit.append(em, RequestAudit.step(r, "U", "notice", "success").withRules(List.of("N1"))
        .withDetail("notice delivered before release: " + deliveries.size() + " e-mail(s) accepted by the SMTP server"));
    return false;
  }

  private Instant windowEnd(DataRequestEntity r, Instant deliveredAt) {
    return catalogue.purpose(r.purpose())
        .filter(p -> !p.objectionWindow().isZero())
        .map(p -> deliveredAt.plus(p.objectionWindow()))
        .orElse(null);
  }
}
