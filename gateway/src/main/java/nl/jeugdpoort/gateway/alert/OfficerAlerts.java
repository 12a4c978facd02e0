package nl.jeugdpoort.gateway.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox.OutgoingMail;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OfficerAlertEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.Outbox;
import nl.jeugdpoort.gateway.request.RequestWork;
import nl.jeugdpoort.gateway.security.SprayingDetected;
import nl.jeugdpoort.gateway.text.TextTemplates;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * E-mail alerts to privacy officers (an overdue erasure request, a breach, password spraying): who
 * gets one (the privacy officer of every organisation concerned, as registered at onboarding, and
 * the gateway's own, {@code jeugdpoort.privacy-officer.email}), what it says (a template under
 * {@code text/alerts/}, with ids only: no names, no BSN), and the outbox (claimed with a lease like
 * the families' e-mail notices, Message-ID {@code <alert-{id}@jeugdpoort>}, retried with the same
 * back-off). Without an SMTP server ({@code jeugdpoort.mail.host}) no alert is e-mailed; the audit
 * entries and the portal pages remain. Each sent or failed e-mail is audited as {@code
 * officer-alert-email} for the organisation it went to.
 */
@ApplicationScoped
public class OfficerAlerts {
  /** The audit event type of an alert's e-mail. */
  public static final String AUDIT_TYPE = "officer-alert-email";

  private static final Logger LOG = Logger.getLogger(OfficerAlerts.class.getName());

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject MailSettings mail;
  @Inject RequestWork work;
  @Inject TextTemplates templates;

  @Inject
  @ConfigProperty(name = "jeugdpoort.privacy-officer.email")
  Optional<String> gatewayOfficer;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.lease", defaultValue = "PT1M")
  String leaseText;

  /**
   * One alert to raise.
   *
   * @param kind what happened ({@code erasure-overdue}, {@code breach}, {@code login-alert})
   * @param causeRef the id of what it is about (an erasure request, a breach): with the kind and
   *     the address, an alert is written once
   * @param rules the rule ids it is about (none for a security event)
   * @param organisations the organisations whose privacy officers are told
   * @param template the template under {@code text/alerts/}
   * @param model the template's variables (ids and dates; {@code organisation} is added: the
   *     addressee's organisation name, or null for the gateway's own privacy officer)
   */
  public record Alert(
      String kind,
      String causeRef,
      List<String> rules,
      Collection<String> organisations,
      String template,
      Map<String, Object> model) {}

  /**
   * Writes the alert's e-mails to the outbox in {@code em}'s transaction, one per privacy officer
   * (an address that already has this alert is skipped). Returns how many were written: none when
   * e-mail is off or no one concerned has an address.
   */
  public int raise(EntityManager em, Alert alert, Instant now) {
    if (!mail.enabled()) {
      return 0;
    }
    // address (lower case) → organisation id; a deactivated organisation is not told.
    Map<String, String> organisationOf = new LinkedHashMap<>();
    for (String org : alert.organisations()) {
      OrganisationEntity o = org == null ? null : em.find(OrganisationEntity.class, org);
      if (o != null
          && o.deactivatedAt() == null
          && o.privacyOfficerEmail() != null
          && !o.privacyOfficerEmail().isBlank()) {
        organisationOf.putIfAbsent(o.privacyOfficerEmail().strip().toLowerCase(Locale.ROOT), org);
      }
    }
    gatewayOfficer
        .map(a -> a.strip().toLowerCase(Locale.ROOT))
        .filter(a -> !a.isBlank())
        .ifPresent(a -> organisationOf.putIfAbsent(a, null));
    int written = 0;
    for (Map.Entry<String, String> to : organisationOf.entrySet()) {
      long already =
          em.createQuery(
                  "select count(a) from OfficerAlertEntity a where a.kind = :k "
                      + "and a.causeRef = :c and a.address = :to",
                  Long.class)
              .setParameter("k", alert.kind())
              .setParameter("c", alert.causeRef())
              .setParameter("to", to.getKey())
              .getSingleResult();
      if (already > 0) {
        continue;
      }
      Map<String, Object> model = new HashMap<>(alert.model());
      model.put("organisation", to.getValue() == null ? null : organisationName(em, to.getValue()));
      model.put("portal", portalLink());
      TextTemplates.Message m;
      try {
        m = templates.message("alerts/" + alert.template(), model);
      } catch (RuntimeException e) {
        // A text that cannot be made must not undo what the alert is about (the breach, the
        // overdue mark): the audit entry of the cause stands; this e-mail is left out.
        // (the kind only: a spraying alert's cause names a remote address)
        LOG.log(Level.WARNING, "a " + alert.kind() + " alert was not composed", e);
        continue;
      }
      em.persist(
          new OfficerAlertEntity(
              UUID.randomUUID().toString(),
              alert.kind(),
              bounded(alert.causeRef(), 80),
              to.getValue(),
              to.getKey(),
              bounded(String.join(",", alert.rules()), 40),
              bounded(m.subject(), 200),
              bounded(m.body(), 4000),
              now));
      written++;
    }
    return written;
  }

