package nl.jeugdpoort.gateway.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.NoticeTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;

/**
 * N2: notices sent afterwards. Each waits until its deadline (the catalogue's maximum delay) or
 * until someone responsible records that the reason for the delay lapsed; then it goes to the
 * portal inbox (here) and its e-mail, waiting in the outbox since the release, to the SMTP server
 * (the outbox route). From then on the family sees the request on its timeline.
 */
@ApplicationScoped
public class DelayedNotices {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject NoticeComposer composer;
  @Inject SourceDirectory directory;

  /**
   * Delivers to the inbox every notice afterwards whose deadline has come; returns how many this
   * member delivered.
   */
  public int deliverDue() {
    Instant now = clock.instant();
    List<String> due =
        database.read(
            em ->
                em.createQuery(
                        "select n.id from NoticeEntity n where n.timing = 'after' "
                            + "and n.deliveredAt is null and n.deadline <= :now order by n.deadline",
                        String.class)
                    .setParameter("now", now)
                    .setMaxResults(100)
                    .getResultList());
    int delivered = 0;
    for (String id : due) {
      delivered +=
          database.write(
              em -> {
                // Once across the cluster: the conditional update is the claim; a member that finds
                // the notice delivered
                // (or loses the race for its row lock) writes nothing.
                int claimed =
                    em.createQuery(
                            "update NoticeEntity n set n.deliveredAt = :now where n.id = :id and n.deliveredAt is null")
                        .setParameter("now", now)
                        .setParameter("id", id)
                        .executeUpdate();
                if (claimed == 0) {
                  return 0;
                }
                NoticeEntity n = em.find(NoticeEntity.class, id);
                DataRequestEntity r = em.find(DataRequestEntity.class, n.requestId());
                tellAsItHappened(em, n, r, now);
                n.delivered(now);
                audit.append(
                    em,
                    RequestAudit.step(r, "U", "notice", "success")
                        .withRules(List.of("N2"))
                        .withDetail(
                            "notice afterwards "
                                + n.id()
                                + " delivered to the portal inbox of "
                                + n.recipientRef()));
                return 1;
              });
    }
    return delivered;
  }

  /**
   * A notice afterwards is composed again when it goes out, so that it tells what happened: what
   * was shared and when, or that nothing was (and why), or that the request is not finished yet.
   * Its e-mail, waiting in the outbox until this moment, carries the same words.
   */
  private void tellAsItHappened(
      jakarta.persistence.EntityManager em, NoticeEntity n, DataRequestEntity r, Instant now) {
    NoticeComposer.Reader reader = NoticeComposer.reader(n);
    if (reader.childFirstName().isEmpty()) {
      return; // a notice stored before issue #13: its words stay
    }
    List<NoticeTexts.Objector> objectors = NoticeComposer.objectors(n);
    ReleaseEntity release =
        r.releaseId() == null ? null : em.find(ReleaseEntity.class, r.releaseId());
    TextTemplates.Message m;
    if (release != null) {
      Set<String> shared = DecisionJson.releasable(r.decisionJson());
      m =
          composer.compose(
              objectors.isEmpty() ? NoticeTexts.Situation.AFTER : NoticeTexts.Situation.OVERRIDE,
              r,
              reader,
              NoticeComposer.today(now),
              shared.isEmpty() ? r.categories() : shared,
              null,
              release.createdAt(),
              true,
              objectors,
              null,
              List.of());
    } else if (r.businessStatus().isFinal()) {
      List<String> reasons =
          r.businessStatus() == RequestStatus.SOURCE_UNAVAILABLE
              ? List.of(
                  directory.name(r.sourceOrg())
                      + " was niet bereikbaar. Daarom is er niets opgehaald.")
              : DecisionJson.reasons(r.decisionJson()).stream()
                  .filter(x -> "DENY".equals(x.effect()) || "WITHHOLD".equals(x.effect()))
                  .map(DecisionJson.StoredReason::family)
                  .distinct()
                  .toList();
      m =
          composer.compose(
              NoticeTexts.Situation.REFUSED,
              r,
              reader,
              NoticeComposer.today(now),
              r.categories(),
              null,
              null,
              true,
              List.of(),
              r.businessStatus() == RequestStatus.SOURCE_REFUSED
                  ? NoticeTexts.Refusal.SOURCE
                  : NoticeTexts.Refusal.RULES,
              reasons);
    } else {
      m =
          composer.compose(
              objectors.isEmpty() ? NoticeTexts.Situation.AFTER : NoticeTexts.Situation.OVERRIDE,
              r,
              reader,
              NoticeComposer.today(now),
              r.categories(),
              null,
              null,
              true,
              objectors,
              null,
              List.of());
    }
    n.words(m.subject(), m.body());
  }

  /**
   * N2: the reason for telling the family afterwards lapsed — every notice of the request still
   * waiting goes out now, the e-mails too. Recorded with who said so. False when none was waiting.
   */
  public boolean sendNow(String requestId, AuthenticatedUser by, String from) {
    Instant now = clock.instant();
    return database.write(
        em -> {
          List<NoticeEntity> waiting =
              em.createQuery(
                      "select n from NoticeEntity n where n.requestId = :r and n.timing = 'after' "
                          + "and n.deliveredAt is null",
                      NoticeEntity.class)
                  .setParameter("r", requestId)
                  .getResultList();
          if (waiting.isEmpty()) {
            return false;
          }
          waiting.forEach(n -> n.dueNow(now));
          em.createQuery(
                  "select d from NoticeDeliveryEntity d where d.requestId = :r",
                  NoticeDeliveryEntity.class)
              .setParameter("r", requestId)
              .getResultList()
              .forEach(d -> d.dueNow(now));
          DataRequestEntity r = em.find(DataRequestEntity.class, requestId);
          audit.append(
              em,
              AuditRecord.of(
                      "U",
                      "notice",
                      "success",
                      new AuditRecord.Actor(
                          by.username(), by.role(), by.organisationId(), by.personRef()))
                  .withAccessPoint(from)
                  .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                  .withRules(List.of("N2"))
                  .withDetail(
                      "the reason for notifying afterwards lapsed: "
                          + waiting.size()
                          + " notice(s) due now"));
          return true;
        });
  }
}
