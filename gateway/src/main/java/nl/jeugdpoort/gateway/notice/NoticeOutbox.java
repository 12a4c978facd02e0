package nl.jeugdpoort.gateway.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeDeliveryEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.Outbox;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The e-mail outbox of notices (N1): which rows are due, what each e-mail says (the notice's
 * subject and words, Message-ID {@code <notice-{id}@jeugdpoort>}), and what came of the attempt —
 * accepted by the SMTP server, or failed and due again after a back-off that doubles up to {@code
 * jeugdpoort.mail.retry-max}. The sending itself is the route's ({@code NoticeOutboxRoute}). No
 * e-mail address is ever logged or audited; entries name the notice. The first e-mail to a person
 * without an account ends with an activation link ({@code FamilyActivations}, issue #18).
 */
@ApplicationScoped
public class NoticeOutbox {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject MailSettings mail;
  @Inject RequestWork work;

  /** How long a member's claim on an outbox row holds (longer than one SMTP attempt takes). */
  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.lease", defaultValue = "PT1M")
  String leaseText;

  @Inject nl.jeugdpoort.gateway.onboarding.FamilyActivations activations;

  /**
   * One e-mail to send: the notice's own subject and words (the same as in the portal inbox, with
   * the link to the request), and a Message-ID derived from the notice id, so that a resend after a
   * crash is the same message.
   */
  public record OutgoingMail(String to, String subject, String text, String messageId) {}

  /** The Message-ID of a notice's e-mail: {@code <notice-{notice id}@jeugdpoort>}. */
  public static String messageId(String noticeId) {
    return "<notice-" + noticeId + "@jeugdpoort>";
  }

  /**
   * Claims the deliveries due now, oldest first, at most 20 per round, each with a lease of {@code
   * jeugdpoort.mail.lease} for this member: {@code SELECT … FOR UPDATE SKIP LOCKED}, then a
   * conditional update, so each due row goes to one member of the cluster. A member that dies after
   * the SMTP server accepted an e-mail but before it was recorded leaves the lease to run out: the
   * e-mail is sent again, with the same Message-ID (the remaining at-least-once window,
   * docs/operations.md).
   */
  public List<String> claimDue() {
    // N2: the e-mail of a notice afterwards goes once the notice itself has gone out (and was
    // composed as it happened).
    return Outbox.claim(
        database.dataSource(),
        "notice_delivery",
        " and exists (select 1 from notice n where n.id = d.notice_id "
            + "and (n.timing <> 'after' or n.delivered_at is not null))",
        work.owner(),
        lease(),
        clock.instant());
  }

  private Duration lease() {
    return Duration.parse(leaseText);
  }

  public OutgoingMail mail(String deliveryId) {
    OutgoingMail plain =
        database.read(
            em -> {
              NoticeDeliveryEntity d = em.find(NoticeDeliveryEntity.class, deliveryId);
              NoticeEntity n = em.find(NoticeEntity.class, d.noticeId());
              String subject =
                  n.subject() != null
                      ? n.subject()
                      : "after".equals(n.timing())
                          ? "Jeugdpoort: er zijn gegevens gedeeld over uw gezin"
                          : "Jeugdpoort: er worden gegevens gedeeld over uw gezin";
              return new OutgoingMail(d.address(), subject, n.text(), messageId(n.id()));
            });
    // Issue #18: the first e-mail to a person without an account carries an activation link.
    String noticeId =
        database.read(em -> em.find(NoticeDeliveryEntity.class, deliveryId).noticeId());
    return activations
        .forFirstEmail(noticeId)
        .map(
            code ->
                new OutgoingMail(
                    plain.to(),
                    plain.subject(),
                    plain.text() + activations.invitation(code, mail.portalUrl()),
                    plain.messageId()))
        .orElse(plain);
  }

  /**
   * The SMTP server accepted the e-mail. Returns the request id when every e-mail notice of that
   * request is now accepted (the request may go on, N1), else null.
   */
  public String accepted(String deliveryId) {
    Instant now = clock.instant();
    return database.write(
        em -> {
          NoticeDeliveryEntity d =
              em.find(NoticeDeliveryEntity.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
          if (!stillClaimed(d)) {
            return null; // another member took the row over (this one's lease ran out); it records
            // the outcome
          }
          d.sent(now);
          DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
          String timing = em.find(NoticeEntity.class, d.noticeId()).timing();
          boolean afterwards = "after".equals(timing);
          audit.append(
              em,
              RequestAudit.step(r, "E", "notice-email", "success")
                  .withRules(List.of(afterwards ? "N2" : "N1"))
                  .withDetail(
                      "e-mail notice "
                          + d.noticeId()
                          + " accepted by the SMTP server after "
                          + d.attempts()
                          + " attempt(s)"));
          if (!"before".equals(timing)) {
            return null; // the request went on without waiting for this notice (N2), or has ended
            // (a refusal notice)
          }
          em.flush();
          long open =
              em.createQuery(
                      "select count(x) from NoticeDeliveryEntity x where x.requestId = :r and x.status <> :sent",
                      Long.class)
                  .setParameter("r", d.requestId())
                  .setParameter("sent", NoticeDeliveryEntity.SENT)
                  .getSingleResult();
          if (open > 0) {
            return null;
          }
          r.dueNow(now); // N1 met: the request is due again, on any member
          return d.requestId();
        });
  }

  /**
   * True while this member holds the row's claim: the row is locked for this transaction first, so
   * a claim by another member cannot slip in between the check and the write.
   */
  private boolean stillClaimed(NoticeDeliveryEntity d) {
    return d != null && d.claimedBy(work.owner());
  }

  /**
   * The attempt failed (server down, refused, timed out): retry later; the request keeps waiting.
   */
  public void failed(String deliveryId, String error) {
    Instant now = clock.instant();
    database.write(
        em -> {
          NoticeDeliveryEntity d =
              em.find(NoticeDeliveryEntity.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
          if (!stillClaimed(d)) {
            return null;
          }
          d.failed(now, error, mail.retryBackoff(), mail.retryMax());
          DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
          audit.append(
              em,
              RequestAudit.step(r, "E", "notice-email", "failure")
                  .withRules(List.of("N1"))
                  .withDetail(
                      "e-mail notice "
                          + d.noticeId()
                          + " not accepted (attempt "
                          + d.attempts()
                          + "), next attempt "
                          + d.nextAttemptAt()
                          + "; the request waits"));
          return null;
        });
  }
}
