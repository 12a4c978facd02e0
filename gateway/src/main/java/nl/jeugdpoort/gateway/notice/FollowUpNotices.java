package nl.jeugdpoort.gateway.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.text.TextTemplates;

/**
 * A later notice to the reader of an earlier one (erasure confirmed, a breach): stored in the
 * reader's portal inbox, delivered at once, composed for the same reader; and, where the earlier
 * notice went by e-mail and e-mail is on, an e-mail to the same address through the outbox. Joins
 * the caller's transaction.
 */
@ApplicationScoped
public class FollowUpNotices {
  @Inject MailSettings mail;

  /** Stores the follow-up of {@code earlier}; returns true when an e-mail was put in the outbox. */
  public boolean tellAgain(
      EntityManager em,
      NoticeEntity earlier,
      String requestId,
      String timing,
      TextTemplates.Message m,
      Instant now) {
    return tellAgain(em, earlier, requestId, timing, m, now, earlier.recipientRole(), null);
  }

  /**
   * As above, composed for {@code role} (the reader's role as the composer read it) and with the
   * objectors the text names ({@code NoticeComposer.store}, may be null).
   */
  public boolean tellAgain(
      EntityManager em,
      NoticeEntity earlier,
      String requestId,
      String timing,
      TextTemplates.Message m,
      Instant now,
      String role,
      String objectors) {
    NoticeEntity notice =
        new NoticeEntity(
                UUID.randomUUID().toString(),
                requestId,
                earlier.recipientRef(),
                earlier.recipientName(),
                earlier.recipientRelation(),
                timing,
                earlier.channel(),
                m.body(),
                now,
                null)
            .words(m.subject(), m.body())
            .composedFor(role, earlier.youthFirstName(), earlier.youthBirthDate(), objectors);
    notice.delivered(now);
    em.persist(notice);
    List<String> addresses =
        em.createQuery(
                "select d.address from NoticeDeliveryEntity d where d.noticeId = :n", String.class)
            .setParameter("n", earlier.id())
            .getResultList();
    if (!mail.enabled() || addresses.isEmpty()) {
      return false;
    }
    em.flush(); // the notice row first: the outbox row refers to it
    em.persist(
        new NoticeDeliveryEntity(
            UUID.randomUUID().toString(), notice.id(), requestId, "email", addresses.get(0), now));
    return true;
  }
}
