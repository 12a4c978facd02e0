package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.it.synthea.SyntheaFhirServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Starting the real gateway in a process of its own (Payara Micro with the WAR, no Arquillian).
 *
 * <p>A wrong setting stops the start (issue #18, item 6): the real Payara Micro with the gateway
 * WAR and a negative duration exits with status 2 and one line naming the key — no stack trace,
 * nothing served. Not an Arquillian test: the gateway must not come up at all. It stops before CDI
 * makes any bean, so the cost is Payara's own boot (about 20 s), not a gateway start.
 *
 * <p>From nothing to a release the family sees (issue #18, item 7): one gateway with {@code
 * jeugdpoort.demo.enabled=false} on a database of its own, set up only through the documented
 * administration API and the portal (docs/onboarding.md).
 */
class ConfigStartIT {
  @Test
  void a_negative_duration_stops_the_start_with_one_line_naming_the_key() throws Exception {
    int port = Measurements.freePort();
    Path log =
        Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "config-start", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Djeugdpoort.connector.read-timeout=-PT1S",
                "-Djeugdpoort.db.url=jdbc:h2:mem:config-start",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar",
                System.getProperty("payara.microJar"),
                "--nocluster",
                "--port",
                String.valueOf(port),
                "--autoBindHttp",
                "--deploy",
                System.getProperty("gateway.war")));
    Process payara =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = payara.waitFor(240, TimeUnit.SECONDS);
    if (!ended) {
      payara.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = read(log);
    assertThat(ended).as("the start stopped by itself; output:\n" + tail(output)).isTrue();
    assertThat(payara.exitValue()).as(tail(output)).isEqualTo(2);
    List<String> lines =
        output.lines().filter(l -> l.startsWith("Jeugdpoort cannot start:")).toList();
    assertThat(lines)
        .containsExactly(
            "Jeugdpoort cannot start: jeugdpoort.connector.read-timeout=-PT1S: must be a positive "
                + "ISO-8601 duration, e.g. PT10S (docs/configuration.md)");
    assertThat(output).doesNotContain("ConfigCheck.").doesNotContain("Jeugdpoort is ready");
  }

  /**
   * #17.8: the runnable jar (README command 1) opens its HTTP port only once the application is
   * deployed, so the first answer on the port is the gateway's own — its 404 page with its security
   * headers — and never Payara's built-in error page, which named Payara Micro and its version in
   * the first seconds after the port opened. Polled every 20 ms from the process's start.
   */
  @Test
  void the_runnable_jar_answers_first_with_its_own_page_never_with_payaras() throws Exception {
    int port = Measurements.freePort();
    Path log =
        Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "jar-start", ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx768m",
            "-Djeugdpoort.db.url=jdbc:h2:mem:jar-start",
            "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
            "-jar",
            System.getProperty("gateway.jar"),
            "--port",
            String.valueOf(port),
            "--nocluster");
    Process jar =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/no-such-page"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> first = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (first == null && jar.isAlive() && System.nanoTime() < deadline) {
        try {
          first = http.send(probe, HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYetOpen) {
          Thread.sleep(20);
        }
      }
      assertThat(first).as("the jar answered; output:\n" + tail(read(log))).isNotNull();
      assertThat(first.body()).doesNotContainIgnoringCase("payara");
      assertThat(first.statusCode()).isEqualTo(404);
      assertThat(first.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(first.body()).contains("Deze pagina bestaat niet");
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(10))
              .build();
      // The port opens once the WAR is deployed; ready follows when the validator has warmed up.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    } finally {
      jar.destroy();
      if (!jar.waitFor(30, TimeUnit.SECONDS)) {
        jar.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static final String CHILD_BSN = "111222333";
  private static final Pattern SETUP_TOKEN = Pattern.compile("\"token\":\"([A-Za-z0-9_-]{43})\"");
  private static final Pattern ACTIVATION_LINK =
      Pattern.compile(
          "(http://[^\\s]+/portal/activeren\\?code=([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}))");
  private static final String ADMIN_PASSWORD = "Regio Oost in goede handen 2026";

  /**
   * The whole onboarding of a region, on one gateway start: the set-up token from its output makes
   * the first administrator; a source organisation (its FHIR server a real HTTP FHIR R4 server in
   * this JVM, serving one child with a BSN and her mother) and a requester; a professional with a
   * temporary password who must change it first; one who logs in through OpenID Connect
   * (mock-oauth2-server, ItOidc); a system of the requester that gets a token by SMART Backend
   * Services and asks for the child's data; the request is released, the mother gets the notice
   * e-mail (GreenMail, ItMail), makes her account with its link, logs in to the portal and sees the
   * release.
   */
  @Test
  void a_gateway_without_the_demo_is_set_up_from_nothing_through_the_api_and_the_portal()
      throws Exception {
    String dbName = "onboarding-" + Long.toHexString(System.nanoTime());
    Patient child = new Patient();
    child.setId("Patient/kind-1");
    child.addIdentifier().setSystem(Gateway.BSN).setValue(CHILD_BSN);
    child.addName().setFamily("Visser").addGiven("Lotte");
    LocalDate birth = LocalDate.now(ZoneId.of("Europe/Amsterdam")).minusYears(8).minusDays(40);
    child.setBirthDate(Date.from(birth.atStartOfDay(ZoneId.of("Europe/Amsterdam")).toInstant()));
    child.setGender(AdministrativeGender.FEMALE);
    RelatedPerson mother = new RelatedPerson();
    mother.setId("RelatedPerson/kind-1-moeder");
    mother.setActive(true);
    mother.getPatient().setReference("Patient/kind-1");
    mother
        .addRelationship()
        .addCoding(new Coding(Vocabulary.LEGAL_ROLE, "authority-holder", "Ouder met gezag"));
    mother.addName().setFamily("Visser").addGiven("Sanne");
    mother.setGender(AdministrativeGender.FEMALE);
    mother
        .addTelecom()
        .setSystem(ContactPoint.ContactPointSystem.EMAIL)
        .setValue("sanne.visser@gezin.example");
    Map<String, List<Resource>> records = new LinkedHashMap<>();
    records.put("Patient", List.of(child));
    records.put("RelatedPerson", List.of(mother));

    try (Connection keep =
            DriverManager.getConnection("jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1", "sa", "");
        SyntheaFhirServer source = new SyntheaFhirServer(Gateway.FHIR, records, null)) {
      Map<String, String> settings = new LinkedHashMap<>();
      // Its own database (not the Arquillian ITs' mem:it), served by the H2 server of ItDatabase.
      settings.put(
          "jeugdpoort.db.url",
          "jdbc:h2:tcp://127.0.0.1:" + System.getProperty("it.h2.port") + "/mem:" + dbName);
      settings.put("jeugdpoort.demo.enabled", "false");
      settings.put("jeugdpoort.mail.host", "127.0.0.1");
      settings.put("jeugdpoort.mail.port", System.getProperty("it.smtp.port"));
      settings.put("jeugdpoort.mail.retry-backoff", "PT0.5S");
      settings.put("jeugdpoort.mail.retry-max", "PT1S");
      settings.put("jeugdpoort.mail.poll-interval", "PT0.5S");
      settings.put("jeugdpoort.notice.poll-interval", "PT1S");
      settings.put("jeugdpoort.connector.read-timeout", "PT5S");
      settings.put(
          "jeugdpoort.oidc.issuer",
          "http://127.0.0.1:" + System.getProperty("it.oidc.port") + "/default");
      settings.put("jeugdpoort.oidc.client-id", "jeugdpoort");
      settings.put("jeugdpoort.oidc.client-secret", "it-secret");
      int hazelcast = Measurements.freePort();
      try (GatewayNode node =
          new GatewayNode(
              0,
              Measurements.freePort(),
              hazelcast,
              List.of(hazelcast),
              settings,
              Path.of(System.getProperty("it.data.dir"), "..", "onboarding").normalize())) {
        node.start(null);
        String tokenLine = node.awaitOutput("\"token\":\"", Duration.ofMinutes(5));
        node.awaitReady(Duration.ofMinutes(3));
        assertThat(node.outputContains("DEMO MODE")).as("no demo").isFalse();
        Gateway gateway = new Gateway(URI.create(node.base() + "/").toURL());
        setUp(gateway, keep, find(SETUP_TOKEN, tokenLine), source);
      }
    }
  }

  private void setUp(Gateway gateway, Connection db, String token, SyntheaFhirServer source)
      throws Exception {
    String ct = "Content-Type";
    // 1. The first administrator, with the token of the banner; a second time: 409.
    assertThat(count(db, "select count(*) from account")).isZero();
    assertThat(count(db, "select count(*) from organisation")).isZero();
    HttpResponse<String> wrong =
        gateway.send(
            "POST",
            "/api/setup",
            "{\"token\":\"not-it\",\"username\":\"beheer\",\"displayName\":\"B\",\"password\":\""
                + ADMIN_PASSWORD
                + "\"}",
            ct,
            "application/json");
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> setup =
        gateway.send(
            "POST",
            "/api/setup",
            "{\"token\":\""
                + token
                + "\",\"username\":\"beheer\",\"displayName\":\"Beheerder Regio Oost\",\"password\":\""
                + ADMIN_PASSWORD
                + "\"}",
            ct,
            "application/json");
    assertThat(setup.statusCode()).as(setup.body()).isEqualTo(201);
    assertThat(setup.body()).contains("\"role\":\"administrator\"").contains("\"active\":true");
    assertThat(
            gateway
                .send(
                    "POST",
                    "/api/setup",
                    "{\"token\":\""
                        + token
                        + "\",\"username\":\"tweede\",\"displayName\":\"T\",\"password\":\""
                        + ADMIN_PASSWORD
                        + "\"}",
                    ct,
                    "application/json")
                .statusCode())
        .isEqualTo(409);
    assertThat(text(db, "select role from account where username = 'beheer'"))
        .isEqualTo("administrator");
    String admin = Gateway.basicAuth("beheer", ADMIN_PASSWORD);

    // 2. Two organisations: a source (its FHIR server checked live) and a requester.
    HttpResponse<String> wijkteam =
        gateway.send(
            "POST",
            "/api/admin/organisations",
            "{\"id\":\"wijkteam-oost\",\"name\":\"Wijkteam Oost\",\"kind\":\"neighbourhood-team\","
                + "\"identifier\":{\"type\":\"agb\",\"value\":\"87654321\"},\"fhirBaseUrl\":\""
                + source.baseUrl()
                + "\",\"privacyOfficer\":{\"name\":\"Pim de Vries\",\"email\":\"privacy@wijkteam-oost.example\"}}",
            ct,
            "application/json",
            "Authorization",
            admin);
    assertThat(wijkteam.statusCode()).as(wijkteam.body()).isEqualTo(201);
    assertThat(wijkteam.body()).contains("\"active\":true");
    assertThat(source.calls()).extracting(SyntheaFhirServer.Call::uri).contains("/fhir/metadata");
    // The requester through the administrator's portal page (same rules, same audit as the API).
    Portal beheer = Portal.login(gateway, "beheer", ADMIN_PASSWORD);
    HttpResponse<String> orgPage = beheer.get("/portal/beheer/organisaties");
    assertThat(orgPage.statusCode()).isEqualTo(200);
    assertThat(orgPage.body())
        .contains("id=\"organisatie-wijkteam-oost\"")
        .contains("Wijkteam Oost");
    String raadForm =
        "naam="
            + Portal.enc("Raad voor de Kinderbescherming, regio Oost")
            + "&soort=child-protection-board&nummer-soort=oin&nummer=00000001234567890000"
            + "&fhir-basis-url=&bron-authenticatie=none&privacy-naam="
            + Portal.enc("Ria Jansen")
            + "&privacy-email="
            + Portal.enc("privacy@raad-oost.example");
    assertThat(
            beheer
                .postWithoutToken("/portal/beheer/organisaties", "id=raad-oost&" + raadForm)
                .statusCode())
        .as("CSRF")
        .isEqualTo(403);
    HttpResponse<String> misfit =
        beheer.post(
            "/portal/beheer/organisaties",
            "id=raad-oost&" + raadForm.replace("nummer=00000001234567890000", "nummer=123"));
    assertThat(misfit.statusCode()).isEqualTo(422);
    assertThat(misfit.body())
        .contains("De organisatie is niet opgeslagen")
        .contains("identifier.value");
    assertThat(count(db, "select count(*) from organisation where id = 'raad-oost'")).isZero();
    HttpResponse<String> raad =
        beheer.post("/portal/beheer/organisaties", "id=raad-oost&" + raadForm);
    assertThat(raad.statusCode()).as(raad.body()).isEqualTo(302);
    assertThat(raad.headers().firstValue("Location").orElse(""))
        .endsWith("/portal/beheer/organisaties?opgeslagen=raad-oost");
    HttpResponse<String> changedRaad =
        beheer.post(
            "/portal/beheer/organisaties/raad-oost",
            raadForm + "&privacy-telefoon=" + Portal.enc("+31 26 123 4567"));
    assertThat(changedRaad.statusCode()).as(changedRaad.body()).isEqualTo(200);
    assertThat(changedRaad.body()).contains("De wijzigingen zijn opgeslagen.");
    HttpResponse<String> viaApi =
        gateway.send("GET", "/api/admin/organisations/raad-oost", null, "Authorization", admin);
    assertThat(viaApi.body())
        .contains("\"kind\":\"child-protection-board\"")
        .contains("+31 26 123 4567")
        .contains("\"active\":true");
    // A third organisation, made and deactivated in the portal.
    assertThat(
            beheer
                .post(
                    "/portal/beheer/organisaties",
                    "id=school-oost&naam=School+Oost&soort=school&nummer-soort=kvk&nummer=12345678"
                        + "&privacy-naam=Sam&privacy-email=privacy%40school-oost.example")
                .statusCode())
        .isEqualTo(302);
    HttpResponse<String> closed =
        beheer.post("/portal/beheer/organisaties/school-oost/opheffen", "");
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.body()).contains("De organisatie is opgeheven.");
    assertThat(beheer.post("/portal/beheer/organisaties/school-oost/opheffen", "").statusCode())
        .as("deactivated already")
        .isEqualTo(404);
    assertThat(beheer.post("/portal/beheer/organisaties/niet-bestaand", raadForm).statusCode())
        .isEqualTo(404);
    assertThat(beheer.get("/portal/beheer/organisaties/niet-bestaand").statusCode()).isEqualTo(404);
    assertThat(
            text(
                db,
                "select count(*) from organisation where id = 'school-oost' and deactivated_at is not null"))
        .isEqualTo("1");
    assertThat(
            texts(
                db,
                "select id || ' ' || kind || ' ' || coalesce(fhir_base_url, '-') from organisation "
                    + "where deactivated_at is null order by id"))
        .containsExactly(
            "raad-oost child-protection-board -",
            "wijkteam-oost neighbourhood-team " + source.baseUrl());
    assertThat(
            texts(
                db,
                "select event_type from audit_entry where event_type like 'organisation-%' order by entry_no"))
        .containsExactly(
            "organisation-created",
            "organisation-created",
            "organisation-changed",
            "organisation-created",
            "organisation-deactivated");

    // 3. A professional with a temporary password: refused until she changed it in the portal.
    HttpResponse<String> made =
        gateway.send(
            "POST",
            "/api/admin/accounts",
            "{\"username\":\"onderzoeker\",\"displayName\":\"Olga Onderzoek\",\"role\":\"child-protection-investigator\",\"organisationId\":\"raad-oost\"}",
            ct,
            "application/json",
            "Authorization",
            admin);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(made.body()).contains("\"mustChangePassword\":true");
    String temporary = field(made.body(), "temporaryPassword");
    assertThat(temporary).hasSize(20);
    HttpResponse<String> first =
        gateway.send(
            "GET",
            "/fhir/Task",
            null,
            "Authorization",
            Gateway.basicAuth("onderzoeker", temporary));
    assertThat(first.statusCode()).isEqualTo(401);
    assertThat(first.body()).contains("POST /api/password");
    String ownPassword = "Onderzoek in regio Oost 2026";
    HttpResponse<String> passwordForm = gateway.send("GET", "/portal/wachtwoord", null);
    assertThat(passwordForm.statusCode()).isEqualTo(200);
    HttpResponse<String> changed =
        gateway.send(
            "POST",
            "/portal/wachtwoord",
            "_csrf="
                + Portal.enc(find(Portal.CSRF, passwordForm.body()))
                + "&gebruikersnaam=onderzoeker&wachtwoord="
                + Portal.enc(temporary)
                + "&nieuw-wachtwoord="
                + Portal.enc(ownPassword)
                + "&nieuw-wachtwoord-herhalen="
                + Portal.enc(ownPassword),
            ct,
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE="
                + find(
                    Portal.SESSION, passwordForm.headers().firstValue("Set-Cookie").orElseThrow()));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    String onderzoeker = Gateway.basicAuth("onderzoeker", ownPassword);
    assertThat(gateway.send("GET", "/fhir/Task", null, "Authorization", onderzoeker).statusCode())
        .isEqualTo(200);

    // 4. A professional who logs in through OpenID Connect: her subject linked by the
    // administrator.
    // The Raad's own account administrator, made in the portal by the administrator; she makes
    // the accounts of her own organisation only, in the portal.
    HttpResponse<String> orgAdmin =
        beheer.post(
            "/portal/beheer/accounts",
            "gebruikersnaam=raad-beheer&naam="
                + Portal.enc("Rob Raadbeheer")
                + "&rol=organisation-administrator&organisatie=raad-oost");
    assertThat(orgAdmin.statusCode()).as(orgAdmin.body()).isEqualTo(201);
    assertThat(orgAdmin.body()).contains("Het account raad-beheer is gemaakt.");
    String orgAdminTemporary =
        find(Pattern.compile("<code>([A-Za-z0-9]{20})</code>"), orgAdmin.body());
    String orgAdminPassword = "Accounts van de Raad 2026";
    HttpResponse<String> orgAdminChanged =
        gateway.send(
            "POST",
            "/api/password",
            "{\"username\":\"raad-beheer\",\"password\":\""
                + orgAdminTemporary
                + "\",\"newPassword\":\""
                + orgAdminPassword
                + "\"}",
            ct,
            "application/json");
    assertThat(orgAdminChanged.statusCode()).as(orgAdminChanged.body()).isEqualTo(204);
    Portal raadBeheer = Portal.login(gateway, "raad-beheer", orgAdminPassword);
    HttpResponse<String> ownPeople = raadBeheer.get("/portal/beheer/accounts");
    assertThat(ownPeople.statusCode()).isEqualTo(200);
    assertThat(ownPeople.body())
        .contains("id=\"account-onderzoeker\"")
        .contains("id=\"account-raad-beheer\"")
        .doesNotContain("id=\"account-beheer\"");
    assertThat(raadBeheer.get("/portal/beheer/organisaties").statusCode()).isEqualTo(404);
    HttpResponse<String> oidcAccount =
        raadBeheer.post(
            "/portal/beheer/accounts",
            "gebruikersnaam=wendy&naam="
                + Portal.enc("Wendy Wijk")
                + "&rol=child-protection-investigator&organisatie=wijkteam-oost");
    assertThat(oidcAccount.statusCode()).as(oidcAccount.body()).isEqualTo(201);
    assertThat(
            text(db, "select organisation_id || ' ' || role from account where username = 'wendy'"))
        .as("an organisation administrator makes accounts of her own organisation only")
        .isEqualTo("raad-oost child-protection-investigator");
    HttpResponse<String> intern =
        raadBeheer.post(
            "/portal/beheer/accounts",
            "gebruikersnaam=stagiair&naam=Stan+Stage&rol=child-protection-investigator");
    assertThat(intern.statusCode()).isEqualTo(201);
    HttpResponse<String> reset = raadBeheer.post("/portal/beheer/accounts/stagiair/wachtwoord", "");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(reset.body()).contains("Het account stagiair heeft een nieuw wachtwoord.");
    HttpResponse<String> off = raadBeheer.post("/portal/beheer/accounts/stagiair/uitzetten", "");
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(off.body()).contains("Het account van stagiair staat uit.");
    assertThat(raadBeheer.post("/portal/beheer/accounts/beheer/uitzetten", "").statusCode())
        .as("not an account of her organisation")
        .isEqualTo(404);
    assertThat(
            raadBeheer
                .post("/portal/beheer/accounts", "gebruikersnaam=baas&naam=Baas&rol=administrator")
                .statusCode())
        .isEqualTo(422);
    assertThat(text(db, "select count(*) from account where username = 'baas'")).isEqualTo("0");
    assertThat(
            text(
                db,
                "select count(*) from account where username = 'stagiair' and disabled_at is not null"))
        .isEqualTo("1");
    assertThat(
            texts(
                db,
                "select event_type || ' ' || actor_username from audit_entry where detail like '%stagiair%' "
                    + "order by entry_no"))
        .containsExactly(
            "account-created raad-beheer",
            "password-reset raad-beheer",
            "account-disabled raad-beheer");
    HttpResponse<String> linked =
        gateway.send(
            "PUT",
            "/api/admin/accounts/wendy/oidc-subject",
            "{\"subject\":\"wendy-bij-de-idp\"}",
            ct,
            "application/json",
            "Authorization",
            admin);
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
    ItOidc.next("wendy-bij-de-idp");
    String wendy = oidcLogin(gateway);
    HttpResponse<String> wendyHome =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + wendy);
    assertThat(wendyHome.statusCode()).isEqualTo(200);
    assertThat(wendyHome.body()).contains("Wendy Wijk");

    // 5. A system of the requester (SMART Backend Services) asks for the child's data.
    SmartClient system = new SmartClient("raad-oost-systeem");
    HttpResponse<String> registered =
        gateway.send(
            "POST",
            "/api/admin/clients",
            system.registration(
                "raad-oost", "child-protection-investigator", "system/Task.crs system/Bundle.r"),
            ct,
            "application/json",
            "Authorization",
            admin);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    HttpResponse<String> granted =
        gateway.send(
            "POST",
            "/auth/token",
            "grant_type=client_credentials&client_assertion_type="
                + Portal.enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion="
                + Portal.enc(system.assertion(gateway.url("/auth/token"), 120))
                + "&scope="
                + Portal.enc("system/Task.crs system/Bundle.r"),
            ct,
            "application/x-www-form-urlencoded");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    String bearer = "Bearer " + field(granted.body(), "access_token");
    Task asked =
        Gateway.request(
            CHILD_BSN,
            "wijkteam-oost",
            "child-protection-investigation",
            "legal-duty",
            "Onderzoek op verzoek van de kinderrechter",
            "identification",
            "legal-representation");
    HttpResponse<String> posted =
        gateway.send(
            "POST",
            "/fhir/Task",
            Gateway.FHIR.newJsonParser().encodeResourceToString(asked),
            ct,
            "application/fhir+json",
            "Authorization",
            bearer);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String id =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(Task.class, posted.body())
            .getIdElement()
            .getIdPart();

    // 6. It flows to release: the password professional of the same organisation reads it.
    Task[] last = new Task[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r =
                  gateway.send("GET", "/fhir/Task/" + id, null, "Authorization", onderzoeker);
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              last[0] = Gateway.FHIR.newJsonParser().parseResource(Task.class, r.body());
              return Gateway.FINAL.contains(last[0].getStatus().toCode());
            });
    Task done = last[0];
    assertThat(done.getStatus())
        .as(done.getStatusReason().getText())
        .isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(done.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("released");
    String releaseId =
        done.getOutput().stream()
            .filter(o -> o.getType().getCodingFirstRep().getCode().equals("release"))
            .map(
                o ->
                    ((org.hl7.fhir.r4.model.Reference) o.getValue())
                        .getReferenceElement()
                        .getIdPart())
            .findFirst()
            .orElseThrow();
    HttpResponse<String> releaseAnswer =
        gateway.send("GET", "/fhir/Bundle/" + releaseId, null, "Authorization", onderzoeker);
    assertThat(releaseAnswer.statusCode()).isEqualTo(200);
    Bundle release = Gateway.FHIR.newJsonParser().parseResource(Bundle.class, releaseAnswer.body());
    assertThat(release.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsOnly("Patient", "RelatedPerson");
    assertThat(source.calls()).extracting(SyntheaFhirServer.Call::requestId).contains(id);
    HttpResponse<String> wendyRequest =
        gateway.send(
            "GET", "/portal/verzoeken/" + id, null, "Cookie", "JEUGDPOORT_SESSIE=" + wendy);
    assertThat(wendyRequest.statusCode()).isEqualTo(200);
    assertThat(wendyRequest.body()).contains("Onderzoek op verzoek van de kinderrechter");

    // 7. The mother gets the notice e-mail with the activation link, makes her account, sees it.
    MimeMessage mail =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    ItMail.received().stream()
                        .filter(m -> ItMail.recipients(m).contains("sanne.visser@gezin.example"))
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    assertThat(mail.getSubject()).contains("Raad voor de Kinderbescherming, regio Oost");
    String body = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(body)
        .contains("Heeft u nog geen account bij Jeugdpoort?")
        .contains("De link werkt één keer.")
        .doesNotContain(CHILD_BSN);
    Matcher link = ACTIVATION_LINK.matcher(body);
    assertThat(link.find()).as(body).isTrue();
    assertThat(link.group(1)).startsWith(gateway.url("/portal/activeren?code="));
    String code = link.group(2);
    HttpResponse<String> form =
        gateway.send("GET", link.group(1).substring(gateway.url("").length()), null);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("value=\"" + code + "\"");
    String familyPassword = "Zon boven de IJssel 2026";
    HttpResponse<String> activated =
        gateway.send(
            "POST",
            "/portal/activeren",
            "_csrf="
                + Portal.enc(find(Portal.CSRF, form.body()))
                + "&code="
                + Portal.enc(code)
                + "&gebruikersnaam=sanne-visser&wachtwoord="
                + Portal.enc(familyPassword)
                + "&wachtwoord-herhalen="
                + Portal.enc(familyPassword),
            ct,
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE="
                + find(Portal.SESSION, form.headers().firstValue("Set-Cookie").orElseThrow()));
    assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
    assertThat(
            text(
                db,
                "select person_ref || ' ' || youth_bsn || ' ' || family_relation || ' ' || role from account "
                    + "where username = 'sanne-visser'"))
        .isEqualTo("RelatedPerson/kind-1-moeder " + CHILD_BSN + " authority-holder family-member");
    HttpResponse<String> loginForm = gateway.send("GET", "/portal/login", null);
    HttpResponse<String> login =
        gateway.send(
            "POST",
            "/portal/login",
            "_csrf="
                + Portal.enc(find(Portal.CSRF, loginForm.body()))
                + "&gebruikersnaam=sanne-visser&wachtwoord="
                + Portal.enc(familyPassword),
            ct,
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE="
                + find(Portal.SESSION, loginForm.headers().firstValue("Set-Cookie").orElseThrow()));
    assertThat(login.statusCode()).isEqualTo(302);
    String family = find(Portal.SESSION, login.headers().firstValue("Set-Cookie").orElseThrow());
    HttpResponse<String> home =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + family);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body())
        .contains("id=\"verzoek-" + id + "\"")
        .contains("Raad voor de Kinderbescherming, regio Oost")
        .contains("Lotte");
    HttpResponse<String> copy =
        gateway.send("GET", "/portal/kopie/" + id, null, "Cookie", "JEUGDPOORT_SESSIE=" + family);
    assertThat(copy.statusCode()).isEqualTo(200);
    assertThat(copy.body()).contains("Visser");

    // DigiD plugs in as OpenID Connect (docs/onboarding.md § 7): the administrator links the
    // broker's subject to her family account, and she logs in through the provider.
    HttpResponse<String> digid =
        gateway.send(
            "PUT",
            "/api/admin/accounts/sanne-visser/oidc-subject",
            "{\"subject\":\"digid-pseudoniem-sanne\"}",
            ct,
            "application/json",
            "Authorization",
            admin);
    assertThat(digid.statusCode()).as(digid.body()).isEqualTo(200);
    ItOidc.next("digid-pseudoniem-sanne");
    String viaDigid = oidcLogin(gateway);
    HttpResponse<String> digidHome =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + viaDigid);
    assertThat(digidHome.statusCode()).isEqualTo(200);
    assertThat(digidHome.body()).contains("id=\"verzoek-" + id + "\"");

    // Every step is in the audit trail.
    assertThat(
            texts(
                db,
                "select distinct event_type from audit_entry where event_type in ('administrator-set-up', "
                    + "'organisation-created', 'account-created', 'password-changed', 'account-changed', "
                    + "'family-activation-issued', 'family-account-activated') order by event_type"))
        .containsExactly(
            "account-changed",
            "account-created",
            "administrator-set-up",
            "family-account-activated",
            "family-activation-issued",
            "organisation-created",
            "password-changed");
    assertThat(count(db, "select count(*) from audit_entry where detail like '%" + code + "%'"))
        .as("the activation code is not audited")
        .isZero();
    adminPagesInTheBrowser(gateway, db);
  }

  /**
   * The administrator's pages in a real browser (Chromium, as PortalIT): axe-core finds no serious
   * or critical WCAG 2.1 A/AA violation, nothing scrolls sideways (also at 320 px), and an account
   * made with the form shows its temporary password as the confirmation, inside the viewport.
   */
  private static void adminPagesInTheBrowser(Gateway gateway, Connection db) throws Exception {
    String base = gateway.url("/");
    try (Browser browser = new Browser(390, 844)) {
      browser.driver.get(base + "portal/login");
      browser.driver.findElement(org.openqa.selenium.By.id("gebruikersnaam")).sendKeys("beheer");
      browser.driver.findElement(org.openqa.selenium.By.id("wachtwoord")).sendKeys(ADMIN_PASSWORD);
      browser
          .driver
          .findElement(org.openqa.selenium.By.cssSelector("main button[type=submit]"))
          .click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  browser
                      .driver
                      .findElement(org.openqa.selenium.By.tagName("h1"))
                      .getText()
                      .startsWith("Welkom"));
      browser.driver.get(base + "portal/beheer/organisaties");
      browser.assertAccessible("organisations");
      browser.driver.get(base + "portal/beheer/organisaties/raad-oost");
      browser.assertAccessible("one organisation");
      browser.driver.get(base + "portal/beheer/accounts");
      browser.assertAccessible("accounts");
      browser
          .driver
          .findElement(org.openqa.selenium.By.id("gebruikersnaam"))
          .sendKeys("privacy-raad");
      browser.driver.findElement(org.openqa.selenium.By.id("naam")).sendKeys("Ria Jansen");
      new org.openqa.selenium.support.ui.Select(
              browser.driver.findElement(org.openqa.selenium.By.id("rol")))
          .selectByValue("privacy-officer");
      new org.openqa.selenium.support.ui.Select(
              browser.driver.findElement(org.openqa.selenium.By.id("organisatie")))
          .selectByValue("raad-oost");
      browser.clickAndWait(
          browser.driver.findElement(
              org.openqa.selenium.By.xpath("//button[normalize-space()='Account maken']")),
          "Accounts");
      browser.assertConfirmation("Het account privacy-raad is gemaakt.");
      browser.assertAccessible("accounts, after making one");
      browser.screenshot("admin-accounts-phone");
      browser.assertNoSidewaysScrollAt320(
          base,
          "portal/beheer/organisaties",
          "portal/beheer/organisaties/raad-oost",
          "portal/beheer/accounts");
    }
    assertThat(
            text(
                db,
                "select role || ' ' || organisation_id from account where username = 'privacy-raad'"))
        .isEqualTo("privacy-officer raad-oost");
  }

  /** The browser's OpenID Connect round trip (as SecurityIT): the new session. */
  private static String oidcLogin(Gateway gateway) throws Exception {
    HttpResponse<String> start = gateway.send("GET", "/portal/oidc", null);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    String pending = find(Portal.SESSION, start.headers().firstValue("Set-Cookie").orElseThrow());
    URI provider = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<Void> atProvider =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(provider).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(atProvider.statusCode()).isEqualTo(302);
    URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
    assertThat(back.getRawPath()).isEqualTo("/portal/oidc/terug");
    HttpResponse<String> done =
        gateway.send(
            "GET",
            "/portal/oidc/terug?" + back.getRawQuery(),
            null,
            "Cookie",
            "JEUGDPOORT_SESSIE=" + pending);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    return find(Portal.SESSION, done.headers().firstValue("Set-Cookie").orElseThrow());
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, text).isTrue();
    return m.group(1);
  }

  private static String field(String json, String name) {
    return find(Pattern.compile("\"" + name + "\":\"([^\"]+)\""), json);
  }

  private static long count(Connection db, String sql) throws java.sql.SQLException {
    return Long.parseLong(text(db, sql));
  }

  private static String text(Connection db, String sql) throws java.sql.SQLException {
    List<String> all = texts(db, sql);
    assertThat(all).as(sql).isNotEmpty();
    return all.get(0);
  }

  private static List<String> texts(Connection db, String sql) throws java.sql.SQLException {
    try (java.sql.Statement s = db.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static String tail(String output) {
    return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
  }
}
