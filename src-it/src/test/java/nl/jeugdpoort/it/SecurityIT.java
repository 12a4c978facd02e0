package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdpoort.fhir.audit.AuditVerifier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
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
 * Issue #4 against the running gateway: the access matrix (every cell of {@code
 * src/test/resources/access-matrix.csv}), SMART Backend Services, the portal login with its session
 * cookie, CSRF protection and lockout, and the audit entries all of these leave.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {
  private static final String CLIENT_SCOPES =
      "system/Task.crs system/Bundle.r system/Communication.rs system/AuditEvent.s"
          + " system/Subscription.crds";
  private static final Pattern SESSION = Pattern.compile("JEUGDPOORT_SESSIE=([^;]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  @ArquillianResource private URL deployment;

  private Gateway gateway;

  @Deployment(testable = false)
  static WebArchive gatewayWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("gateway.war")));
  }

  @BeforeEach
  void connect() throws Exception {
    gateway = new Gateway(deployment);
    // The gateway learns its public URL (jeugdpoort.public-url is not set here) from the first
    // request
    // that comes from this machine for this machine's address: this one, whichever test runs first.
    gateway.send("GET", "/fhir/metadata", null);
  }

  // ---------------------------------------------------------------------------------------------
  // The matrix

  private record Cell(
      String operation,
      String target,
      String method,
      String path,
      String body,
      String caller,
      int expected) {
    String name() {
      return operation + " [" + target + "] as " + caller;
    }
  }

  @Test
  void every_cell_of_the_access_matrix_answers_as_designed_and_refusals_leave_no_data()
      throws Exception {
    Map<String, String> ids = fixtures();
    Map<String, String[]> credentials = callers();
    List<String> bsnsOfOthers = List.of(ids.get("BSN_C8"), ids.get("BSN_C10"));
    List<String> allBsns =
        List.of(
            ids.get("BSN_C1"),
            ids.get("BSN_C4"),
            ids.get("BSN_C7"),
            ids.get("BSN_C8"),
            ids.get("BSN_C10"));

    List<Cell> cells = matrix();
    List<String> failures = new ArrayList<>();
    int refused = 0;
    for (Cell cell : cells) {
      String path = substitute(cell.path(), ids);
      String body = body(cell.body(), ids);
      List<String> headers = new ArrayList<>(List.of(credentials.get(cell.caller())));
      if (path.startsWith("/portal")) {
        headers = sessionHeaders(cell.caller());
      }
      if (body != null) {
        headers.addAll(
            List.of(
                "Content-Type",
                cell.path().startsWith("/api") ? "application/json" : "application/fhir+json"));
      }
      Map<String, Long> rowsBefore = ItDatabase.fingerprint();
      long refusalsBefore =
          ItDatabase.count(
              "select count(*) from audit_entry where outcome in ('refused','failure')"
                  // the matrix's subscriptions fail their handshakes in the background
                  + " and event_type <> 'subscription-notification'");
      HttpResponse<String> response =
          gateway.send(cell.method(), path, body, headers.toArray(String[]::new));
      int status = response.statusCode();
      String text = response.body();
      if (status != cell.expected()) {
        failures.add(
            cell.name()
                + ": expected "
                + cell.expected()
                + ", got "
                + status
                + " "
                + abbreviate(text));
        continue;
      }
      if (status == 401 || status == 403 || status == 404) {
        refused++;
        if (!ItDatabase.fingerprint().equals(rowsBefore)) {
          failures.add(
              cell.name()
                  + ": refused, but rows were written: "
                  + rowsBefore
                  + " -> "
                  + ItDatabase.fingerprint());
        }
        if (ItDatabase.count(
                "select count(*) from audit_entry where outcome in ('refused','failure')"
                    // the matrix's subscriptions fail their handshakes in the background
                    + " and event_type <> 'subscription-notification'")
            <= refusalsBefore) {
          failures.add(cell.name() + ": the refusal left no audit entry (A1)");
        }
        if (!text.contains("\"OperationOutcome\"") && !path.startsWith("/portal")) {
          failures.add(
              cell.name()
                  + ": a refusal answers with an OperationOutcome, got "
                  + abbreviate(text));
        }
        for (String bsn : allBsns) {
          if (text.contains(bsn)) {
            failures.add(cell.name() + ": the refusal reveals a BSN");
          }
        }
        if (text.contains("\"entry\"")) {
          failures.add(cell.name() + ": the refusal carries entries");
        }
      } else if (status == 302) {
        refused++;
        if (!ItDatabase.fingerprint().equals(rowsBefore)
            || allBsns.stream().anyMatch(text::contains)) {
          failures.add(cell.name() + ": a redirect to the login page carries or writes data");
        }
        if (!response.headers().firstValue("Location").orElse("").endsWith("/portal/login")) {
          failures.add(
              cell.name()
                  + ": redirect goes to "
                  + response.headers().firstValue("Location").orElse("?"));
        }
      } else {
        for (String bsn : bsnsOfOthers) {
          if (text.contains(bsn)) {
            failures.add(
                cell.name() + ": the answer reveals a youth of another organisation or family");
          }
        }
        Matcher own = Pattern.compile("\\{(R1|B1|N1|C1)\\}").matcher(cell.path());
        if (own.find()
            && !cell.method().equals("DELETE")
            && !text.contains(ids.get(own.group(1)))) {
          failures.add(cell.name() + ": the answer lacks " + own.group(1));
        }
        if (cell.method().equals("POST") && cell.path().equals("/fhir/Task")) {
          awaitQuiet();
        }
      }
    }
    System.out.printf(
        "Access matrix: %d operations x %d callers = %d cells asserted (%d refusals checked for data and rows)%n",
        cells.size() / credentials.size(), credentials.size(), cells.size(), refused);
    assertThat(failures).as("cells that do not answer as designed").isEmpty();
    assertThat(cells).hasSize(54 * 9);
  }

  private static List<Cell> matrix() throws Exception {
    List<Cell> cells = new ArrayList<>();
    String[] callers = null;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                SecurityIT.class.getResourceAsStream("/access-matrix.csv"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("# operation;")) {
          String[] header = line.substring(2).split(";", -1);
          callers = java.util.Arrays.copyOfRange(header, 5, header.length);
          continue;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(";", -1);
        assertThat(f).as(line).hasSize(5 + callers.length);
        for (int i = 0; i < callers.length; i++) {
          cells.add(
              new Cell(
                  f[0],
                  f[1],
                  f[2],
                  f[3],
                  f[4].isEmpty() ? null : f[4],
                  callers[i],
                  Integer.parseInt(f[5 + i])));
        }
      }
    }
    return cells;
  }

  /**
   * The data of the matrix: two released requests, their notices, two families' consents, spare
   * client.
   */
  private Map<String, String> fixtures() throws Exception {
    Map<String, String> ids = new HashMap<>();
    // c1 and c4 are known at GGZ De Linde; the BSN of a child is the same at every source.
    for (String c : List.of("c1", "c4", "c7", "c8", "c10")) {
      ids.put(
          "BSN_" + c.toUpperCase(),
          gateway.bsnOf(c.equals("c1") || c.equals("c4") ? "ggz-de-linde" : "wijkteam-noord", c));
    }
    Task r1 =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                ids.get("BSN_C1"),
                "ggz-de-linde",
                "child-protection-investigation",
                "legal-duty",
                "Raadsonderzoek op verzoek van de rechtbank",
                "identification",
                "care-plan"));
    Task r2 =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                ids.get("BSN_C10"),
                "wijkteam-noord",
                "child-protection-measure",
                "legal-duty",
                "Uitvoering ondertoezichtstelling",
                "identification",
                "care-plan"));
    ids.put("R1", r1.getIdElement().getIdPart());
    ids.put("R2", r2.getIdElement().getIdPart());
    ids.put("B1", release(r1));
    ids.put("B2", release(r2));
    ids.put("N1", notice("dirk", ids.get("R1")));
    ids.put("N2", notice("carla", ids.get("R2")));
    ids.put("C1", consentOf("ouder-7-mother", ids.get("BSN_C7")));
    ids.put("C2", consentOf("ouder-8-mother", ids.get("BSN_C8")));
    ids.put(
        "SPARE_CLIENT",
        register(
            new SmartClient("matrix-spare"),
            "raad-kinderbescherming",
            "child-protection-investigator",
            "system/Task.rs"));
    HttpResponse<String> org =
        gateway.send(
            "POST",
            "/api/admin/organisations",
            organisation("matrix-spare-school", "Spaarschool"),
            admin());
    assertThat(org.statusCode()).as(org.body()).isEqualTo(201);
    ids.put("SPARE_ORG", "matrix-spare-school");
    HttpResponse<String> account =
        gateway.send("POST", "/api/admin/accounts", person("matrix-spare-person"), admin());
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
    ids.put("SPARE_ACCOUNT", "matrix-spare-person");
    return ids;
  }

  private Map<String, String[]> callers() throws Exception {
    SmartClient system = new SmartClient("raad-system");
    register(system, "raad-kinderbescherming", "child-protection-investigator", CLIENT_SCOPES);
    SmartClient readOnly = new SmartClient("raad-readonly");
    register(readOnly, "raad-kinderbescherming", "child-protection-investigator", "system/Task.rs");
    Map<String, String[]> callers = new LinkedHashMap<>();
    callers.put("anon", new String[0]);
    callers.put("nobody", basic("nobody", "wrong-password"));
    callers.put("prof", basic("dirk", "demo-dirk"));
    callers.put("po", basic("pieter", "demo-pieter"));
    callers.put("fam", basic("ouder-7-mother", "demo-ouder-7-mother"));
    callers.put("admin", basic("admin", "demo-admin"));
    callers.put("sys", bearer(token(system, CLIENT_SCOPES)));
    callers.put("sysro", bearer(token(readOnly, "system/Task.rs")));
    callers.put("badtoken", bearer(forgedToken()));
    return callers;
  }

  private String body(String kind, Map<String, String> ids) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "task" ->
          Gateway.FHIR
              .newJsonParser()
              .encodeResourceToString(
                  Gateway.request(
                      ids.get("BSN_C4"),
                      "ggz-de-linde",
                      "child-protection-investigation",
                      "legal-duty",
                      "Raadsonderzoek",
                      "identification"));
      case "subscription" ->
          """
          {"resourceType":"Subscription","status":"requested",
           "criteria":"https://jeugdpoort.nl/fhir/SubscriptionTopic/data-request-finished",
           "channel":{"type":"rest-hook","endpoint":"http://127.0.0.1:9/matrix","payload":"application/fhir+json"}}
          """;
      case "consent-own" ->
          Gateway.FHIR
              .newJsonParser()
              .encodeResourceToString(
                  Gateway.consent(
                      ids.get("BSN_C7"),
                      "permit",
                      "school-de-brug",
                      "care-coordination",
                      "identification"));
      case "consent-other" ->
          Gateway.FHIR
              .newJsonParser()
              .encodeResourceToString(
                  Gateway.consent(
                      ids.get("BSN_C8"),
                      "permit",
                      "school-de-brug",
                      "care-coordination",
                      "identification"));
      case "client" ->
          new SmartClient("matrix-" + SEQUENCE.incrementAndGet())
              .registration("school-de-brug", "school-care-coordinator", "system/Task.rs");
      case "organisation" ->
          organisation("matrix-org-" + SEQUENCE.incrementAndGet(), "Matrixschool");
      case "organisation-change" ->
          organisation("matrix-spare-school", "Spaarschool De Nieuwe Naam");
      case "account" -> person("matrix-person-" + SEQUENCE.incrementAndGet());
      case "account-change" ->
          "{\"displayName\":\"Sanne Spaar-de Wit\",\"role\":\"teacher-coach\",\"organisationId\":\"school-de-brug\"}";
      case "oidc-subject" -> "{\"subject\":\"matrix-idp-" + SEQUENCE.incrementAndGet() + "\"}";
      case "activation-code" -> "{\"noticeId\":\"" + ids.get("N1") + "\"}";
      case "setup" ->
          "{\"token\":\"not-the-token\",\"username\":\"usurper\",\"displayName\":\"U\",\"password\":\"a long enough password\"}";
      case "not-a-receipt" -> "{\"receipt\":\"geen bewijs\"}";
      case "password-change" ->
          "{\"username\":\"nobody\",\"password\":\"wrong-password\",\"newPassword\":\"a long enough password\"}";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static String substitute(String path, Map<String, String> ids) {
    Matcher m = Pattern.compile("\\{([A-Z0-9_]+)\\}").matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(ids.get(m.group(1))));
    }
    return m.appendTail(out).toString();
  }

  @Test
  void
      an_account_made_by_the_administrator_must_change_its_password_first_and_a_disabled_one_cannot_log_in()
          throws Exception {
    HttpResponse<String> made =
        gateway.send(
            "POST",
            "/api/admin/accounts",
            "{\"username\":\"nieuwe-ib\",\"displayName\":\"Nina Nieuw\",\"role\":\"school-care-coordinator\",\"organisationId\":\"school-de-brug\"}",
            admin());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String temporary = field(made.body(), "temporaryPassword");
    assertThat(made.body()).contains("\"mustChangePassword\":true");
    HttpResponse<String> first =
        gateway.send("GET", "/fhir/Task", null, basic("nieuwe-ib", temporary));
    assertThat(first.statusCode()).isEqualTo(401);
    assertThat(first.body()).contains("POST /api/password");
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login' and outcome = 'failure' "
                    + "and actor_username = 'nieuwe-ib' and detail like '%must be changed%'"))
        .isEqualTo(1);
    HttpResponse<String> weak =
        gateway.send(
            "POST",
            "/api/password",
            "{\"username\":\"nieuwe-ib\",\"password\":\""
                + temporary
                + "\",\"newPassword\":\"kort\"}",
            "Content-Type",
            "application/json");
    assertThat(weak.statusCode()).isEqualTo(422);
    HttpResponse<String> changed =
        gateway.send(
            "POST",
            "/api/password",
            "{\"username\":\"nieuwe-ib\",\"password\":\""
                + temporary
                + "\",\"newPassword\":\"Herfst op De Brug 2026\"}",
            "Content-Type",
            "application/json");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    assertThat(
            gateway
                .send("GET", "/fhir/Task", null, basic("nieuwe-ib", "Herfst op De Brug 2026"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gateway
                .send("POST", "/api/admin/accounts/nieuwe-ib/disable", null, admin())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gateway
                .send("GET", "/fhir/Task", null, basic("nieuwe-ib", "Herfst op De Brug 2026"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type in ('account-created', 'password-changed', "
                    + "'account-disabled') and detail like '%nieuwe-ib%'"))
        .isEqualTo(3);
    HttpResponse<String> misfit =
        gateway.send(
            "POST",
            "/api/admin/accounts",
            "{\"username\":\"nep-raad\",\"displayName\":\"N\",\"role\":\"child-protection-investigator\",\"organisationId\":\"school-de-brug\"}",
            admin());
    assertThat(misfit.statusCode()).isEqualTo(422);
    assertThat(misfit.body())
        .contains("OperationOutcome")
        .contains("may not hold role child-protection-investigator");
  }

  /**
   * Families get in (issue #18): the parents of c24 (no demo accounts; no other IT uses c24) get
   * the first notice e-mail with an activation link; the mother makes her account with it on
   * /portal/activeren, logs in and sees the release on her start page; the link works once.
   */
  @Test
  void a_parent_without_an_account_activates_it_from_the_first_notice_email_and_sees_the_release()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c24");
    Task done =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-investigation",
                "legal-duty",
                "Onderzoek op verzoek van de kinderrechter",
                "identification",
                "care-plan"));
    assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    String id = done.getIdElement().getIdPart();
    String motherAddress =
        ItDatabase.text(
            "select d.address from notice_delivery d join notice n on n.id = d.notice_id "
                + "where d.request_id = '"
                + id
                + "' and n.recipient_ref like '%-mother'");
    jakarta.mail.internet.MimeMessage mail =
        ItMail.received().stream()
            .filter(m -> ItMail.recipients(m).contains(motherAddress))
            .filter(m -> ItMail.subject(m).contains("Raad voor de Kinderbescherming"))
            .findFirst()
            .orElseThrow();
    String text = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(text)
        .contains("Heeft u nog geen account bij Jeugdpoort?")
        .contains("De link werkt één keer.")
        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
    Matcher link =
        Pattern.compile(
                "(http://[^\\s]+/portal/activeren\\?code=([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}))")
            .matcher(text);
    assertThat(link.find()).as(text).isTrue();
    String code = link.group(2);
    assertThat(
            ItDatabase.count("select count(*) from audit_entry where detail like '%" + code + "%'"))
        .as("the code is not audited")
        .isZero();

    HttpResponse<String> form = gateway.send("GET", "/portal/activeren?code=" + code, null);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("value=\"" + code + "\"");
    String session = match(SESSION, form.headers().firstValue("Set-Cookie").orElseThrow());
    String fields =
        "_csrf="
            + enc(match(CSRF, form.body()))
            + "&code="
            + enc(code)
            + "&gebruikersnaam=moeder-c24"
            + "&wachtwoord="
            + enc("Zon op het plein 2026")
            + "&wachtwoord-herhalen="
            + enc("Zon op het plein 2026");
    HttpResponse<String> made =
        gateway.send(
            "POST",
            "/portal/activeren",
            fields,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + session);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(made.body()).contains("Uw account is klaar");
    assertThat(
            ItDatabase.text(
                "select person_ref || ' ' || youth_bsn || ' ' || family_relation || ' ' || role from account "
                    + "where username = 'moeder-c24'"))
        .isEqualTo("RelatedPerson/c24-mother " + bsn + " authority-holder family-member");
    HttpResponse<String> again =
        gateway.send(
            "POST",
            "/portal/activeren",
            fields.replace("moeder-c24", "iemand-anders"),
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + session);
    assertThat(again.statusCode()).as("the link works once").isEqualTo(403);
    assertThat(again.body()).contains("Deze code werkt niet");

    HttpResponse<String> loginForm = gateway.send("GET", "/portal/login", null);
    String loginSession =
        match(SESSION, loginForm.headers().firstValue("Set-Cookie").orElseThrow());
    HttpResponse<String> login =
        gateway.send(
            "POST",
            "/portal/login",
            "_csrf="
                + enc(match(CSRF, loginForm.body()))
                + "&gebruikersnaam=moeder-c24&wachtwoord="
                + enc("Zon op het plein 2026"),
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + loginSession);
    assertThat(login.statusCode()).isEqualTo(302);
    String own = match(SESSION, login.headers().firstValue("Set-Cookie").orElseThrow());
    HttpResponse<String> home =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + own);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body())
        .contains("id=\"verzoek-" + id + "\"")
        .contains("Raad voor de Kinderbescherming");
  }

  /**
   * The OpenID Connect login (issue #18) against the real OpenID Connect server of the test JVM
   * (ItOidc): the administrator links eva's subject at the provider; the browser goes to
   * /portal/oidc, the provider, back to /portal/oidc/terug, and is logged in as eva (a new
   * session). A subject nobody has is refused.
   */
  @Test
  void
      a_professional_logs_in_through_the_openid_connect_provider_as_the_account_linked_to_her_subject()
          throws Exception {
    HttpResponse<String> linked =
        gateway.send(
            "PUT",
            "/api/admin/accounts/eva/oidc-subject",
            "{\"subject\":\"eva-bij-de-idp\"}",
            admin());
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
    assertThat(linked.body()).contains("\"oidcSubject\":\"eva-bij-de-idp\"");
    assertThat(gateway.send("GET", "/portal/login", null).body()).contains("/portal/oidc");

    ItOidc.next("eva-bij-de-idp");
    String session = oidcLogin();
    HttpResponse<String> home =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + session);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Eva Smit");
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login' and outcome = 'success' "
                    + "and actor_username = 'eva' and detail like 'OpenID Connect%'"))
        .isGreaterThanOrEqualTo(1);

    ItOidc.next("niemand-bij-ons");
    HttpResponse<String> start = gateway.send("GET", "/portal/oidc", null);
    String pending = match(SESSION, start.headers().firstValue("Set-Cookie").orElseThrow());
    java.net.URI back =
        java.net.URI.create(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                start.headers().firstValue("Location").orElseThrow()))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue("Location")
                .orElse(""));
    HttpResponse<String> refused =
        gateway.send(
            "GET",
            "/portal/oidc/terug?" + back.getRawQuery(),
            null,
            "Cookie",
            "JEUGDPOORT_SESSIE=" + pending);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("geen account");
  }

  /**
   * The browser's round trip: /portal/oidc, the provider (which logs in at once), back; the new
   * session.
   */
  private String oidcLogin() throws Exception {
    HttpResponse<String> start = gateway.send("GET", "/portal/oidc", null);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    String pending = match(SESSION, start.headers().firstValue("Set-Cookie").orElseThrow());
    java.net.URI provider =
        java.net.URI.create(start.headers().firstValue("Location").orElseThrow());
    assertThat(provider.getRawQuery()).contains("code_challenge_method=S256");
    HttpResponse<Void> atProvider =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(provider).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(atProvider.statusCode()).isEqualTo(302);
    java.net.URI back =
        java.net.URI.create(atProvider.headers().firstValue("Location").orElseThrow());
    assertThat(back.getRawPath()).endsWith("/portal/oidc/terug");
    HttpResponse<String> done =
        gateway.send(
            "GET",
            "/portal/oidc/terug?" + back.getRawQuery(),
            null,
            "Cookie",
            "JEUGDPOORT_SESSIE=" + pending);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElse("")).endsWith("/portal/");
    return match(SESSION, done.headers().firstValue("Set-Cookie").orElseThrow());
  }

  // ---------------------------------------------------------------------------------------------
  // SMART Backend Services

  @Test
  void
      a_system_gets_a_token_with_a_signed_assertion_and_replays_forgeries_and_revoked_clients_are_refused()
          throws Exception {
    HttpResponse<String> discovery =
        gateway.send("GET", "/fhir/.well-known/smart-configuration", null);
    assertThat(discovery.statusCode()).isEqualTo(200);
    assertThat(discovery.body())
        .contains("\"token_endpoint\":\"" + gateway.url("/auth/token") + "\"")
        .contains("private_key_jwt")
        .contains("client_credentials");
    assertThat(gateway.send("GET", "/auth/jwks", null).body())
        .contains("\"kty\":\"EC\"")
        .doesNotContain("\"d\"");
    assertThat(gateway.send("GET", "/fhir/metadata", null).body())
        .as("rest.security of the CapabilityStatement")
        .contains("SMART-on-FHIR")
        .contains("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
        .contains(gateway.url("/auth/token"));

    SmartClient client = new SmartClient("wijkteam-system");
    register(client, "wijkteam-noord", "neighbourhood-team-worker", "system/Task.rs");
    long tokenAudits = audits("token-request", "success");
    String assertion = client.assertion(gateway.url("/auth/token"), 120);
    HttpResponse<String> granted = tokenRequest(assertion, "system/Task.rs");
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(granted.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(granted.body())
        .contains("\"token_type\":\"bearer\"")
        .contains("\"expires_in\":300")
        .contains("\"scope\":\"system/Task.rs\"");
    assertThat(audits("token-request", "success")).isEqualTo(tokenAudits + 1);
    String token = field(granted.body(), "access_token");
    assertThat(gateway.send("GET", "/fhir/Task", null, bearer(token)).statusCode()).isEqualTo(200);

    long failures = audits("token-request", "failure");
    // The same assertion again: a replay.
    HttpResponse<String> replay = tokenRequest(assertion, "system/Task.rs");
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("invalid_client").contains("jti");
    // Signed with another key than the registered one.
    String forged =
        client.assertion(
            gateway.url("/auth/token"),
            120,
            UUID.randomUUID().toString(),
            new RSAKeyGenerator(2048).keyID(client.key.getKeyID()).generate());
    assertThat(tokenRequest(forged, "system/Task.rs").statusCode()).isEqualTo(401);
    // Expired, too long-lived, for another audience, an unknown client, a scope beyond the
    // registration.
    assertThat(
            tokenRequest(client.assertion(gateway.url("/auth/token"), -120), "system/Task.rs")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            tokenRequest(client.assertion(gateway.url("/auth/token"), 3600), "system/Task.rs")
                .body())
        .contains("at most 5 minutes");
    assertThat(
            tokenRequest(client.assertion("https://elsewhere.example/token", 120), "system/Task.rs")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            tokenRequest(
                    new SmartClient("unknown-system").assertion(gateway.url("/auth/token"), 120),
                    "system/Task.rs")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> beyond =
        tokenRequest(client.assertion(gateway.url("/auth/token"), 120), "system/Task.cruds");
    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(beyond.body()).contains("invalid_scope").contains("system/Task.cruds");
    assertThat(tokenRequest("not-a-jwt", "system/Task.rs").body()).contains("invalid_request");
    assertThat(audits("token-request", "failure"))
        .as("every refused token request is audited")
        .isEqualTo(failures + 8);

    // Revoked: its token no longer works, and it gets no new one.
    assertThat(
            gateway
                .send(
                    "DELETE",
                    "/api/admin/clients/wijkteam-system",
                    null,
                    basic("admin", "demo-admin"))
                .statusCode())
        .isEqualTo(204);
    assertThat(gateway.send("GET", "/fhir/Task", null, bearer(token)).statusCode()).isEqualTo(401);
    assertThat(
            tokenRequest(client.assertion(gateway.url("/auth/token"), 120), "system/Task.rs")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'client-revoked' and detail like '%wijkteam-system%'"))
        .isEqualTo(1);
  }

  @Test
  void the_jdk_http_client_asking_for_cleartext_http2_is_answered_promptly_with_and_without_a_body()
      throws Exception {
    // The JDK's own HttpClient (HTTP/2 preferred) sends "Upgrade: h2c" on plain HTTP. Payara's
    // Grizzly leaves such a request with a body waiting for its end when HTTP/2 is off on the
    // listener (tried: every POST timed out into a 500), so the plain listener keeps Payara's
    // default, HTTP/2 on; this test holds that both kinds of request are answered at once.
    java.net.http.HttpClient jdk =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .build();
    String task =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    "000000000",
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "h2c",
                    "identification"));
    for (int i = 0; i < 10; i++) {
      java.net.http.HttpResponse<String> get =
          jdk.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://"
                              + deployment.getHost()
                              + ":"
                              + deployment.getPort()
                              + "/health/ready"))
                  .timeout(java.time.Duration.ofSeconds(10))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).contains("\"jeugdpoort\"");
      // No credentials: answered 401 without counting as a failed login.
      java.net.http.HttpResponse<String> post =
          jdk.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(deployment.toString() + "fhir/Task"))
                  .timeout(java.time.Duration.ofSeconds(10))
                  .header("Content-Type", "application/fhir+json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(task))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(post.body()).isEqualTo(401);
      // A fresh client each round: a first request on a new connection is the upgrade attempt.
      jdk =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_2)
              .connectTimeout(java.time.Duration.ofSeconds(5))
              .build();
    }
  }

  @Test
  void registering_keys_is_an_audited_admin_action_that_refuses_bad_key_sets() throws Exception {
    SmartClient client = new SmartClient("school-system");
    HttpResponse<String> created =
        gateway.send(
            "POST",
            "/api/admin/clients",
            client.registration("school-de-brug", "school-care-coordinator", "system/Task.crs"),
            admin());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body())
        .contains("\"clientId\":\"school-system\"")
        .contains("school-system-key");
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'client-registered' and actor_username = 'admin' and detail like '%school-system%'"))
        .isEqualTo(1);
    assertThat(
            gateway
                .send(
                    "POST",
                    "/api/admin/clients",
                    client.registration(
                        "school-de-brug", "school-care-coordinator", "system/Task.crs"),
                    admin())
                .statusCode())
        .as("the same client id twice")
        .isEqualTo(409);

    long before = ItDatabase.count("select count(*) from system_client");
    String privateKey =
        "{\"clientId\":\"leaky\",\"organisationId\":\"school-de-brug\",\"actingRole\":\"school-care-coordinator\","
            + "\"scopes\":\"system/Task.rs\",\"jwks\":{\"keys\":["
            + client.key.toJSONString()
            + "]}}";
    assertThat(gateway.send("POST", "/api/admin/clients", privateKey, admin()).body())
        .contains("private key material");
    String other =
        new SmartClient("other")
            .registration("school-de-brug", "school-care-coordinator", "system/Task.rs");
    HttpResponse<String> unknownOrganisation =
        gateway.send(
            "POST", "/api/admin/clients", other.replace("school-de-brug", "no-such-org"), admin());
    assertThat(unknownOrganisation.statusCode()).isEqualTo(422);
    assertThat(unknownOrganisation.body()).contains("OperationOutcome").contains("organisationId");
    assertThat(
            gateway
                .send(
                    "POST",
                    "/api/admin/clients",
                    other.replace("system/Task.rs", "patient/*.read"),
                    admin())
                .body())
        .contains("scopes");
    assertThat(
            gateway
                .send(
                    "POST",
                    "/api/admin/clients",
                    other.replace("school-care-coordinator", "administrator"),
                    admin())
                .body())
        .contains("actingRole");
    HttpResponse<String> misfit =
        gateway.send(
            "POST",
            "/api/admin/clients",
            other.replace("school-care-coordinator", "child-protection-investigator"),
            admin());
    assertThat(misfit.statusCode())
        .as("a school's system as a child-protection investigator (#18)")
        .isEqualTo(422);
    assertThat(misfit.body())
        .contains("an organisation of kind school may not hold role child-protection-investigator");
    HttpResponse<String> malformed =
        gateway.send("POST", "/api/admin/clients", "{\"clientId\": ", admin());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("OperationOutcome").contains("not valid JSON");
    assertThat(ItDatabase.count("select count(*) from system_client")).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // F2, F3: families

  @Test
  void
      a_parent_no_longer_sees_a_youth_of_16_s_records_unless_the_youth_allows_it_but_always_their_own()
          throws Exception {
    // A demo child of 16 or older with both a youth account and a parent account (from the account
    // table).
    String youth =
        ItDatabase.text(
            "select y.username from account y join account p on p.youth_bsn = y.youth_bsn "
                + "where y.family_relation = 'youth' and p.family_relation = 'authority-holder' "
                + "and y.youth_birth_date <= dateadd('YEAR', -16, current_date) order by y.username limit 1");
    String bsn = ItDatabase.text("select youth_bsn from account where username = '" + youth + "'");
    String parent =
        ItDatabase.text(
            "select username from account where youth_bsn = '"
                + bsn
                + "' and family_relation = 'authority-holder' order by username limit 1");

    String youthsObjection =
        gateway
            .as(youth)
            .create()
            .resource(
                Gateway.consent(
                    bsn, "deny", "school-de-brug", "care-coordination", "identification"))
            .execute()
            .getId()
            .getIdPart();
    // The parent's own record, given before the youth turned 16 (from 16 a parent's consent is not
    // taken, C2).
    String parentsConsent = java.util.UUID.randomUUID().toString();
    ItDatabase.execute(
        "insert into consent_record (id, kind, youth_bsn, given_by, given_by_username, recipient_org, purpose, "
            + "categories, information_version, act, period_start, created_at) select '"
            + parentsConsent
            + "', 'consent', youth_bsn, "
            + "person_ref, username, 'school-de-brug', 'care-coordination', 'identification', "
            + "'https://jeugdpoort.nl/fhir/information-text/consent/1', 'AUTHENTICATED_ACT', dateadd('YEAR', -1, current_timestamp), "
            + "dateadd('YEAR', -1, current_timestamp) from account where username = '"
            + parent
            + "'");

    HttpResponse<String> refused =
        gateway.send(
            "GET", "/fhir/Consent/" + youthsObjection, null, basic(parent, "demo-" + parent));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Vanaf 16 jaar beslist").contains("F3").doesNotContain(bsn);
    HttpResponse<String> listed =
        gateway.send("GET", "/fhir/Consent", null, basic(parent, "demo-" + parent));
    assertThat(listed.body())
        .as("the parent's own record (C4), not the youth's")
        .contains(parentsConsent)
        .doesNotContain(youthsObjection);
    assertThat(gateway.send("GET", "/fhir/Consent", null, basic(youth, "demo-" + youth)).body())
        .as("the youth sees everything about themself")
        .contains(parentsConsent)
        .contains(youthsObjection);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'access-refused' and actor_username = '"
                    + parent
                    + "' and rule_ids = 'F3'"))
        .isGreaterThanOrEqualTo(1);

    // The youth allows it: the parent sees the youth's records too.
    ItDatabase.execute(
        "insert into youth_visibility (youth_bsn, parents_may_see, set_by, set_at) values ('"
            + bsn
            + "', true, '"
            + youth
            + "', current_timestamp)");
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/Consent/" + youthsObjection,
                    null,
                    basic(parent, "demo-" + parent))
                .statusCode())
        .isEqualTo(200);
    ItDatabase.execute("delete from youth_visibility where youth_bsn = '" + bsn + "'");
  }

  @Test
  void a_privacy_officer_sees_the_refused_accesses_and_logins_of_their_own_organisation_only()
      throws Exception {
    gateway.send(
        "GET", "/fhir/Task/no-such-request", null, basic("bram", "demo-bram")); // GGZ De Linde
    gateway.send(
        "GET", "/fhir/Task/no-such-request", null, basic("eva", "demo-eva")); // Basisschool De Brug
    HttpResponse<String> events =
        gateway.send(
            "GET", "/fhir/AuditEvent?subtype=access-refused", null, basic("pieter", "demo-pieter"));
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.body()).contains("bram").doesNotContain("\"eva");
    assertThat(
            gateway
                .send("GET", "/fhir/AuditEvent?subtype=login", null, basic("pieter", "demo-pieter"))
                .body())
        .contains("bram")
        .doesNotContain("\"eva");
    // In pages with a next link, not cut off silently (#16.5): bram's login and pieter's own.
    Bundle first = pietersSearch("/fhir/AuditEvent?subtype=login&_count=1");
    assertThat(first.getEntry()).hasSize(1);
    assertThat(first.getTotalElement().getValue()).as("no total before the last page").isNull();
    String next = first.getLink("next").getUrl();
    assertThat(next).contains("_offset=1").contains("subtype=login");
    Bundle second = pietersSearch(next.substring(next.indexOf("/fhir/")));
    assertThat(second.getEntry()).isNotEmpty();
    assertThat(second.getEntryFirstRep().getResource().getIdElement().getIdPart())
        .isNotEqualTo(first.getEntryFirstRep().getResource().getIdElement().getIdPart());
    // One page holding them all is the last: its total, no next link; past the end nothing.
    Bundle all = pietersSearch("/fhir/AuditEvent?subtype=login&_count=200");
    assertThat(all.getTotal()).isEqualTo(all.getEntry().size()).isGreaterThanOrEqualTo(2);
    assertThat(all.getLink("next")).isNull();
    Bundle beyond =
        pietersSearch("/fhir/AuditEvent?subtype=login&_count=1&_offset=" + (all.getTotal() + 5));
    assertThat(beyond.getEntry()).isEmpty();
    assertThat(beyond.getLink("next")).isNull();
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/AuditEvent?subtype=login&_count=201",
                    null,
                    basic("pieter", "demo-pieter"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/AuditEvent?subtype=access-refused",
                    null,
                    basic("bram", "demo-bram"))
                .statusCode())
        .as("not for professionals")
        .isEqualTo(403);
  }

  // ---------------------------------------------------------------------------------------------
  // People: portal login, session cookie, CSRF, lockout

  @Test
  void portal_login_sets_a_strict_session_cookie_rotates_it_and_every_form_needs_its_csrf_token()
      throws Exception {
    HttpResponse<String> form = gateway.send("GET", "/portal/login", null);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .doesNotContain("unsafe");
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    // Attribute values are case-insensitive (RFC 6265bis); Payara writes "SameSite=strict".
    assertThat(cookie)
        .contains("HttpOnly")
        .contains("Secure")
        .containsIgnoringCase("SameSite=Strict")
        .containsPattern("Path=[^;]*/portal;");
    String session = match(SESSION, cookie);
    String csrf = match(CSRF, form.body());

    HttpResponse<String> noToken =
        gateway.send(
            "POST",
            "/portal/login",
            "gebruikersnaam=anna&wachtwoord=demo-anna",
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + session);
    assertThat(noToken.statusCode()).as("a form without the CSRF token").isEqualTo(403);

    HttpResponse<String> login =
        gateway.send(
            "POST",
            "/portal/login",
            "_csrf=" + enc(csrf) + "&gebruikersnaam=anna&wachtwoord=demo-anna",
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + session);
    assertThat(login.statusCode()).isEqualTo(302);
    String rotated = match(SESSION, login.headers().firstValue("Set-Cookie").orElseThrow());
    assertThat(rotated)
        .as("a new session id after login (no session fixation)")
        .isNotEqualTo(session);
    HttpResponse<String> home =
        gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + rotated);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body())
        .contains("Anna de Vries")
        .contains("Wijkteam Noord")
        .contains("lang=\"nl\"");
    assertThat(
            gateway
                .send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + session)
                .statusCode())
        .as("the old session id is worthless")
        .isEqualTo(302);

    String homeCsrf = match(CSRF, home.body());
    assertThat(
            gateway
                .send(
                    "POST",
                    "/portal/logout",
                    "_csrf=wrong",
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Cookie",
                    "JEUGDPOORT_SESSIE=" + rotated)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            gateway
                .send(
                    "POST",
                    "/portal/logout",
                    "_csrf=" + enc(homeCsrf),
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Cookie",
                    "JEUGDPOORT_SESSIE=" + rotated)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gateway
                .send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + rotated)
                .statusCode())
        .isEqualTo(302);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login' and outcome = 'success' "
                    + "and actor_username = 'anna' and detail = 'portal login'"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void
      wrong_passwords_slow_that_name_from_that_address_with_growing_delays_and_never_lock_the_account()
          throws Exception {
    long failures =
        ItDatabase.count(
            "select count(*) from audit_entry where event_type = 'login' and outcome = 'failure' and actor_username = 'femke'");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> wrong =
          gateway.send("GET", "/fhir/Task", null, basic("femke", "guess-" + i));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("OperationOutcome").doesNotContain("throttled");
    }
    HttpResponse<String> right =
        gateway.send("GET", "/fhir/Task", null, basic("femke", "demo-femke"));
    assertThat(right.statusCode())
        .as("within the delay after 3 failures even the right password waits")
        .isEqualTo(401);
    assertThat(right.body())
        .as("the answer does not say the account exists")
        .contains("te veel pogingen");
    Thread.sleep(1300);
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("femke", "demo-femke")).statusCode())
        .as("after the first delay (1 s) the right password works: no lock")
        .isEqualTo(200);

    for (int i = 0; i < 3; i++) {
      gateway.send("GET", "/fhir/Task", null, basic("femke", "again-" + i));
    }
    Thread.sleep(1300);
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("femke", "fourth")).statusCode())
        .isEqualTo(401);
    Thread.sleep(1300);
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("femke", "demo-femke")).statusCode())
        .as("after a 4th failure the delay has doubled (2 s)")
        .isEqualTo(401);
    Thread.sleep(1200);
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("femke", "demo-femke")).statusCode())
        .isEqualTo(200);

    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login' and outcome = 'failure' and actor_username = 'femke'"))
        .as("every attempt audited, the throttled ones too")
        .isEqualTo(failures + 9);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where actor_username = 'femke' and detail like '%throttled%' "
                    + "and access_point is not null"))
        .isEqualTo(2);
    assertThat(
            ItDatabase.count(
                "select count(*) from account where username = 'femke' and locked_until is not null"))
        .isZero();
  }

  @Test
  void
      an_address_that_tries_many_names_is_slowed_for_every_name_and_the_privacy_officer_is_alerted()
          throws Exception {
    Thread.sleep(5500); // the IT's spraying window (arquillian.xml): start without earlier failures
    long alerts = audits("login-alert", "failure");
    long mailedGgz = loginAlertMails("privacy@ggz-de-linde.example").size();
    long mailedGateway = loginAlertMails("fg@jeugdpoort.example").size();
    for (String name : List.of("bram", "spray-a", "spray-b", "spray-c", "spray-d")) {
      assertThat(gateway.send("GET", "/fhir/Task", null, basic(name, "Welkom2026!")).statusCode())
          .isEqualTo(401);
    }
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("dirk", "demo-dirk")).statusCode())
        .as("5 names from one address: every name from it waits, the right password too")
        .isEqualTo(401);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login' and actor_username = 'dirk' "
                    + "and detail like '%address throttled%'"))
        .isGreaterThanOrEqualTo(1);
    assertThat(audits("login-alert", "failure"))
        .as("one alert, for GGZ De Linde (bram's organisation)")
        .isEqualTo(alerts + 1);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'login-alert' and actor_org = 'ggz-de-linde'"))
        .isGreaterThanOrEqualTo(1);
    Thread.sleep(1300);
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("dirk", "demo-dirk")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> seen =
        gateway.send(
            "GET", "/fhir/AuditEvent?subtype=login-alert", null, basic("pieter", "demo-pieter"));
    assertThat(seen.statusCode()).isEqualTo(200);
    assertThat(seen.body()).contains("password spraying").contains("spray-a");
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/AuditEvent?subtype=login-alert",
                    null,
                    basic("carla", "demo-carla"))
                .body())
        .as("not another organisation's privacy officer / not a professional")
        .doesNotContain("spray-a");
    // By e-mail too (issue #17.4, #19): GGZ De Linde's privacy officer and the gateway's own; the
    // count and the address, not the names tried.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                loginAlertMails("privacy@ggz-de-linde.example").size() > mailedGgz
                    && loginAlertMails("fg@jeugdpoort.example").size() > mailedGateway);
    List<jakarta.mail.internet.MimeMessage> mailed =
        loginAlertMails("privacy@ggz-de-linde.example");
    assertThat(ItMail.text(mailed.get(mailed.size() - 1)))
        .contains("5 verschillende namen, ook met namen van uw organisatie")
        .doesNotContain("spray-a");
    Thread.sleep(5500); // leave no throttled address behind for the other tests
  }

  /** A search by pieter (GGZ De Linde's privacy officer), answered 200, as a Bundle. */
  private Bundle pietersSearch(String path) throws Exception {
    HttpResponse<String> r = gateway.send("GET", path, null, basic("pieter", "demo-pieter"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Gateway.FHIR.newJsonParser().parseResource(Bundle.class, r.body());
  }

  /** The spraying alerts e-mailed to {@code address}, oldest first. */
  private static List<jakarta.mail.internet.MimeMessage> loginAlertMails(String address) {
    return ItMail.received().stream()
        .filter(m -> ItMail.recipients(m).contains(address))
        .filter(m -> String.valueOf(ItMail.header(m, "Message-ID")).startsWith("<alert-"))
        .filter(m -> ItMail.text(m).contains("geprobeerd in te loggen met"))
        .toList();
  }

  @Test
  void answers_carry_hsts_csp_and_no_server_banner_and_errors_no_stack_trace() throws Exception {
    for (String path : List.of("/fhir/metadata", "/portal/login", "/auth/jwks", "/no/such/page")) {
      HttpResponse<String> r = gateway.send("GET", path, null);
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as(path)
          .hasValueSatisfying(v -> assertThat(v).contains("max-age="));
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
      assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
      assertThat(r.headers().firstValue("X-Powered-By")).as(path).isEmpty();
      assertThat(r.body()).as(path).doesNotContain("Exception").doesNotContain("Payara");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input: a clear 4xx OperationOutcome, never a stack trace, and not a row written

  @Test
  void bad_input_of_every_kind_gets_a_4xx_operation_outcome_and_leaves_the_database_unchanged()
      throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c4");
    String valid =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn,
                    "ggz-de-linde",
                    "child-protection-investigation",
                    "legal-duty",
                    "Raadsonderzoek",
                    "identification"));
    String validXml =
        Gateway.FHIR
            .newXmlParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn,
                    "ggz-de-linde",
                    "child-protection-investigation",
                    "legal-duty",
                    "Raadsonderzoek",
                    "identification"));
    List<String> injections =
        List.of(
            "'; drop table data_request;--",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}",
            "../../etc/passwd",
            "{\"$gt\":\"\"}",
            "%00",
            "\u202e");
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put(
        "malformed JSON",
        new String[] {"application/fhir+json", "{\"resourceType\":\"Task\",", "400"});
    cases.put(
        "malformed XML",
        new String[] {
          "application/fhir+xml", "<Task xmlns=\"http://hl7.org/fhir\"><status value=", "400"
        });
    cases.put(
        "XML with an external entity",
        new String[] {
          "application/fhir+xml",
          "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Task xmlns=\"http://hl7.org/fhir\"><status value=\"&x;\"/></Task>",
          "400"
        });
    cases.put(
        "XML of the wrong resource type",
        new String[] {
          "application/fhir+xml",
          validXml.replace("<Task", "<Patient").replace("</Task>", "</Patient>"),
          "400"
        });
    cases.put(
        "wrong resource type",
        new String[] {
          "application/fhir+json", "{\"resourceType\":\"Observation\",\"status\":\"final\"}", "400"
        });
    cases.put("not FHIR at all", new String[] {"text/plain", "hello", "415"});
    cases.put(
        "unknown purpose code",
        new String[] {
          "application/fhir+json",
          valid.replace("child-protection-investigation", "curiosity"),
          "422"
        });
    cases.put(
        "unknown category code",
        new String[] {
          "application/fhir+json", valid.replace("\"identification\"", "\"everything\""), "422"
        });
    cases.put(
        "unknown legal basis",
        new String[] {"application/fhir+json", valid.replace("legal-duty", "because"), "422"});
    cases.put(
        "invalid BSN (11-test)",
        new String[] {"application/fhir+json", valid.replace(bsn, "123456789"), "422"});
    cases.put(
        "BSN of letters",
        new String[] {"application/fhir+json", valid.replace(bsn, "abcdefghi"), "422"});
    cases.put(
        "missing purpose",
        new String[] {
          "application/fhir+json",
          Gateway.FHIR
              .newJsonParser()
              .encodeResourceToString(
                  Gateway.request(
                      bsn, "ggz-de-linde", null, "legal-duty", "Raadsonderzoek", "identification")),
          "422"
        });
    cases.put(
        "empty purpose",
        new String[] {
          "application/fhir+json",
          valid
              .replace("\"code\": \"child-protection-investigation\"", "\"code\": \"\"")
              .replace("\"code\":\"child-protection-investigation\"", "\"code\":\"\""),
          "4xx"
        });
    cases.put(
        "empty explanation",
        new String[] {"application/fhir+json", valid.replace("Raadsonderzoek", ""), "4xx"});
    cases.put(
        "unknown source organisation",
        new String[] {
          "application/fhir+json", valid.replace("ggz-de-linde", "no-such-org"), "422"
        });
    cases.put(
        "huge string (900 kB explanation)",
        new String[] {
          "application/fhir+json", valid.replace("Raadsonderzoek", "x".repeat(900_000)), "422"
        });
    cases.put(
        "deeply nested JSON",
        new String[] {
          "application/fhir+json",
          "{\"resourceType\":\"Task\",\"note\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
          "400"
        });
    cases.put(
        "control character",
        new String[] {
          "application/fhir+json", valid.replace("Raadsonderzoek", "Raad\\u0007sonderzoek"), "422"
        });
    int n = 0;
    for (String injection : injections) {
      String json = injection.replace("\\", "\\\\").replace("\"", "\\\"");
      cases.put(
          "injection in the purpose #" + n,
          new String[] {
            "application/fhir+json", valid.replace("child-protection-investigation", json), "422"
          });
      cases.put(
          "injection in the category #" + n,
          new String[] {
            "application/fhir+json", valid.replace("\"identification\"", "\"" + json + "\""), "422"
          });
      cases.put(
          "injection in the legal basis #" + n,
          new String[] {"application/fhir+json", valid.replace("legal-duty", json), "422"});
      cases.put(
          "injection in the BSN #" + n,
          new String[] {"application/fhir+json", valid.replace(bsn, json), "422"});
      cases.put(
          "injection in the source organisation #" + n,
          new String[] {"application/fhir+json", valid.replace("ggz-de-linde", json), "422"});
      n++;
    }
    Map<String, Long> before = ItDatabase.fingerprint();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      HttpResponse<String> r =
          gateway.send(
              "POST",
              "/fhir/Task",
              c.getValue()[1],
              "Content-Type",
              c.getValue()[0],
              "Authorization",
              Gateway.basicAuth("dirk", "demo-dirk"));
      String expected = c.getValue()[2];
      boolean statusOk =
          expected.equals("4xx")
              ? r.statusCode() >= 400 && r.statusCode() < 500
              : r.statusCode() == Integer.parseInt(expected);
      if (!statusOk) {
        failures.add(
            c.getKey()
                + ": expected "
                + expected
                + ", got "
                + r.statusCode()
                + " "
                + abbreviate(r.body()));
      } else if (!r.body().contains("OperationOutcome") || !r.body().contains("diagnostics")) {
        failures.add(
            c.getKey() + ": no OperationOutcome with diagnostics: " + abbreviate(r.body()));
      } else if (r.body().contains("Exception")
          || r.body().contains("\tat ")
          || r.body().contains("root:")) {
        failures.add(c.getKey() + ": the answer shows internals: " + abbreviate(r.body()));
      }
    }
    // The same kinds of input on the other writing endpoints.
    for (String[] other :
        List.of(
            new String[] {
              "/fhir/Consent", "application/fhir+json", "{\"resourceType\":\"Consent\","
            },
            new String[] {"/fhir/Consent", "application/fhir+json", "{\"resourceType\":\"Task\"}"},
            new String[] {
              "/fhir/Consent",
              "application/fhir+json",
              Gateway.FHIR
                  .newJsonParser()
                  .encodeResourceToString(
                      Gateway.consent(
                          "'; drop table consent_record;--",
                          "permit",
                          "school-de-brug",
                          "care-coordination",
                          "identification"))
            })) {
      HttpResponse<String> r =
          gateway.send(
              "POST",
              other[0],
              other[2],
              "Content-Type",
              other[1],
              "Authorization",
              Gateway.basicAuth("ouder-7-mother", "demo-ouder-7-mother"));
      if (r.statusCode() < 400 || r.statusCode() >= 500 || !r.body().contains("OperationOutcome")) {
        failures.add(
            other[0]
                + " "
                + abbreviate(other[2])
                + ": got "
                + r.statusCode()
                + " "
                + abbreviate(r.body()));
      }
    }
    HttpResponse<String> search =
        gateway.send(
            "GET",
            "/fhir/Communication?based-on=" + enc("Task/' or '1'='1"),
            null,
            "Authorization",
            Gateway.basicAuth("dirk", "demo-dirk"));
    if (search.statusCode() != 404 || search.body().contains("\"entry\"")) {
      failures.add(
          "injection in a search parameter: "
              + search.statusCode()
              + " "
              + abbreviate(search.body()));
    }
    assertThat(failures).as("bad input that was not answered with a clear 4xx").isEmpty();
    assertThat(ItDatabase.fingerprint()).as("no row written by any bad input").isEqualTo(before);
    System.out.printf(
        "Bad input: %d kinds of bad Task input, 3 bad Consents and an injected search answered 4xx; no row written%n",
        cases.size());
  }

  // ---------------------------------------------------------------------------------------------
  // Issue #17: hardening from an outside attack

  @Test
  void
      the_public_url_is_configuration_and_a_request_for_another_host_changes_nothing_the_gateway_says()
          throws Exception {
    String foreign = "Host: evil.example\r\n";
    Raw discovery =
        raw("GET " + path("/.well-known/smart-configuration") + " HTTP/1.1\r\n" + foreign);
    assertThat(discovery.status()).isEqualTo(200);
    assertThat(discovery.body())
        .contains("\"token_endpoint\":\"" + gateway.url("/auth/token") + "\"")
        .contains("\"issuer\":\"" + gateway.url("/auth/token") + "\"")
        .doesNotContain("evil.example");
    assertThat(raw("GET " + path("/fhir/metadata") + " HTTP/1.1\r\n" + foreign).body())
        .contains(gateway.url("/auth/token"))
        .doesNotContain("evil.example");
    Raw redirect = raw("GET " + path("/portal/") + " HTTP/1.1\r\n" + foreign);
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location"))
        .as("the portal's redirect")
        .isEqualTo(gateway.url("/portal/login"));

    SmartClient client = new SmartClient("host-check-system");
    register(client, "wijkteam-noord", "neighbourhood-team-worker", "system/Task.rs");
    String evilAudience = "http://evil.example" + path("/auth/token");
    long refused =
        ItDatabase.count(
            "select count(*) from audit_entry where event_type = 'token-request' and outcome = 'failure' "
                + "and actor_username = 'host-check-system' and detail like '%audience%'");
    Raw forged = tokenPost(client.assertion(evilAudience, 120), foreign);
    assertThat(forged.status())
        .as("an assertion made for another host's token URL, sent with that Host")
        .isEqualTo(401);
    assertThat(forged.body()).contains("invalid_client");
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'token-request' and outcome = 'failure' "
                    + "and actor_username = 'host-check-system' and detail like '%audience%'"))
        .isEqualTo(refused + 1);
    Raw granted = tokenPost(client.assertion(gateway.url("/auth/token"), 120), foreign);
    assertThat(granted.status()).isEqualTo(200);
    String token = field(granted.body(), "access_token");
    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer())
        .as("the issuer is the configured one")
        .isEqualTo(gateway.url("/auth/token"));
  }

  @Test
  void
      empty_bodies_unreadable_basic_credentials_and_long_values_get_a_4xx_operation_outcome_never_a_500()
          throws Exception {
    Map<String, Long> before = ItDatabase.fingerprint();
    HttpResponse<String> task =
        gateway.send(
            "POST",
            "/fhir/Task",
            null,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("dirk", "demo-dirk"));
    assertThat(task.statusCode()).as(task.body()).isEqualTo(400);
    assertThat(task.body()).contains("OperationOutcome").contains("empty");
    HttpResponse<String> consent =
        gateway.send(
            "POST",
            "/fhir/Consent",
            null,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("ouder-7-mother", "demo-ouder-7-mother"));
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(400);
    assertThat(consent.body()).contains("OperationOutcome").contains("empty");
    assertThat(ItDatabase.fingerprint()).isEqualTo(before);

    for (String header :
        List.of(
            "Basic !!!notbase64",
            "Basic " + "x".repeat(3),
            "Basic ",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
            Gateway.basicAuth("u".repeat(100), "whatever"))) {
      HttpResponse<String> r = gateway.send("GET", "/fhir/Task", null, "Authorization", header);
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(r.body()).as(header).contains("OperationOutcome");
    }

    String longIss = "i".repeat(100);
    long failures = audits("token-request", "failure");
    HttpResponse<String> token =
        tokenRequest(
            new SmartClient(longIss).assertion(gateway.url("/auth/token"), 120), "system/Task.rs");
    assertThat(token.statusCode()).as(token.body()).isEqualTo(401);
    assertThat(token.body()).contains("invalid_client");
    assertThat(audits("token-request", "failure")).isEqualTo(failures + 1);
    assertThat(
            ItDatabase.text(
                "select actor_username from audit_entry where event_type = 'token-request' order by entry_no desc limit 1"))
        .as("cut to the column width, the cut marked")
        .hasSize(64)
        .endsWith("…")
        .startsWith("iiii");
  }

  @Test
  void
      not_yours_and_does_not_exist_answer_the_very_same_404_on_every_resource_type_and_both_are_audited()
          throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c10");
    Task theirs =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-measure",
                "legal-duty",
                "Uitvoering ondertoezichtstelling",
                "identification"));
    String taskId = theirs.getIdElement().getIdPart();
    String bundleId = release(theirs);
    String noticeId = notice("carla", taskId);
    String consentId = consentOf("ouder-8-mother", gateway.bsnOf("wijkteam-noord", "c8"));
    Map<String, String[]> probes = new LinkedHashMap<>();
    probes.put(
        "Task", new String[] {"/fhir/Task/" + taskId, "/fhir/Task/" + UUID.randomUUID(), "dirk"});
    probes.put(
        "Bundle",
        new String[] {"/fhir/Bundle/" + bundleId, "/fhir/Bundle/" + UUID.randomUUID(), "dirk"});
    probes.put(
        "Communication",
        new String[] {
          "/fhir/Communication/" + noticeId, "/fhir/Communication/" + UUID.randomUUID(), "dirk"
        });
    probes.put(
        "AuditEvent",
        new String[] {
          "/fhir/AuditEvent?entity=Task/" + taskId,
          "/fhir/AuditEvent?entity=Task/" + UUID.randomUUID(),
          "dirk"
        });
    probes.put(
        "Consent",
        new String[] {
          "/fhir/Consent/" + consentId, "/fhir/Consent/" + UUID.randomUUID(), "ouder-7-mother"
        });
    java.util.Set<String> bodies = new java.util.HashSet<>();
    for (Map.Entry<String, String[]> p : probes.entrySet()) {
      String user = p.getValue()[2];
      long audited =
          ItDatabase.count(
              "select count(*) from audit_entry where event_type = 'access-refused' and actor_username = '"
                  + user
                  + "'");
      HttpResponse<String> notYours =
          gateway.send("GET", p.getValue()[0], null, basic(user, "demo-" + user));
      HttpResponse<String> unknown =
          gateway.send("GET", p.getValue()[1], null, basic(user, "demo-" + user));
      assertThat(notYours.statusCode()).as(p.getKey() + " not yours").isEqualTo(404);
      assertThat(unknown.statusCode()).as(p.getKey() + " unknown").isEqualTo(404);
      assertThat(notYours.body())
          .as(p.getKey() + ": the same body for both")
          .isEqualTo(unknown.body());
      assertThat(notYours.body())
          .as(p.getKey())
          .doesNotContain(taskId)
          .doesNotContain("is not known");
      assertThat(
              ItDatabase.count(
                  "select count(*) from audit_entry where event_type = 'access-refused' and actor_username = '"
                      + user
                      + "'"))
          .as(p.getKey() + ": both probes audited")
          .isEqualTo(audited + 2);
      bodies.add(notYours.body());
    }
    assertThat(bodies).as("one body for every resource type").hasSize(1);
  }

  @Test
  void validation_cost_is_bounded_before_profile_validation_and_writes_are_rate_limited_per_caller()
      throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c4");
    Task huge =
        Gateway.request(
            bsn,
            "ggz-de-linde",
            "child-protection-investigation",
            "legal-duty",
            "Raadsonderzoek",
            "identification");
    for (int i = 0; i < 6_000; i++) { // ~750 kB, under the 1 MiB body limit
      huge.addInput()
          .setValue(new org.hl7.fhir.r4.model.CodeType("identification"))
          .getType()
          .addCoding()
          .setSystem(Gateway.PARAM)
          .setCode("category");
    }
    String body = Gateway.FHIR.newJsonParser().encodeResourceToString(huge);
    assertThat(body.length()).isBetween(500_000, 1_000_000);
    long start = System.nanoTime();
    HttpResponse<String> answer = gateway.postTask(body, "dirk", "demo-dirk");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer.statusCode()).isEqualTo(422);
    assertThat(answer.body()).contains("too-costly").contains("Task.input");
    assertThat(millis).as("answered before any profile validation").isLessThan(5_000);
    assertThat(answer.body().length()).isLessThan(5_000);

    Task many =
        Gateway.request(
            bsn, "ggz-de-linde", "child-protection-investigation", "legal-duty", "Raadsonderzoek");
    for (int i = 0; i < 45; i++) {
      many.addInput()
          .setValue(new org.hl7.fhir.r4.model.CodeType("no-such-category-" + i))
          .getType()
          .addCoding()
          .setSystem(Gateway.PARAM)
          .setCode("category");
    }
    HttpResponse<String> invalid =
        gateway.postTask(
            Gateway.FHIR.newJsonParser().encodeResourceToString(many), "dirk", "demo-dirk");
    assertThat(invalid.statusCode()).isEqualTo(422);
    int issues = invalid.body().split("\"severity\"", -1).length - 1;
    assertThat(issues).as("45 wrong codes: 20 issues and one saying how many more").isEqualTo(21);
    assertThat(invalid.body()).contains("more issues not shown");

    int attempts = 0;
    HttpResponse<String> limited = null;
    while (attempts++ < 130) {
      HttpResponse<String> r =
          gateway.send(
              "POST",
              "/fhir/Task",
              null,
              "Content-Type",
              "application/fhir+json",
              "Authorization",
              Gateway.basicAuth("bram", "demo-bram"));
      if (r.statusCode() == 429) {
        limited = r;
        break;
      }
      assertThat(r.statusCode()).isEqualTo(400);
    }
    assertThat(limited).as("the 121st write within a minute").isNotNull();
    assertThat(attempts).isGreaterThan(100);
    assertThat(limited.body()).contains("OperationOutcome").contains("too many writes");
    assertThat(limited.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
    assertThat(gateway.send("GET", "/fhir/Task", null, basic("bram", "demo-bram")).statusCode())
        .as("reading goes on")
        .isEqualTo(200);
  }

  @Test
  void smaller_leaks_are_closed_version_metrics_openapi_assertion_times_and_csrf()
      throws Exception {
    String ownVersion;
    try (java.util.jar.JarFile war = new java.util.jar.JarFile(System.getProperty("gateway.war"))) {
      ownVersion = war.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    assertThat(ownVersion).isNotBlank();
    String metadata = gateway.send("GET", "/fhir/metadata", null).body();
    assertThat(
            Gateway.FHIR
                .newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.CapabilityStatement.class, metadata)
                .getSoftware()
                .getVersion())
        .as("CapabilityStatement.software.version")
        .isEqualTo(ownVersion);

    Raw metrics = rawAt("GET /metrics HTTP/1.1\r\n");
    assertThat(metrics.status()).as("/metrics is off").isIn(403, 404);
    assertThat(metrics.body()).doesNotContain("base_").doesNotContain("# TYPE");
    Raw openapi = rawAt("GET /openapi HTTP/1.1\r\n");
    assertThat(openapi.status()).as("/openapi is off, not a 500").isIn(403, 404);
    assertThat(openapi.body()).doesNotContain("openapi:");

    // GET /fhir/Task/%ZZ is answered by Payara's ContainerMapper (200, empty) before any
    // application code
    // runs; not fixable in the gateway (docs/security.md, issue #17 item 8).
    Raw escape =
        raw(
            "GET "
                + path("/fhir/Task/%ZZ")
                + " HTTP/1.1\r\n"
                + "Authorization: "
                + Gateway.basicAuth("dirk", "demo-dirk")
                + "\r\n");
    assertThat(escape.body())
        .as("a broken %-escape reveals nothing")
        .doesNotContain("Task")
        .doesNotContain("Payara");

    SmartClient client = new SmartClient("clock-check-system");
    register(client, "wijkteam-noord", "neighbourhood-team-worker", "system/Task.rs");
    String aud = gateway.url("/auth/token");
    assertThat(tokenRequest(client.assertion(aud, -59), "system/Task.rs").statusCode())
        .as("exp 59 s ago")
        .isEqualTo(401);
    assertThat(
            tokenRequest(
                    client.assertion(aud, 120, UUID.randomUUID().toString(), client.key, null),
                    "system/Task.rs")
                .body())
        .as("no iat")
        .contains("invalid_client");
    assertThat(
            tokenRequest(
                    client.assertion(
                        aud,
                        120,
                        UUID.randomUUID().toString(),
                        client.key,
                        Instant.now().plusSeconds(60)),
                    "system/Task.rs")
                .body())
        .as("iat in the future")
        .contains("iat");
    assertThat(
            tokenRequest(
                    client.assertion(
                        aud,
                        120,
                        UUID.randomUUID().toString(),
                        client.key,
                        Instant.now().minusSeconds(600)),
                    "system/Task.rs")
                .body())
        .as("iat 10 minutes old")
        .contains("iat");
    assertThat(tokenRequest(client.assertion(aud, 120), "system/Task.rs").statusCode())
        .isEqualTo(200);

    HttpResponse<String> form = gateway.send("GET", "/portal/login", null);
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    // Once (the HTTP listener's setting wrote it twice; now WEB-INF/glassfish-web.xml), and still
    // Secure.
    assertThat(cookie.toLowerCase(java.util.Locale.ROOT).split("samesite=strict", -1))
        .as(cookie)
        .hasSize(2);
    assertThat(cookie).contains("Secure").contains("HttpOnly");

    // Outside the application (as while it is being deployed): a neutral 404, not Payara's error
    // report.
    Raw outside = rawAt("GET /no-such-application/page HTTP/1.1\r\n");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.body())
        .as("Payara's own 404 page named Payara Micro and its version")
        .contains("not found")
        .doesNotContain("Payara")
        .doesNotContain("6.20");
    Raw inside = raw("GET " + path("/no-such-page") + " HTTP/1.1\r\n");
    assertThat(inside.status()).isEqualTo(404);
    assertThat(inside.header("Strict-Transport-Security"))
        .as("inside the application: its own 404, with its headers")
        .isNotNull();
    assertThat(inside.body()).doesNotContain("Payara");
    String before = match(CSRF, form.body());
    HttpResponse<String> login =
        gateway.send(
            "POST",
            "/portal/login",
            "_csrf=" + enc(before) + "&gebruikersnaam=anna&wachtwoord=demo-anna",
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + match(SESSION, cookie));
    assertThat(login.statusCode()).isEqualTo(302);
    String session = match(SESSION, login.headers().firstValue("Set-Cookie").orElseThrow());
    String after =
        match(
            CSRF,
            gateway.send("GET", "/portal/", null, "Cookie", "JEUGDPOORT_SESSIE=" + session).body());
    assertThat(after).as("a new CSRF token after login").isNotEqualTo(before);
    assertThat(
            gateway
                .send(
                    "POST",
                    "/portal/logout",
                    "_csrf=" + enc(before),
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Cookie",
                    "JEUGDPOORT_SESSIE=" + session)
                .statusCode())
        .as("the token from before the login is worthless")
        .isEqualTo(403);
  }

  @Test
  void slow_clients_are_cut_off_and_capped_per_address_while_an_ordinary_get_still_answers()
      throws Exception {
    // 50 connections from 127.0.0.2 (another loopback address than this test's own requests come
    // from)
    // that send a POST body of 1000 bytes one byte a second; at most 20 s, loopback only.
    int slow = 50;
    String head =
        "POST "
            + path("/fhir/Task")
            + " HTTP/1.1\r\nHost: "
            + deployment.getHost()
            + ":"
            + deployment.getPort()
            + "\r\nContent-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n";
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(slow);
    List<java.util.concurrent.Future<int[]>> answers = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < slow; i++) {
        answers.add(
            pool.submit(
                () -> {
                  try (java.net.Socket socket = new java.net.Socket()) {
                    socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
                    socket.connect(
                        new java.net.InetSocketAddress("127.0.0.1", deployment.getPort()), 5000);
                    socket.setSoTimeout(500);
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                    java.io.InputStream in = socket.getInputStream();
                    while (System.nanoTime() - start < 20_000_000_000L) {
                      if (in.available() > 0) {
                        String line =
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))
                                .readLine();
                        return new int[] {
                          Integer.parseInt(line.split(" ")[1]),
                          (int) ((System.nanoTime() - start) / 1_000_000)
                        };
                      }
                      try {
                        socket.getOutputStream().write(' ');
                        socket.getOutputStream().flush();
                      } catch (java.io.IOException closedByServer) {
                        return new int[] {0, (int) ((System.nanoTime() - start) / 1_000_000)};
                      }
                      Thread.sleep(1000);
                    }
                    return new int[] {-1, 20_000};
                  }
                }));
      }
      Thread.sleep(2000);
      long before = System.nanoTime();
      HttpResponse<String> ordinary = gateway.get("/fhir/Task", "dirk");
      long ordinaryMillis = (System.nanoTime() - before) / 1_000_000;
      assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(200);
      assertThat(ordinaryMillis)
          .as("an ordinary GET while 50 slow clients are connected")
          .isLessThan(5_000);

      int cut = 0;
      int capped = 0;
      for (java.util.concurrent.Future<int[]> f : answers) {
        int[] a = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a[0]).as("every slow client answered or closed within 20 s").isNotEqualTo(-1);
        assertThat(a[1]).as("…and within the body time-out (10 s) and a little").isLessThan(15_000);
        if (a[0] == 408) {
          cut++;
        } else if (a[0] == 429) {
          capped++;
        }
      }
      System.out.printf(
          "Slow clients: %d cut off after the body time-out (408), %d refused at once (429, at most 16 per address)%n",
          cut, capped);
      assertThat(capped)
          .as("more than 16 at once from one address are refused at once")
          .isGreaterThanOrEqualTo(slow - 16);
      assertThat(cut).isGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_hazelcast_member_port_is_bound_to_loopback_only() throws Exception {
    // The gateway's Payara Micro is a child process of this JVM; its listening sockets are found by
    // inode.
    java.util.Set<String> inodes = new java.util.HashSet<>();
    ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().orElse("").endsWith("java"))
        .forEach(
            p -> {
              java.io.File[] fds = new File("/proc/" + p.pid() + "/fd").listFiles();
              for (File fd : fds == null ? new File[0] : fds) {
                try {
                  String target = java.nio.file.Files.readSymbolicLink(fd.toPath()).toString();
                  if (target.startsWith("socket:[")) {
                    inodes.add(target.substring(8, target.length() - 1));
                  }
                } catch (java.io.IOException | UnsupportedOperationException gone) {
                  // closed meanwhile
                }
              }
            });
    assertThat(inodes).as("sockets of the gateway process").isNotEmpty();
    List<String> hazelcast = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))
              .subList(1, java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)).size())) {
        String[] f = line.trim().split("\\s+");
        String[] local = f[1].split(":");
        int port = Integer.parseInt(local[1], 16);
        if (f[3].equals("0A") && inodes.contains(f[9]) && port >= 6900 && port < 7000) {
          hazelcast.add(local[0] + ":" + port);
        }
      }
    }
    assertThat(hazelcast).as("the Hazelcast member listens").isNotEmpty();
    List<String> probed = new ArrayList<>();
    for (String socket : hazelcast) {
      assertThat(socket)
          .as("bound to 127.0.0.1 (IPv4 or IPv4-mapped IPv6), not to every interface")
          .matches("(0100007F|0000000000000000FFFF00000100007F):\\d+");
      int port = Integer.parseInt(socket.substring(socket.indexOf(':') + 1));
      // This machine's own non-loopback addresses must not reach it (the traffic stays on the
      // machine).
      for (java.net.InetAddress own :
          java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
              .filter(
                  i -> {
                    try {
                      return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                      return false;
                    }
                  })
              .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
              .filter(address -> address instanceof java.net.Inet4Address)
              .toList()) {
        try (java.net.Socket probe = new java.net.Socket()) {
          probe.connect(new java.net.InetSocketAddress(own, port), 2000);
          org.junit.jupiter.api.Assertions.fail(
              "Hazelcast port " + port + " answers on " + own.getHostAddress());
        } catch (java.net.ConnectException refused) {
          probed.add(own.getHostAddress());
        }
      }
    }
    System.out.printf(
        "Hazelcast: member port(s) %s bound to loopback; refused on %s%n", hazelcast, probed);
  }

  // ---------------------------------------------------------------------------------------------
  // Issue #20 item 1 at the edges: every refusal at every entry point is audited (A1)

  @Test
  void every_refusal_at_every_entry_point_is_audited_with_who_where_what_and_why()
      throws Exception {
    // A system of GGZ De Linde, whose privacy officer is pieter.
    SmartClient client = new SmartClient("edge-audit-system");
    register(client, "ggz-de-linde", "youth-mental-health-clinician", "system/Task.rs");
    String refusedAsClient =
        "select count(*) from audit_entry where event_type = 'access-refused' and outcome = 'refused' "
            + "and actor_username = 'edge-audit-system' and actor_org = 'ggz-de-linde' and actor_role = 'youth-mental-health-clinician' "
            + "and access_point is not null and detail like 'GET %/fhir/Task: invalid access token%(401)'";

    // A forged access token naming the client: refused, with the registered client's organisation.
    long forgedBefore = ItDatabase.count(refusedAsClient);
    HttpResponse<String> forged =
        gateway.send(
            "GET",
            "/fhir/Task",
            null,
            bearer(
                forgedToken("edge-audit-system", "ggz-de-linde", "youth-mental-health-clinician")));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("OperationOutcome");
    assertThat(ItDatabase.count(refusedAsClient))
        .as("a forged bearer token on /fhir")
        .isEqualTo(forgedBefore + 1);

    // Not a JWT at all: refused, audited without a name.
    long garbage =
        ItDatabase.count(
            "select count(*) from audit_entry where event_type = 'access-refused' "
                + "and actor_username = '(none)' and detail like '%invalid access token%'");
    assertThat(gateway.send("GET", "/fhir/Task", null, bearer("not-a-token")).statusCode())
        .isEqualTo(401);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'access-refused' "
                    + "and actor_username = '(none)' and detail like '%invalid access token%'"))
        .isEqualTo(garbage + 1);

    // A real token of a client that was revoked since: refused and audited with the organisation;
    // so is its token request.
    String token = token(client, "system/Task.rs");
    assertThat(gateway.send("GET", "/fhir/Task", null, bearer(token)).statusCode()).isEqualTo(200);
    assertThat(
            gateway
                .send(
                    "DELETE",
                    "/api/admin/clients/edge-audit-system",
                    null,
                    basic("admin", "demo-admin"))
                .statusCode())
        .isEqualTo(204);
    long revokedBefore =
        ItDatabase.count(refusedAsClient + " and detail like '%no longer registered%'");
    assertThat(gateway.send("GET", "/fhir/Task", null, bearer(token)).statusCode()).isEqualTo(401);
    assertThat(ItDatabase.count(refusedAsClient + " and detail like '%no longer registered%'"))
        .isEqualTo(revokedBefore + 1);
    String tokenRefused =
        "select count(*) from audit_entry where event_type = 'token-request' and outcome = 'failure' "
            + "and actor_username = 'edge-audit-system' and actor_org = 'ggz-de-linde' and access_point is not null";
    long tokenBefore = ItDatabase.count(tokenRefused);
    assertThat(
            tokenRequest(client.assertion(gateway.url("/auth/token"), 120), "system/Task.rs")
                .statusCode())
        .isEqualTo(401);
    assertThat(ItDatabase.count(tokenRefused))
        .as("a token refusal is stored with the organisation")
        .isEqualTo(tokenBefore + 1);

    // An unreadable Basic header: a failed login, with the request, no password checked.
    String unreadable =
        "select count(*) from audit_entry where event_type = 'login' and outcome = 'failure' "
            + "and access_point is not null and detail like '%unreadable Authorization header%/fhir/Communication'";
    long unreadableBefore = ItDatabase.count(unreadable);
    assertThat(
            gateway
                .send("GET", "/fhir/Communication", null, "Authorization", "Basic !!!")
                .statusCode())
        .isEqualTo(401);
    assertThat(ItDatabase.count(unreadable)).isEqualTo(unreadableBefore + 1);

    // A CSRF refusal: without a session, and in a logged-in session with a wrong token (then with
    // the person).
    String csrf =
        "select count(*) from audit_entry where event_type = 'access-refused' and access_point is not null "
            + "and detail like 'POST %/portal/log%: % (CSRF check, 403)'";
    long csrfBefore = ItDatabase.count(csrf);
    assertThat(
            gateway
                .send(
                    "POST",
                    "/portal/login",
                    "_csrf=guess&gebruikersnaam=anna&wachtwoord=demo-anna",
                    "Content-Type",
                    "application/x-www-form-urlencoded")
                .statusCode())
        .as("no session")
        .isEqualTo(403);
    List<String> session = sessionHeaders("prof");
    session.addAll(List.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(
            gateway
                .send("POST", "/portal/logout", "_csrf=guess", session.toArray(String[]::new))
                .statusCode())
        .isEqualTo(403);
    assertThat(ItDatabase.count(csrf)).isEqualTo(csrfBefore + 2);
    assertThat(
            ItDatabase.count(
                csrf + " and actor_username = 'dirk' and detail like '%wrong CSRF token%'"))
        .isGreaterThanOrEqualTo(1);

    // Probes that no provider sees: an unknown resource type, a public resource's unknown id. The
    // same 404 body.
    String notFoundBody =
        gateway
            .send("GET", "/fhir/Task/" + UUID.randomUUID(), null, basic("dirk", "demo-dirk"))
            .body();
    for (String[] probe :
        List.of(
            new String[] {"/fhir/Patient/123", "dirk"},
            new String[] {"/fhir/CodeSystem/no-such-code-system", null},
            new String[] {"/fhir/Observation?subject=Patient/123", "dirk"})) {
      String audited =
          "select count(*) from audit_entry where event_type = 'access-refused' and access_point is not null and actor_username = '"
              + (probe[1] == null ? "(none)" : probe[1])
              + "' and detail like 'GET %"
              + probe[0].replaceAll("\\?.*", "")
              + ": %(404)'";
      long before = ItDatabase.count(audited);
      HttpResponse<String> r =
          gateway.send(
              "GET",
              probe[0],
              null,
              probe[1] == null ? new String[0] : basic(probe[1], "demo-" + probe[1]));
      assertThat(r.statusCode()).as(probe[0]).isEqualTo(404);
      assertThat(r.body()).as(probe[0] + ": the one 404 body").isEqualTo(notFoundBody);
      assertThat(ItDatabase.count(audited)).as(probe[0] + " audited").isEqualTo(before + 1);
    }

    // The privacy officer finds these under every documented security subtype (none answers 400).
    HttpResponse<String> tokens =
        gateway.send(
            "GET", "/fhir/AuditEvent?subtype=token-request", null, basic("pieter", "demo-pieter"));
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    assertThat(tokens.body())
        .contains("edge-audit-system")
        .contains("registration was revoked")
        .doesNotContain("host-check-system");
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/AuditEvent?subtype=access-refused",
                    null,
                    basic("pieter", "demo-pieter"))
                .body())
        .contains("edge-audit-system")
        .contains("invalid access token");
    HttpResponse<String> registrations =
        gateway.send(
            "GET",
            "/fhir/AuditEvent?subtype=client-registered",
            null,
            basic("pieter", "demo-pieter"));
    assertThat(registrations.statusCode()).isEqualTo(200);
    assertThat(registrations.body())
        .contains("system client edge-audit-system")
        .doesNotContain("system client raad-system ");
    assertThat(
            gateway
                .send(
                    "GET",
                    "/fhir/AuditEvent?subtype=client-revoked",
                    null,
                    basic("pieter", "demo-pieter"))
                .body())
        .contains("system client edge-audit-system");
    for (String subtype :
        List.of(
            "access-refused",
            "login",
            "login-alert",
            "logout",
            "token-request",
            "client-registered",
            "client-revoked",
            "identity-conflict",
            "source-access-denied",
            "source-unsupported",
            "source-bad-answer")) {
      assertThat(
              gateway
                  .send(
                      "GET",
                      "/fhir/AuditEvent?subtype=" + subtype,
                      null,
                      basic("pieter", "demo-pieter"))
                  .statusCode())
          .as("AuditEvent?subtype=" + subtype)
          .isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Issue #16 item 4: cheap authentication per call

  @Test
  void
      a_verified_password_is_reused_for_later_calls_with_one_login_entry_and_a_changed_password_is_refused_at_once()
          throws Exception {
    // The mother of c8 (SecurityIT's child); her password is back as it was at the end.
    String user = "ouder-8-mother";
    String logins =
        "select count(*) from audit_entry where event_type = 'login' and outcome = 'success' and actor_username = '"
            + user
            + "'";
    // A wrong password first: it forgets any verification of this name from an earlier test.
    assertThat(gateway.send("GET", "/fhir/Consent", null, basic(user, "wrong")).statusCode())
        .isEqualTo(401);
    long before = ItDatabase.count(logins);
    long[] millis = new long[10];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      assertThat(
              gateway.send("GET", "/fhir/Consent", null, basic(user, "demo-" + user)).statusCode())
          .isEqualTo(200);
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    assertThat(ItDatabase.count(logins))
        .as("ten calls, one verification: one login entry")
        .isEqualTo(before + 1);
    System.out.printf(
        "Basic calls: first (argon2id) %d ms, then %s ms (verification reused)%n",
        millis[0],
        java.util.Arrays.toString(java.util.Arrays.copyOfRange(millis, 1, millis.length)));
    assertThat(
            gateway
                .send("GET", "/fhir/Consent", null, basic(user, "demo-" + user + "x"))
                .statusCode())
        .as("another password is checked, not taken from the cache")
        .isEqualTo(401);

    // The password changes in the account table (here: to ouder-7-mother's, whose password is
    // known).
    String original =
        ItDatabase.text("select password_hash from account where username = '" + user + "'");
    assertThat(gateway.send("GET", "/fhir/Consent", null, basic(user, "demo-" + user)).statusCode())
        .isEqualTo(200);
    ItDatabase.execute(
        "update account set password_hash = (select password_hash from account where username = 'ouder-7-mother') "
            + "where username = '"
            + user
            + "'");
    try {
      assertThat(
              gateway.send("GET", "/fhir/Consent", null, basic(user, "demo-" + user)).statusCode())
          .as("the old password right after the change")
          .isEqualTo(401);
      assertThat(
              gateway
                  .send("GET", "/fhir/Consent", null, basic(user, "demo-ouder-7-mother"))
                  .statusCode())
          .as("the new one")
          .isEqualTo(200);
    } finally {
      ItDatabase.execute(
          "update account set password_hash = '" + original + "' where username = '" + user + "'");
    }
    assertThat(gateway.send("GET", "/fhir/Consent", null, basic(user, "demo-" + user)).statusCode())
        .isEqualTo(200);
    assertThat(ItDatabase.count(logins))
        .as("each new verification is a login")
        .isEqualTo(before + 4);
  }

  // ---------------------------------------------------------------------------------------------
  // Issue #17 item 2: request headers that trickle in

  @Test
  void request_headers_that_trickle_in_hold_no_worker_and_an_ordinary_get_still_answers()
      throws Exception {
    // 100 connections from 127.0.0.3 that send a request header one byte a second, for 8 s
    // (loopback only).
    int slow = 100;
    List<java.net.Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < slow; i++) {
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new java.net.InetSocketAddress("127.0.0.3", 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", deployment.getPort()), 5000);
        socket
            .getOutputStream()
            .write(
                ("GET " + path("/fhir/Task") + " HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    .getBytes(StandardCharsets.US_ASCII));
        sockets.add(socket);
      }
      long worst = 0;
      for (int second = 0; second < 8; second++) {
        for (java.net.Socket socket : sockets) {
          socket.getOutputStream().write('a');
          socket.getOutputStream().flush();
        }
        long start = System.nanoTime();
        HttpResponse<String> ordinary = gateway.get("/fhir/Task", "dirk");
        worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
        assertThat(ordinary.statusCode()).isEqualTo(200);
        Thread.sleep(1000);
      }
      System.out.printf(
          "Trickling headers: %d connections; the slowest ordinary GET took %d ms%n", slow, worst);
      assertThat(worst)
          .as("an ordinary GET while %d clients trickle their headers", slow)
          .isLessThan(5_000);
    } finally {
      for (java.net.Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** An answer read from a raw socket: status, headers (lower-case names), body. */
  private record Raw(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** The path of the application for {@code p} (the deployment has a context path). */
  private String path(String p) {
    String ctx = deployment.getPath();
    return (ctx.endsWith("/") ? ctx.substring(0, ctx.length() - 1) : ctx) + p;
  }

  /**
   * {@code head} (request line and extra headers) to the gateway, with its own Host unless given.
   */
  private Raw raw(String head) throws Exception {
    return raw(deployment.getHost(), head, "");
  }

  /** A request to the server's root (outside the application). */
  private Raw rawAt(String head) throws Exception {
    return raw(head);
  }

  private Raw raw(String connectTo, String head, String body) throws Exception {
    String request =
        head
            + (head.contains("\r\nHost: ")
                ? ""
                : "Host: " + deployment.getHost() + ":" + deployment.getPort() + "\r\n")
            + "Connection: close\r\n"
            + (body.isEmpty()
                ? ""
                : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
            + "\r\n"
            + body;
    try (java.net.Socket socket = new java.net.Socket(connectTo, deployment.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String[] lines = (split < 0 ? text : text.substring(0, split)).split("\r\n");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Raw(
          Integer.parseInt(lines[0].split(" ")[1]),
          headers,
          split < 0 ? "" : text.substring(split + 4));
    }
  }

  private Raw tokenPost(String assertion, String extraHeaders) throws Exception {
    String form =
        "grant_type=client_credentials&client_assertion_type="
            + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            + "&client_assertion="
            + enc(assertion)
            + "&scope="
            + enc("system/Task.rs");
    return raw(
        deployment.getHost(),
        "POST "
            + path("/auth/token")
            + " HTTP/1.1\r\n"
            + extraHeaders
            + "Content-Type: application/x-www-form-urlencoded\r\n",
        form);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private String register(SmartClient client, String organisation, String role, String scopes)
      throws Exception {
    HttpResponse<String> r =
        gateway.send(
            "POST", "/api/admin/clients", client.registration(organisation, role, scopes), admin());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return client.clientId;
  }

  private String token(SmartClient client, String scope) throws Exception {
    HttpResponse<String> r = tokenRequest(client.assertion(gateway.url("/auth/token"), 240), scope);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return field(r.body(), "access_token");
  }

  private HttpResponse<String> tokenRequest(String assertion, String scope) throws Exception {
    String form =
        "grant_type=client_credentials&client_assertion_type="
            + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            + "&client_assertion="
            + enc(assertion)
            + "&scope="
            + enc(scope);
    return gateway.send(
        "POST", "/auth/token", form, "Content-Type", "application/x-www-form-urlencoded");
  }

  /** A well-formed access token signed by someone else's key. */
  private static String forgedToken() throws Exception {
    return forgedToken("raad-system", "raad-kinderbescherming", "child-protection-investigator");
  }

  /** A well-formed access token for {@code clientId}, signed by someone else's key. */
  private static String forgedToken(String clientId, String organisation, String role)
      throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("forger").generate();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(clientId)
            .claim("org", organisation)
            .claim("role", role)
            .claim("scope", "system/*.*")
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("forger")
                .build(),
            claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private final Map<String, String> sessions = new HashMap<>();

  /** A logged-in portal session for the person callers; none for the others. */
  private List<String> sessionHeaders(String caller) throws Exception {
    Map<String, String> people =
        Map.of("prof", "dirk", "po", "pieter", "fam", "ouder-7-mother", "admin", "admin");
    String user = people.get(caller);
    if (user == null) {
      return new ArrayList<>();
    }
    if (!sessions.containsKey(user)) {
      HttpResponse<String> form = gateway.send("GET", "/portal/login", null);
      String session = match(SESSION, form.headers().firstValue("Set-Cookie").orElseThrow());
      HttpResponse<String> login =
          gateway.send(
              "POST",
              "/portal/login",
              "_csrf="
                  + enc(match(CSRF, form.body()))
                  + "&gebruikersnaam="
                  + enc(user)
                  + "&wachtwoord="
                  + enc("demo-" + user),
              "Content-Type",
              "application/x-www-form-urlencoded",
              "Cookie",
              "JEUGDPOORT_SESSIE=" + session);
      assertThat(login.statusCode()).as("portal login of " + user).isEqualTo(302);
      sessions.put(user, match(SESSION, login.headers().firstValue("Set-Cookie").orElseThrow()));
    }
    return new ArrayList<>(List.of("Cookie", "JEUGDPOORT_SESSIE=" + sessions.get(user)));
  }

  private String release(Task task) {
    assertThat(task.getStatus())
        .as("fixture request %s", task.getIdElement().getIdPart())
        .isEqualTo(Task.TaskStatus.COMPLETED);
    return task.getOutput().stream()
        .filter(o -> o.getType().getCodingFirstRep().getCode().equals("release"))
        .map(o -> ((Reference) o.getValue()).getReferenceElement().getIdPart())
        .findFirst()
        .orElseThrow();
  }

  private String notice(String user, String requestId) {
    Bundle b =
        gateway
            .as(user)
            .search()
            .forResource(Communication.class)
            .where(Communication.BASED_ON.hasId("Task/" + requestId))
            .returnBundle(Bundle.class)
            .execute();
    return b.getEntryFirstRep().getResource().getIdElement().getIdPart();
  }

  private String consentOf(String user, String bsn) {
    return gateway
        .as(user)
        .create()
        .resource(
            Gateway.consent(bsn, "permit", "school-de-brug", "care-coordination", "identification"))
        .execute()
        .getId()
        .getIdPart();
  }

  private static void awaitQuiet() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                ItDatabase.count(
                        "select count(*) from data_request where status in ('requested','accepted','in-progress')")
                    == 0);
  }

  private static long audits(String eventType, String outcome) {
    return ItDatabase.count(
        "select count(*) from audit_entry where event_type = '"
            + eventType
            + "' and outcome = '"
            + outcome
            + "'");
  }

  /**
   * #20.2, #20.3 (A2): an administrator and a privacy officer verify the audit log and export it;
   * anyone checks the export offline (AuditVerifier, no gateway) against the signed checkpoint and
   * the public keys at /auth/audit-jwks; a professional is refused, bad input gets 400.
   */
  @Test
  void the_audit_log_verifies_and_its_export_checks_out_offline_against_a_signed_checkpoint()
      throws Exception {
    HttpResponse<String> verify = gateway.send("GET", "/api/admin/audit/verify", null, admin());
    assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
    assertThat(verify.body()).contains("\"intact\":true");
    HttpResponse<String> export =
        gateway.send("GET", "/api/admin/audit/export", null, basic("pieter", "demo-pieter"));
    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    String checkpoint = export.headers().firstValue("Jeugdpoort-Audit-Checkpoint").orElseThrow();
    HttpResponse<String> jwks = gateway.send("GET", "/auth/audit-jwks", null);
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(jwks.body()).doesNotContain("\"d\"");
    AuditVerifier.Report report =
        AuditVerifier.verify(
            new BufferedReader(new StringReader(export.body())),
            checkpoint,
            JWKSet.parse(jwks.body()));
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.entries()).isGreaterThan(10);
    assertThat(report.checkpoint()).as(report.summary()).contains("matches");
    assertThat(gateway.send("GET", "/auth/audit-checkpoint", null).body()).isNotBlank();
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'audit-export' and actor_username = 'pieter'"))
        .isEqualTo(1);

    assertThat(
            gateway
                .send("GET", "/api/admin/audit/verify", null, basic("dirk", "demo-dirk"))
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> bad =
        gateway.send("GET", "/api/admin/audit/export?from=abc", null, admin());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("OperationOutcome");
    assertThat(
            gateway.send("GET", "/api/admin/audit/export?from=5&to=2", null, admin()).statusCode())
        .isEqualTo(400);
  }

  private static String[] basic(String user, String password) {
    return new String[] {"Authorization", Gateway.basicAuth(user, password)};
  }

  /** A school without a FHIR server (a requester only), as the administration API takes it. */
  private static String organisation(String id, String name) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"kind\":\"school\",\"identifier\":{\"type\":\"kvk\",\"value\":\"41234567\"},"
        + "\"privacyOfficer\":{\"name\":\"Fenna Functionaris\",\"email\":\"privacy@school.example.nl\"}}";
  }

  private static String person(String username) {
    return "{\"username\":\""
        + username
        + "\",\"displayName\":\"Sanne Spaar\",\"role\":\"school-care-coordinator\","
        + "\"organisationId\":\"school-de-brug\"}";
  }

  private static String[] admin() {
    return new String[] {
      "Authorization", Gateway.basicAuth("admin", "demo-admin"), "Content-Type", "application/json"
    };
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static String field(String json, String name) {
    return match(Pattern.compile("\"" + name + "\":\"([^\"]+)\""), json);
  }

  private static String match(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, abbreviate(text)).isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
