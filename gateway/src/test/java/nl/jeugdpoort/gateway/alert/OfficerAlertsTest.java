package nl.jeugdpoort.gateway.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.config.AdjustableClock;
import nl.jeugdpoort.gateway.notice.MailSettings;
import nl.jeugdpoort.gateway.notice.NoticeOutbox.OutgoingMail;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.OfficerAlertEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.request.RequestWork;
import nl.jeugdpoort.gateway.text.TextTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The privacy officers' e-mail alerts on a real (H2) database: who gets one (each organisation's
 * registered officer and the gateway's own), once per alert and address, what the e-mail says (ids,
 * no BSN), the claim with a lease, and the audit of a sent and a failed e-mail. The sending over
 * SMTP is LifecycleIT's (GreenMail).
 */
class OfficerAlertsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private Database db;
  private OfficerAlerts alerts;
  private final MailSettings mail = new MailSettings();

  @BeforeEach
  void start() throws Exception {
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:alerts" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
    AdjustableClock clock = new AdjustableClock(Clock.fixed(NOW, ZoneOffset.UTC));
    set(mail, "host", Optional.of("127.0.0.1"));
    set(mail, "retryBackoff", "PT5S");
    set(mail, "retryMax", "PT15M");
    set(mail, "portalUrl", Optional.of("https://jeugdpoort.example/portal/"));
    RequestWork work = new RequestWork();
    set(work, "database", db);
    set(work, "clock", clock);
    alerts = new OfficerAlerts();
    alerts.database = db;
    alerts.audit = new AuditLog(clock);
    alerts.clock = clock;
    alerts.mail = mail;
    alerts.work = work;
    alerts.templates = new TextTemplates();
    alerts.gatewayOfficer = Optional.of("fg@jeugdpoort.example");
    alerts.leaseText = "PT1M";
    db.write(
        em -> {
          em.persist(
              new OrganisationEntity("ggz", "Jeugd-GGZ De Linde", "youth-mental-health", null)
                  .privacyOfficer("Pieter Vos", "privacy@ggz.example", null));
          em.persist(
              new OrganisationEntity("raad", "Raad voor de Kinderbescherming", "board", null));
          return null;
        });
  }

  @AfterEach
  void stop() {
    db.close();
  }

  private OfficerAlerts.Alert overdue(String duty) {
    Map<String, Object> model = new HashMap<>();
    model.put("duty", duty);
    model.put("release", "release-1");
    model.put("request", "request-1");
    model.put("source", "Jeugd-GGZ De Linde");
    model.put("recipient", "Raad voor de Kinderbescherming");
    model.put("sent", NOW.minus(Duration.ofDays(15)));
    model.put("due", NOW.minus(Duration.ofDays(1)));
    model.put("rule", "C3");
    return new OfficerAlerts.Alert(
        "erasure-overdue",
        duty,
        List.of("E2", "C3"),
        List.of("ggz", "raad"),
        "erasure-overdue",
        model);
  }

  private int raise(OfficerAlerts.Alert alert) {
    Integer written = db.write(em -> alerts.raise(em, alert, NOW));
    return written;
  }

  private List<OfficerAlertEntity> rows() {
    return db.read(
        em ->
            em.createQuery(
                    "select a from OfficerAlertEntity a order by a.address",
                    OfficerAlertEntity.class)
                .getResultList());
  }

  @Test
  void every_registered_privacy_officer_and_the_gateways_own_get_the_alert_once() {
    assertThat(raise(overdue("duty-1"))).isEqualTo(2);
    // The sweep of another member, or the same alert again: nothing more.
    assertThat(raise(overdue("duty-1"))).isZero();
    List<OfficerAlertEntity> rows = rows();
    // The Raad has no address registered: its officer sees the audit entry and the portal only.
    assertThat(rows)
        .extracting(OfficerAlertEntity::address)
        .containsExactly("fg@jeugdpoort.example", "privacy@ggz.example");
    assertThat(rows).extracting(OfficerAlertEntity::organisationId).containsExactly(null, "ggz");
    OfficerAlertEntity ggz = rows.get(1);
    assertThat(ggz.subject()).isEqualTo("Jeugdpoort: verwijderverzoek niet op tijd bevestigd (E2)");
    assertThat(ggz.body())
        .contains("Beste functionaris gegevensbescherming van Jeugd-GGZ De Linde,")
        .contains("Verwijderverzoek: Task/duty-1")
        .contains("Verstrekking: Bundle/release-1")
        .contains("Reden: de toestemming is ingetrokken (C3)")
        .contains("uiterlijk 2 december 2026")
        .contains("https://jeugdpoort.example/portal/verwijderverzoeken");
    assertThat(rows.get(0).body())
        .contains("Beste functionaris gegevensbescherming van Jeugdpoort,");
    assertThat(raise(overdue("duty-2"))).isEqualTo(2);
  }

  @Test
  void the_breach_and_spraying_texts_name_no_person_and_fit_their_columns() {
    Map<String, Object> model = new HashMap<>();
    model.put("breach", "breach-1");
    model.put("kind", "account");
    model.put("discovered", NOW);
    model.put("from", NOW.minus(Duration.ofDays(2)));
    model.put("until", NOW);
    model.put("releases", 3);
    model.put("deadline", NOW.plus(Duration.ofHours(72)));
    model.put("registeredBy", "Jeugd-GGZ De Linde");
    assertThat(
            raise(
                new OfficerAlerts.Alert(
                    "breach", "breach-1", List.of("B1"), List.of("ggz", "raad"), "breach", model)))
        .isEqualTo(2);
    alerts.onSpraying(
        new nl.jeugdpoort.gateway.security.SprayingDetected("203.0.113.9", 5, List.of("ggz"), NOW));
    List<OfficerAlertEntity> rows = rows();
    OfficerAlertEntity own =
        rows.stream()
            .filter(a -> a.kind().equals("breach") && "ggz".equals(a.organisationId()))
            .findFirst()
            .orElseThrow();
    assertThat(own.subject()).startsWith("Jeugdpoort: datalek gemeld").endsWith("(B1)");
    assertThat(own.body())
        .contains("Jeugd-GGZ De Linde heeft in Jeugdpoort een mogelijk datalek gemeld.")
        .doesNotContain("raakt ook uw organisatie")
        .contains("Soort: account misbruikt")
        .contains("Verstrekkingen in die periode (alle organisaties samen): 3")
        .contains("https://jeugdpoort.example/portal/datalekken");
    OfficerAlertEntity login =
        rows.stream()
            .filter(a -> a.kind().equals("login-alert") && "ggz".equals(a.organisationId()))
            .findFirst()
            .orElseThrow();
    assertThat(login.body())
        .contains("Vanaf het adres 203.0.113.9")
        .contains("5 verschillende namen, ook met namen van uw organisatie");
    assertThat(login.ruleIds()).isEmpty();
    assertThat(rows).allSatisfy(a -> assertThat(a.body().length()).isLessThanOrEqualTo(4000));
    assertThat(rows)
        .filteredOn(a -> a.organisationId() == null)
        .extracting(OfficerAlertEntity::kind)
        .containsExactlyInAnyOrder("breach", "login-alert");
  }

  @Test
  void without_an_smtp_server_nothing_is_written() throws Exception {
    set(mail, "host", Optional.empty());
    assertThat(raise(overdue("duty-1"))).isZero();
    assertThat(rows()).isEmpty();
  }

  @Test
  void a_claimed_alert_is_claimed_once_and_its_sending_is_audited_without_the_address() {
    raise(overdue("duty-1"));
    List<String> claimed = alerts.claimDue();
    assertThat(claimed).hasSize(2);
    assertThat(alerts.claimDue()).as("the leases hold").isEmpty();
    OutgoingMail m = alerts.mail(claimed.get(0));
    assertThat(m.messageId()).isEqualTo("<alert-" + claimed.get(0) + "@jeugdpoort>");
    alerts.accepted(claimed.get(0));
    alerts.failed(claimed.get(1), "connection refused");
    alerts.accepted(claimed.get(1)); // no longer claimed after the failure: nothing recorded
    List<AuditEntryEntity> entries =
        db.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.eventType = :t order by a.entryNo",
                        AuditEntryEntity.class)
                    .setParameter("t", OfficerAlerts.AUDIT_TYPE)
                    .getResultList());
    assertThat(entries).extracting(AuditEntryEntity::outcome).containsExactly("success", "failure");
    assertThat(entries)
        .allSatisfy(e -> assertThat(e.detail()).doesNotContain("@").contains("duty-1"));
    List<OfficerAlertEntity> rows = rows();
    assertThat(rows).filteredOn(a -> a.sentAt() != null).hasSize(1);
    OfficerAlertEntity failed =
        rows.stream().filter(a -> a.sentAt() == null).findFirst().orElseThrow();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }
}
