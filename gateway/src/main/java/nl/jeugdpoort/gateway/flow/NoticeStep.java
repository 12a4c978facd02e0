package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.fault.Failpoints;
import nl.jeugdpoort.gateway.notice.FollowUpNotices;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeComposer;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.FamilyRole;
import nl.jeugdpoort.gateway.text.NoticeTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.NoticePlan;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * Step 3 (rule N1): store a notice for every person the decision names and hand it to its channel —
 * before anything is fetched. The notices, the request's notice time and the audit entry are
 * written in one transaction; only then does the route go on. For a notice afterwards (N2) the
 * notices are stored with their deadline. Idempotent: a request that already has notices gets no
 * second set. The words come from the templates of {@code text/notices/} (before, held for an
 * objection window, afterwards, override of an objection; {@link #tellRefusal} for nothing shared
 * after a notice) through {@link NoticeComposer}.
 */
@ApplicationScoped
public class NoticeStep {
  /**
   * The channel every notice goes to; e-mail (the outbox) joins it when an SMTP server is
   * configured.
   */
  public static final String PORTAL_INBOX = "portal-inbox";

  /** The timing of a notice that tells nothing was shared after an earlier notice. */
  public static final String REFUSAL = "refusal";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject PurposeCatalogue catalogue;
  @Inject MailSettings mail;
  @Inject NoticeComposer composer;
  @Inject RequestStore store;
  @Inject FollowUpNotices followUps;

  public void notifyFamily(RequestContext ctx) {
    Decision d = ctx.decision();
    NoticePlan plan = d.notice();
    boolean waiting =
        database.write(
            em -> {
              DataRequestEntity r = em.find(DataRequestEntity.class, ctx.requestId());
              RequestStore.requireClaim(r, ctx.worker());
              long existing =
                  em.createQuery(
                          "select count(n) from NoticeEntity n where n.requestId = :r", Long.class)
                      .setParameter("r", r.id())
                      .getSingleResult();
              if (existing > 0) {
                boolean still = stillWaiting(em, r);
                if (still) {
                  r.awaitEvent();
                }
                return still;
              }
              Instant now = clock.instant();
              boolean afterwards = plan.timing() == NoticePlan.Timing.AFTER;
              List<Person> recipients = plan.recipients();
              int emails = 0;
              String youthFirstName = Dutch.firstName(ctx.youth().name());
              Set<String> categories = d.releasableFields().keySet();
              // O2: an objection set aside is told as such, to the one who objected and, naming
              // them, to the others.
              boolean override =
                  d.reasons().stream()
                      .anyMatch(x -> "O2".equals(x.ruleId()) && x.effect() == Reason.Effect.PERMIT);
              List<NoticeTexts.Objector> objectors =
                  override
                      ? NoticeComposer.objectors(
                          store.objections(r.youthBsn()), r, categories, now, ctx.familyRoles())
                      : List.of();
              Instant windowEnd = afterwards ? null : windowEnd(r, now);
              NoticeTexts.Situation situation =
                  override
                      ? NoticeTexts.Situation.OVERRIDE
                      : afterwards
                          ? NoticeTexts.Situation.AFTER
                          : windowEnd != null
                              ? NoticeTexts.Situation.HELD
                              : NoticeTexts.Situation.BEFORE;
              for (Person p : recipients) {
                FamilyRole role =
                    ctx.familyRoles().getOrDefault(p.id(), FamilyRole.of(p.relation()));
                NoticeComposer.Reader reader =
                    new NoticeComposer.Reader(
                        p.id(), p.name(), role, youthFirstName, ctx.youth().birthDate());
                // N2: composed again when it goes out (DelayedNotices), with what happened by then.
                TextTemplates.Message m =
                    composer.compose(
                        situation,
                        r,
                        reader,
                        NoticeComposer.today(now),
                        categories,
                        windowEnd,
                        null,
                        afterwards,
                        objectors,
                        null,
                        List.of());
                NoticeEntity notice =
                    new NoticeEntity(
                            UUID.randomUUID().toString(),
                            r.id(),
                            p.id(),
                            p.name(),
                            p.relation().name(),
                            afterwards ? "after" : "before",
                            PORTAL_INBOX,
                            m.body(),
                            now,
                            plan.deadline())
                        .words(m.subject(), m.body())
                        .composedFor(
                            role.name(),
                            youthFirstName,
                            ctx.youth().birthDate(),
                            NoticeComposer.store(objectors));
                if (!afterwards) {
                  // The portal inbox is this database: stored is handed over.
                  notice.delivered(now);
                }
                em.persist(notice);
                String email = ctx.emails().get(p.id());
                if (mail.enabled() && email != null) {
                  em.flush(); // the notice row first: the outbox row refers to it
                  // N2: an e-mail notice afterwards waits in the outbox until the notice has gone
                  // to the inbox (DelayedNotices).
                  em.persist(
                      new NoticeDeliveryEntity(
                              UUID.randomUUID().toString(),
                              notice.id(),
                              r.id(),
                              "email",
                              email,
                              now)
                          .notBefore(
                              afterwards && plan.deadline() != null ? plan.deadline() : now));
                  emails++;
                }
              }
              if (!afterwards && emails == 0) {
                r.noticeDelivered(now);
              }
              r.moveTo(
                  afterwards ? RequestStatus.FETCHING : RequestStatus.WAITING_FOR_NOTICE,
                  null,
                  now);
              if (!afterwards && emails > 0) {
                r.awaitEvent(); // due again when the outbox has every e-mail accepted
                // (NoticeOutbox.accepted)
              }
              audit.append(
                  em,
                  RequestAudit.step(r, "C", "notice", "success")
                      .withRules(List.of(afterwards ? "N2" : "N1"))
                      .withDetail(
                          (afterwards
                                  ? "notice afterwards stored, deadline " + plan.deadline()
                                  : "notice delivered before release")
                              + " to "
                              + recipients.size()
                              + " recipient(s): "
                              + recipients.stream().map(Person::id).toList()
                              + (emails > 0 ? "; " + emails + " e-mail(s) in the outbox" : "")));
              return !afterwards && emails > 0;
            });
    if (waiting) {
      Failpoints.reached(Failpoints.WAITING_FOR_NOTICE, ctx.requestId());
      // N1: nothing is fetched before the e-mail notices are accepted by the SMTP server; the
      // outbox
      // route hands the request back to the route when they are.
      ctx.finish();
    } else {
      Failpoints.reached(Failpoints.AFTER_NOTICE, ctx.requestId());
    }
  }

  /**
   * After an earlier notice (N1) the request ended without anything shared: every reader of that
   * notice is told so — in the inbox, and by e-mail where the earlier notice went by e-mail; in the
   * transaction {@code em} that ends the request, so a crash cannot end it untold. Once per
   * request; nothing when the family was never told (a refusal before any notice) or is told
   * afterwards (N2: that notice says it).
   *
   * @param why why nothing was shared
   * @param reasons for {@link NoticeTexts.Refusal#RULES}: the decision's plain-Dutch reasons
   * @param roles how the family says each person's role, by person id (may be empty)
   */
  public void tellRefusal(
      jakarta.persistence.EntityManager em,
      String requestId,
      NoticeTexts.Refusal why,
      List<String> reasons,
      java.util.Map<String, FamilyRole> roles) {
    {
      List<NoticeEntity> told =
          em.createQuery("select n from NoticeEntity n where n.requestId = :r", NoticeEntity.class)
              .setParameter("r", requestId)
              .getResultList();
      if (told.stream().noneMatch(n -> "before".equals(n.timing()))
          || told.stream().anyMatch(n -> REFUSAL.equals(n.timing()))) {
        return;
      }
      DataRequestEntity r = em.find(DataRequestEntity.class, requestId);
      Instant now = clock.instant();
      List<NoticeTexts.Objector> objectors =
          why == NoticeTexts.Refusal.OBJECTION
              ? NoticeComposer.objectors(
                  store.objections(r.youthBsn()), r, r.categories(), now, roles)
              : List.of();
      int emails = 0;
      for (NoticeEntity earlier : told) {
        if (!"before".equals(earlier.timing())) {
          continue;
        }
        NoticeComposer.Reader reader = NoticeComposer.reader(earlier);
        if (reader.childFirstName().isEmpty()) {
          continue; // a notice stored before the templates (issue #13) does not say enough to
          // compose from
        }
        TextTemplates.Message m =
            composer.compose(
                NoticeTexts.Situation.REFUSED,
                r,
                reader,
                NoticeComposer.today(now),
                r.categories(),
                null,
                null,
                false,
                objectors,
                why,
                reasons);
        // The reader's earlier notice is the "before" one, in the portal inbox like every notice.
        if (followUps.tellAgain(
            em,
            earlier,
            r.id(),
            REFUSAL,
            m,
            now,
            reader.role().name(),
            NoticeComposer.store(objectors))) {
          emails++;
        }
      }
      audit.append(
          em,
          RequestAudit.step(r, "C", "notice", "success")
              .withRules(List.of("N1"))
              .withDetail(
                  "nothing shared after the notice ("
                      + why
                      + "): refusal notice to the same recipient(s)"
                      + (emails > 0 ? "; " + emails + " e-mail(s) in the outbox" : "")));
    }
  }

  /**
   * On a later pass: true while e-mail notices of a notice-before request are not yet accepted;
   * once all are, the request's notice time is the last acceptance and the request goes on.
   */
  private boolean stillWaiting(jakarta.persistence.EntityManager em, DataRequestEntity r) {
    if (r.noticeDeliveredAt() != null) {
      return false;
    }
    List<NoticeDeliveryEntity> deliveries =
        em.createQuery(
                "select d from NoticeDeliveryEntity d, NoticeEntity n "
                    + "where n.id = d.noticeId and d.requestId = :r and n.timing = 'before'",
                NoticeDeliveryEntity.class)
            .setParameter("r", r.id())
            .getResultList();
    if (deliveries.isEmpty()) {
      return false; // no e-mail notices (or a notice afterwards, N2)
    }
    if (deliveries.stream().anyMatch(x -> !NoticeDeliveryEntity.SENT.equals(x.status()))) {
      return true;
    }
    Instant last =
        deliveries.stream()
            .map(NoticeDeliveryEntity::sentAt)
            .max(Instant::compareTo)
            .orElse(clock.instant());
    r.noticeDelivered(last);
    audit.append(
        em,
        RequestAudit.step(r, "U", "notice", "success")
            .withRules(List.of("N1"))
            .withDetail(
                "notice delivered before release: "
                    + deliveries.size()
                    + " e-mail(s) accepted by the SMTP server"));
    return false;
  }

  private Instant windowEnd(DataRequestEntity r, Instant deliveredAt) {
    return catalogue
        .purpose(r.purpose())
        .filter(p -> !p.objectionWindow().isZero())
        .map(p -> deliveredAt.plus(p.objectionWindow()))
        .orElse(null);
  }
}