  /**
   * Password spraying from one address (the {@code login-alert} audit entries are written): the
   * privacy officers of the organisations whose accounts were tried, and the gateway's own, get an
   * e-mail, in a transaction of its own.
   */
  void onSpraying(@Observes SprayingDetected spraying) {
    try {
      raiseSpraying(spraying);
    } catch (RuntimeException e) {
      // Observed inside a login: its failure must not change the login's answer (the login-alert
      // audit entries are written already).
      LOG.log(Level.WARNING, "spraying alert not written", e);
    }
  }

  private void raiseSpraying(SprayingDetected spraying) {
    Map<String, Object> model = new HashMap<>();
    model.put("host", spraying.host());
    model.put("names", spraying.names());
    model.put("at", spraying.at());
    database.write(
        em ->
            raise(
                em,
                new Alert(
                    "login-alert",
                    bounded(spraying.host() + " " + spraying.at(), 80),
                    List.of(),
                    spraying.organisations(),
                    "login",
                    model),
                spraying.at()));
  }

  /** An organisation's name, read in {@code em}'s transaction (its id when unknown). */
  public static String organisationName(EntityManager em, String organisationId) {
    OrganisationEntity o =
        organisationId == null ? null : em.find(OrganisationEntity.class, organisationId);
    return o == null ? organisationId : o.name();
  }

  /** The portal's absolute address ending in '/', or null while it is not known. */
  private String portalLink() {
    String url = mail.portalUrl();
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      return null;
    }
    return url.endsWith("/") ? url : url + "/";
  }

  /** The Message-ID of an alert's e-mail: {@code <alert-{id}@jeugdpoort>}. */
  public static String messageId(String alertId) {
    return "<alert-" + alertId + "@jeugdpoort>";
  }

  /** Claims the alerts due now (at most 20), each with a lease for this member. */
  public List<String> claimDue() {
    return Outbox.claim(
        database.dataSource(),
        "officer_alert",
        "",
        work.owner(),
        Duration.parse(leaseText),
        clock.instant());
  }

  /** The e-mail of a claimed alert. */
  public OutgoingMail mail(String alertId) {
    return database.read(
        em -> {
          OfficerAlertEntity a = em.find(OfficerAlertEntity.class, alertId);
          return new OutgoingMail(a.address(), a.subject(), a.body(), messageId(a.id()));
        });
  }

  /** The SMTP server accepted the alert's e-mail. */
  public void accepted(String alertId) {
    whileClaimed(
        alertId,
        (a, now) -> {
          a.sent(now);
          return record(a, "success")
              .withDetail(
                  describe(a)
                      + " accepted by the SMTP server after "
                      + a.attempts()
                      + " attempt(s)");
        });
  }

  /** The attempt failed: retried after the back-off of the e-mail notices. */
  public void failed(String alertId, String error) {
    whileClaimed(
        alertId,
        (a, now) -> {
          a.failed(now, error, mail.retryBackoff(), mail.retryMax());
          return record(a, "failure")
              .withDetail(
                  describe(a)
                      + " not accepted (attempt "
                      + a.attempts()
                      + "), next attempt "
                      + a.nextAttemptAt());
        });
  }

  /**
   * Records an attempt's outcome and its audit entry, if this member still holds the claim (the row
   * is locked first, so a claim by another member cannot slip in between; a member whose lease ran
   * out leaves the outcome to the one that took the row over).
   */
  private void whileClaimed(
      String alertId,
      java.util.function.BiFunction<OfficerAlertEntity, Instant, AuditRecord> step) {
    Instant now = clock.instant();
    database.write(
        em -> {
          OfficerAlertEntity a =
              em.find(OfficerAlertEntity.class, alertId, LockModeType.PESSIMISTIC_WRITE);
          if (a != null && a.claimedBy(work.owner())) {
            audit.append(em, step.apply(a, now));
          }
          return null;
        });
  }

  /** No address in the audit log: the alert, its cause and whose privacy officer. */
  private static AuditRecord record(OfficerAlertEntity a, String outcome) {
    String org = a.organisationId() == null ? "jeugdpoort" : a.organisationId();
    return AuditRecord.of(
            "E",
            AUDIT_TYPE,
            outcome,
            new AuditRecord.Actor("jeugdpoort", "jeugdpoort-gateway", org, null))
        .withAccessPoint("route")
        .withRules(a.ruleIds().isEmpty() ? List.of() : List.of(a.ruleIds().split(",")));
  }

  private static String bounded(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** The alert, what it is about (for spraying not the remote address) and whose officer. */
  private static String describe(OfficerAlertEntity a) {
    return "e-mail alert "
        + a.id()
        + " ("
        + a.kind()
        + ("login-alert".equals(a.kind()) ? "" : " " + a.causeRef())
        + ") to the privacy officer of "
        + (a.organisationId() == null ? "the gateway" : a.organisationId());
  }
}
