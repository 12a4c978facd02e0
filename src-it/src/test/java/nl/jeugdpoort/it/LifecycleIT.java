package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Task;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A release's life after it went out — E1 (deletion at the retention end), E2 (erasure requests at
 * the recipients, confirmed through FHIR and the portal, overdue alerts, the family told) — on a
 * real Payara Micro whose clock the tests move forward ({@code jeugdpoort.clock.adjustable}, {@code
 * POST /api/admin/clock}). Its own deployment: moving time would disturb the other classes' tests
 * (objection windows, retention of their releases). Children: c14, c15, c18, c19. Rules named here:
 * E1, E2, C3, V4, B1.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {
  private static final String ERASURE_SEARCH =
      "/fhir/Task?code=https://jeugdpoort.nl/fhir/CodeSystem/task-code%7Cerasure-request";

  @ArquillianResource private URL deployment;

  private Gateway gateway;
  private static JeugdpoortValidator validator;

  @Deployment(testable = false)
  static WebArchive gatewayWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("gateway.war")));
  }

  @BeforeEach
  void connect() throws Exception {
    gateway = new Gateway(deployment);
    gateway.send("GET", "/fhir/metadata", null);
    if (validator == null) {
      validator = new JeugdpoortValidator(Gateway.FHIR);
    }
  }

  @Test
  void withdrawing_consent_ends_the_recipients_access_at_once_and_the_family_sees_the_confirmation()
      throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c19");
    Consent consent =
        (Consent)
            gateway
                .as("jongere-19")
                .create()
                .resource(
                    Gateway.consent(
                        bsn, "permit", "wijkteam-noord", "care-coordination", "care-plan"))
                .execute()
                .getResource();
    Task released =
        gateway.submitAndWait(
            "anna",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "care-coordination",
                "consent",
                "Afstemmen wie wat doet",
                "care-plan"));
    assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    String bundleId = releaseOf(released);
    assertThat(gateway.get("/fhir/Bundle/" + bundleId, "anna").statusCode()).isEqualTo(200);

    // C3: withdrawn with one action; E2: the recipient's access ends at once and it gets an erasure
    // request.
    gateway
        .as("jongere-19")
        .delete()
        .resourceById("Consent", consent.getIdElement().getIdPart())
        .execute();
    HttpResponse<String> gone = gateway.get("/fhir/Bundle/" + bundleId, "anna");
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.body()).contains("E2");
    Task erasure = erasureRequestFor("anna", bundleId);
    assertThat(erasure.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    assertThat(erasure.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("C3");
    assertThat(erasure.getBasedOnFirstRep().getReference())
        .isEqualTo("Task/" + released.getIdElement().getIdPart());
    assertThat(JeugdpoortValidator.errors(validator.validate(erasure, Profiles.ERASURE_REQUEST)))
        .isEmpty();
    // Only the recipient sees and completes it: the source's professional does not.
    assertThat(
            Gateway.FHIR
                .newJsonParser()
                .parseResource(Bundle.class, gateway.get(ERASURE_SEARCH, "bram").body())
                .getEntry()
                .stream()
                .map(e -> e.getResource().getIdElement().getIdPart()))
        .doesNotContain(erasure.getIdElement().getIdPart());
    // E2 through the API: PUT with status completed; any other status is refused.
    erasure.setStatus(Task.TaskStatus.INPROGRESS);
    HttpResponse<String> wrong = put("anna", erasure);
    assertThat(wrong.statusCode()).isEqualTo(422);
    assertThat(wrong.body()).contains("completed");
    assertThat(put("bram", erasure.setStatus(Task.TaskStatus.COMPLETED)).statusCode())
        .as("not bram's to confirm")
        .isEqualTo(404);
    HttpResponse<String> done = put("anna", erasure.setStatus(Task.TaskStatus.COMPLETED));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    Task confirmed =
        gateway
            .as("anna")
            .read()
            .resource(Task.class)
            .withId(erasure.getIdElement().getIdPart())
            .execute();
    assertThat(confirmed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(confirmed.getOutputFirstRep().getValue().primitiveValue())
        .contains("anna")
        .contains("fhir");

    // The family: the timeline says sent and confirmed by whom and when; every recipient confirmed,
    // so a notice.
    Portal youth = Portal.login(gateway, "jongere-19");
    String home = youth.get("/portal/").body();
    assertThat(home)
        .contains("Verwijderverzoek verstuurd aan Wijkteam Noord op")
        .contains("Bevestigd door")
        .contains("De gedeelde gegevens over jou zijn verwijderd");
    java.util.regex.Matcher erasureLine =
        java.util.regex.Pattern.compile("<dd class=\"erasure\">([^<]*)</dd>").matcher(home);
    assertThat(erasureLine.find()).as("the erasure line on the timeline").isTrue();
    assertThat(erasureLine.group(1))
        .as("no rule ids for families")
        .doesNotContainPattern("\\b[A-Z][0-9]\\b");
    List<String> subtypes = audit("anna", released);
    assertThat(subtypes).contains("erasure-requested", "erasure-confirmed", "erasure-reported");
  }

  @Test
  void
      at_the_retention_end_the_bundle_is_deleted_from_the_database_and_the_recipient_confirms_in_the_portal()
          throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c14");
    Task released =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-investigation",
                "legal-duty",
                "Raadsonderzoek op verzoek van de rechtbank",
                "identification",
                "care-plan"));
    String bundleId = releaseOf(released);
    assertThat(
            ItDatabase.text(
                "select count(*) from release_record where id = '"
                    + bundleId
                    + "' and bundle_json is not null"))
        .isEqualTo("1");

    advance("P366D"); // child-protection-investigation keeps a release 365 days (E1)

    assertThat(
            ItDatabase.text(
                "select count(*) from release_record where id = '"
                    + bundleId
                    + "' and bundle_json is null "
                    + "and erased_at is not null"))
        .as("E1: the bundle is deleted, the metadata kept")
        .isEqualTo("1");
    assertThat(gateway.get("/fhir/Bundle/" + bundleId, "dirk").statusCode()).isEqualTo(410);
    assertThat(audit("dirk", released)).contains("release-deleted", "erasure-requested");
    Task erasure = erasureRequestFor("dirk", bundleId);
    assertThat(erasure.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("E1");

    // E2 in the portal: dirk's people see the request and confirm it with one button.
    Portal dirk = Portal.login(gateway, "dirk");
    HttpResponse<String> page = dirk.get("/portal/verwijderverzoeken");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("verwijderverzoek-" + erasure.getIdElement().getIdPart());
    HttpResponse<String> confirm =
        dirk.post(
            "/portal/verwijderverzoeken/bevestigen",
            "verzoek=" + erasure.getIdElement().getIdPart());
    assertThat(confirm.statusCode()).isEqualTo(302);
    assertThat(dirk.get("/portal/verwijderverzoeken").body())
        .contains("bevestigd-" + erasure.getIdElement().getIdPart());
    Task confirmed =
        gateway
            .as("dirk")
            .read()
            .resource(Task.class)
            .withId(erasure.getIdElement().getIdPart())
            .execute();
    assertThat(confirmed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(confirmed.getOutputFirstRep().getValue().primitiveValue()).contains("portal");

    // The family's timeline keeps the metadata: kept until, deleted on. The youth's own (c14 may be
    // 16 by now on the
    // moved clock, and then the mother no longer sees the timeline, F3); the mother gets the notice
    // in her inbox.
    String youth = Portal.login(gateway, "jongere-14").get("/portal/").body();
    assertThat(youth).contains("— verwijderd op").contains("Bevestigd door");
    String mother = Portal.login(gateway, "ouder-14-mother").get("/portal/").body();
    assertThat(mother)
        .contains("De gedeelde gegevens over Evi zijn verwijderd")
        .contains("Raad voor de Kinderbescherming: verwijderd. Bevestigd door");
  }

  @Test
  void an_erasure_request_not_confirmed_in_time_alerts_the_privacy_officer_of_the_source()
      throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c18");
    Task released =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "child-protection-investigation",
                "legal-duty",
                "Raadsonderzoek op verzoek van de rechtbank",
                "identification",
                "care-plan"));
    String bundleId = releaseOf(released);
    advance("P366D");
    Task erasure = erasureRequestFor("dirk", bundleId);
    advance("P15D"); // jeugdpoort.erasure.confirm-within is P14D

    Bundle alerts = pietersEvents("erasure-overdue");
    assertThat(alerts.getEntry())
        .map(e -> ((AuditEvent) e.getResource()).getEntityFirstRep().getWhat().getReference())
        .contains("Task/" + released.getIdElement().getIdPart());
    String page = Portal.login(gateway, "pieter").get("/portal/verwijderverzoeken").body();
    assertThat(page).contains("te-laat-" + erasure.getIdElement().getIdPart());

    // By e-mail too (issue #19): the privacy officers of the source and of the recipient, and the
    // gateway's own (jeugdpoort.privacy-officer.email in arquillian.xml) — once each, ids only.
    String duty = "Task/" + erasure.getIdElement().getIdPart();
    List<String> officers =
        List.of(
            "privacy@ggz-de-linde.example",
            "privacy@raad-kinderbescherming.example",
            "fg@jeugdpoort.example");
    await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> alertsAbout(duty).size() >= officers.size());
    advance("PT1H"); // another sweep: nothing more
    Thread.sleep(2_000); // two rounds of the e-mail route (jeugdpoort.mail.poll-interval PT0.5S)
    List<jakarta.mail.internet.MimeMessage> mails = alertsAbout(duty);
    assertThat(mails)
        .flatExtracting(ItMail::recipients)
        .containsExactlyInAnyOrderElementsOf(officers);
    assertThat(mails)
        .allSatisfy(
            m -> {
              assertThat(m.getSubject()).contains("verwijderverzoek niet op tijd bevestigd (E2)");
              assertThat(ItMail.header(m, "Message-ID")).matches("<alert-[0-9a-f-]+@jeugdpoort>");
              assertThat(ItMail.text(m))
                  .contains("Verstrekking: Bundle/" + bundleId)
                  .contains("Task/" + released.getIdElement().getIdPart())
                  .doesNotContain(bsn);
            });
    Bundle sent = pietersEvents("officer-alert-email");
    assertThat(sent.getEntry())
        .map(e -> (AuditEvent) e.getResource())
        .filteredOn(e -> e.getOutcomeDesc().contains(erasure.getIdElement().getIdPart()))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
              assertThat(e.getOutcomeDesc()).doesNotContain("@");
            });
  }

  /** The security events of {@code subtype} that pieter (GGZ De Linde's privacy officer) sees. */
  private Bundle pietersEvents(String subtype) throws Exception {
    HttpResponse<String> r = gateway.get("/fhir/AuditEvent?subtype=" + subtype, "pieter");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Gateway.FHIR.newJsonParser().parseResource(Bundle.class, r.body());
  }

  /** The e-mail alerts received about {@code ref}. */
  private static List<jakarta.mail.internet.MimeMessage> alertsAbout(String ref) {
    return ItMail.received().stream()
        .filter(m -> String.valueOf(ItMail.header(m, "Message-ID")).startsWith("<alert-"))
        .filter(m -> ItMail.text(m).contains(ref))
        .toList();
  }

  @Test
  void a_request_to_use_a_recording_as_evidence_in_a_dispute_is_refused_naming_V4()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c14");
    Task t =
        Gateway.request(
            bsn,
            "wijkteam-noord",
            "dispute-evidence",
            "consent",
            "Bewijs voor de rechtszaak tussen de ouders",
            "recordings");
    HttpResponse<String> r =
        gateway.send(
            "POST",
            "/fhir/Task",
            Gateway.FHIR.newJsonParser().encodeResourceToString(t),
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("femke", "demo-femke"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    org.hl7.fhir.r4.model.OperationOutcome oo =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(org.hl7.fhir.r4.model.OperationOutcome.class, r.body());
    assertThat(oo.getIssue())
        .anySatisfy(i -> assertThat(i.getDetails().getCodingFirstRep().getCode()).isEqualTo("V4"));
    assertThat(oo.getIssue())
        .noneSatisfy(i -> assertThat(i.getDetails().getCodingFirstRep().getCode()).isEqualTo("P1"));
  }

  @Test
  void a_breach_from_registration_to_the_families_informed() throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c15");
    Task released =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "child-protection-investigation",
                "legal-duty",
                "Raadsonderzoek op verzoek van de rechtbank",
                "identification",
                "care-plan"));
    assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    java.time.Instant now =
        java.time.Instant.parse(
            jsonField(
                gateway
                    .send(
                        "GET",
                        "/api/admin/clock",
                        null,
                        "Authorization",
                        Gateway.basicAuth("admin", "demo-admin"))
                    .body(),
                "now"));
    java.time.format.DateTimeFormatter local =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
            .withZone(java.time.ZoneId.of("Europe/Amsterdam"));

    // B1: only privacy officers see breaches.
    assertThat(Portal.login(gateway, "dirk").get("/portal/datalekken").statusCode()).isEqualTo(404);
    Portal pieter = Portal.login(gateway, "pieter");
    assertThat(pieter.get("/portal/datalekken").statusCode()).isEqualTo(200);
    HttpResponse<String> bad =
        pieter.post(
            "/portal/datalekken",
            "soort=source&beschrijving=x&van="
                + Portal.enc(local.format(now))
                + "&tot="
                + Portal.enc(local.format(now.minusSeconds(86_400)))
                + "&ontdekt="
                + Portal.enc(local.format(now)));
    assertThat(bad.statusCode()).as("a period that ends before it starts").isEqualTo(422);
    HttpResponse<String> registered =
        pieter.post(
            "/portal/datalekken",
            "soort=source&beschrijving="
                + Portal.enc("Een medewerker van de bron kon bij alle verstrekte dossiers")
                + "&van="
                + Portal.enc(local.format(now.minusSeconds(3_600)))
                + "&tot="
                + Portal.enc(local.format(now.plusSeconds(3_600)))
                + "&ontdekt="
                + Portal.enc(local.format(now)));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(302);
    String location = registered.headers().firstValue("Location").orElseThrow();
    String breachPath =
        location.substring(location.indexOf("/portal/datalekken/"), location.indexOf('?'));
    String page = pieter.get(breachPath).body();
    assertThat(page)
        .as("the audit log yields the release")
        .contains(released.getIdElement().getIdPart());
    assertThat(page).contains("om te melden bij de Autoriteit Persoonsgegevens");
    // The privacy officers concerned are alerted at once.
    Bundle alerts = pietersEvents("breach-alert");
    assertThat(alerts.getEntry()).isNotEmpty();
    // ... and by e-mail, once each: the registering organisation (also the source), the recipient,
    // the gateway's own privacy officer (and any other organisation of a release in the period:
    // other classes' releases share the database) — the deadline and ids, not the description.
    String breachId = breachPath.substring(breachPath.lastIndexOf('/') + 1);
    List<String> concerned =
        List.of(
            "privacy@ggz-de-linde.example",
            "privacy@raad-kinderbescherming.example",
            "fg@jeugdpoort.example");
    await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                alertsAbout("Datalek: " + breachId).stream()
                    .flatMap(m -> ItMail.recipients(m).stream())
                    .toList()
                    .containsAll(concerned));
    assertThat(alertsAbout("Datalek: " + breachId))
        .flatExtracting(ItMail::recipients)
        .containsAll(concerned)
        .doesNotHaveDuplicates();
    assertThat(alertsAbout("Datalek: " + breachId))
        .allSatisfy(
            m -> {
              assertThat(m.getSubject()).contains("melden bij de Autoriteit Persoonsgegevens");
              assertThat(ItMail.header(m, "Message-ID")).matches("<alert-[0-9a-f-]+@jeugdpoort>");
              assertThat(ItMail.text(m))
                  .contains("Soort: lek bij de bron")
                  .containsPattern("Verstrekkingen in die periode[^:]*: [1-9]")
                  .doesNotContain("Een medewerker van de bron")
                  .doesNotContain(bsn);
            });

    // High risk: the families of the affected youths are informed in the portal (and by e-mail
    // where they had it).
    HttpResponse<String> assessed =
        pieter.post(
            breachPath + "/risico",
            "risico=high&beoordeling="
                + Portal.enc("Zorgdossiers ingezien door iemand zonder reden")
                + "&voor-gezinnen="
                + Portal.enc("Iemand zonder toestemming heeft gegevens bekeken.")
                + "&maatregelen="
                + Portal.enc("Wij hebben de toegang van die persoon gestopt."));
    assertThat(assessed.statusCode()).isEqualTo(302);
    assertThat(pieter.get(breachPath).body()).contains("id=\"gezinnen\"");
    String mother = Portal.login(gateway, "ouder-15-mother").get("/portal/").body();
    assertThat(mother).contains("Er is misschien iets misgegaan met de gegevens over");
    assertThat(pieter.post(breachPath + "/gemeld", "").statusCode()).isEqualTo(302);
    assertThat(pieter.get(breachPath).body())
        .contains("Gemeld bij de Autoriteit Persoonsgegevens op");
  }

  private static String jsonField(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }

  private Task erasureRequestFor(String user, String bundleId) throws Exception {
    HttpResponse<String> r = gateway.get(ERASURE_SEARCH, user);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Gateway.FHIR.newJsonParser().parseResource(Bundle.class, r.body()).getEntry().stream()
        .map(e -> (Task) e.getResource())
        .filter(t -> t.getFocus().getReference().equals("Bundle/" + bundleId))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no erasure request for Bundle/" + bundleId + " in " + r.body()));
  }

  private HttpResponse<String> put(String user, Task task) throws Exception {
    return gateway.send(
        "PUT",
        "/fhir/Task/" + task.getIdElement().getIdPart(),
        Gateway.FHIR.newJsonParser().encodeResourceToString(task),
        "Content-Type",
        "application/fhir+json",
        "Authorization",
        Gateway.basicAuth(user, "demo-" + user));
  }

  private void advance(String by) throws Exception {
    HttpResponse<String> r =
        gateway.send(
            "POST",
            "/api/admin/clock",
            "{\"advance\":\"" + by + "\"}",
            "Content-Type",
            "application/json",
            "Authorization",
            Gateway.basicAuth("admin", "demo-admin"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String releaseOf(Task t) {
    return t.getOutput().stream()
        .filter(o -> o.getType().getCodingFirstRep().getCode().equals("release"))
        .map(
            o -> ((org.hl7.fhir.r4.model.Reference) o.getValue()).getReferenceElement().getIdPart())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no release on Task " + t.getIdElement()));
  }

  private List<String> audit(String user, Task request) throws Exception {
    Bundle b =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(
                Bundle.class,
                gateway
                    .get("/fhir/AuditEvent?entity=Task/" + request.getIdElement().getIdPart(), user)
                    .body());
    return b.getEntry().stream()
        .map(e -> ((AuditEvent) e.getResource()).getSubtypeFirstRep().getCode())
        .toList();
  }
}
