package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;

/**
 * The e-mail outbox of notices (N1): which rows are due, what each e-mail says (the notice's subject and words,
 * Message-ID {@code <notice-{id}@jeugdpoort>}), and what came of the
 * attempt — accepted by the SMTP server, or failed and due again after a back-off that doubles up to
 * {@code jeugdpoort.mail.retry-max}. The sending itself is the route's ({@code NoticeOutboxRoute}).
 * No e-mail address is ever logged or audited; entries name the notice. The first e-mail to a person without an
 * account ends with an activation link ({@code FamilyActivations}, issue #18).
 */
@ApplicationScoped
public class NoticeOutbox {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject MailSettings mail;
  @Inject nl.jeugdpoort.gateway.onboarding.FamilyActivations activations;

  /**
   * One e-mail to send: the notice's own subject and words (the same as in the portal inbox, with the link to the
   * request), and a Message-ID derived from the notice id, so that a resend after a crash is the same message.
   */
  public record OutgoingMail(String to, String subject, String text, String messageId) {}

  /** The Message-ID of a notice's e-mail: {@code <notice-{notice id}@jeugdpoort>}. */
  public static String messageId(String noticeId) {
    return "<notice-" + noticeId + "@jeugdpoort>";
  }

  /** The ids of the deliveries due now, oldest first, at most 20 per round. */
  public List<String> due() {
    Instant now = clock.instant();
    // N2: the e-mail of a notice afterwards goes once the notice itself has gone out (and was composed as it happened).
    return database.read(em -> em.createQuery("select d.id from NoticeDeliveryEntity d, NoticeEntity n where n.id = d.noticeId "
            + "and d.status = :pending and d.nextAttemptAt <= :now and (n.timing <> 'after' or n.deliveredAt is not null) "
            + "order by d.nextAttemptAt", String.class)
        .setParameter("pending", NoticeDeliveryEntity.PENDING).setParameter("now", now)
        .setMaxResults(20).getResultList());
  }

  public OutgoingMail mail(String deliveryId) {
    OutgoingMail plain = database.read(em -> {
      NoticeDeliveryEntity d = em.find(NoticeDeliveryEntity.class, deliveryId);
      NoticeEntity n = em.find(NoticeEntity.class, d.noticeId());
      String subject = n.subject() != null ? n.subject() : "after".equals(n.timing())
          ? "Jeugdpoort: er zijn gegevens gedeeld over uw gezin"
          : "Jeugdpoort: er worden gegevens gedeeld over uw gezin";
      return new OutgoingMail(d.address(), subject, n.text(), messageId(n.id()));
    });
    // Issue #18: the first e-mail to a person without an account carries an activation link.
    String noticeId = database.read(em -> em.find(NoticeDeliveryEntity.class, deliveryId).noticeId());
    return activations.forFirstEmail(noticeId)
        .map(code -> new OutgoingMail(plain.to(), plain.subject(), plain.text() + activations.invitation(code, mail.portalUrl()),
            plain.messageId()))
        .orElse(plain);
  }

  /**
   * The SMTP server accepted the e-mail. Returns the request id when every e-mail notice of that request
   * is now accepted (the request may go on, N1), else null.
   */
  public String accepted(String deliveryId) {
    Instant now = clock.instant();
    return database.write(em -> {
      NoticeDeliveryEntity d = em.find(NoticeDeliveryEntity.class, deliveryId);
      d.sent(now);
      DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
      String timing = em.find(NoticeEntity.class, d.noticeId()).timing();
      boolean afterwards = "after".equals(timing);
      audit.append(em, RequestAudit.step(r, "E", "notice-email", "success").withRules(List.of(afterwards ? "N2" : "N1"))
          .withDetail("e-mail notice " + d.noticeId() + " accepted by the SMTP server after " + d.attempts() + " attempt(s)"));
      if (!"before".equals(timing)) {
        return null; // the request went on without waiting for this notice (N2), or has ended (a refusal notice)
      }
      em.flush();
      long open = em.createQuery("select count(x) from NoticeDeliveryEntity x where x.requestId = :r and x.status <> :sent", Long.class)
          .setParameter("r", d.requestId()).setParameter("sent", NoticeDeliveryEntity.SENT).getSingleResult();
      return open == 0 ? d.requestId() : null;
    });
  }

  /** The attempt failed (server down, refused, timed out): retry later; the request keeps waiting. */
  public void failed(String deliveryId, String error) {
    Instant now = clock.instant();
    database.write(em -> {
      NoticeDeliveryEntity d = em.find(NoticeDeliveryEntity.class, deliveryId);
      d.failed(now, error, mail.retryBackoff(), mail.retryMax());
      DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
      audit.append(em, RequestAudit.step(r, "E", "notice-email", "failure").withRules(List.of("N1"))
          .withDetail("e-mail notice " + d.noticeId() + " not accepted (attempt " + d.attempts() + "), next attempt "
              + d.nextAttemptAt() + "; the request waits"));
      return null;
    });
  }
}
