package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
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
 * The registry of recordings through the running gateway: a holder registers a recording through
 * FHIR (V1 owner check, V6 hashes), only the maker and the family see it (V2), and when its
 * trajectory ended the original and every copy at recipients are erased, once, and the family is
 * told (V5); a classroom recording stays inside the school (V7). Its own deployment: it moves the
 * clock ({@code POST /api/admin/clock}). Children: c21 (video-home-training recording at
 * wijkteam-noord; its parents have demo accounts for this) and c26 (classroom recording at
 * school-de-brug); c0's family is the other depicted family of a showing (V3). Rules named here:
 * V1, V2, V3, V5, V6, V7, V8, O4.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RecordingIT {
  private static final String ERASURE_SEARCH =
      "/fhir/Task?code=https://jeugdpoort.nl/fhir/CodeSystem/task-code%7Cerasure-request";
  private static final String HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

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

  /** A registration as the holder's system would post it (profile jp-recording). */
  static String registration(
      String sourceId, String bsn, String kind, String owner, String trajectoryEnd, boolean kept) {
    return """
        {"resourceType": "DocumentReference",
         "meta": {"profile": ["https://jeugdpoort.nl/fhir/StructureDefinition/jp-recording"]},
         "masterIdentifier": {"value": "%s"},
         "extension": [{"url": "https://jeugdpoort.nl/fhir/StructureDefinition/jp-recording-metadata",
           "extension": [
             {"url": "owner", "valueReference": {"reference": "%s"}},
             {"url": "maker", "valueString": "femke"},
             {"url": "depicted-family", "valueString": "%s"},
             {"url": "registered-hash", "valueString": "%s"},
             {"url": "current-hash", "valueString": "%s"},
             {"url": "edit-announced", "valueBoolean": false},
             {"url": "trajectory-end", "valueDate": "%s"},
             {"url": "original-kept", "valueBoolean": %s}]}],
         "status": "current",
         "type": {"coding": [{"system": "https://jeugdpoort.nl/fhir/CodeSystem/recording-kind", "code": "%s"}]},
         "subject": {"identifier": {"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "%s"}},
         "description": "Opname thuis: samen spelen aan tafel",
         "content": [{"attachment": {"contentType": "video/mp4", "url": "urn:jeugdpoort:recording:%s"}}]}
        """
        .formatted(sourceId, owner, bsn, HASH, HASH, trajectoryEnd, kept, kind, bsn, sourceId);
  }

  private HttpResponse<String> post(String user, String body) throws Exception {
    return gateway.send(
        "POST",
        "/fhir/DocumentReference",
        body,
        "Content-Type",
        "application/fhir+json",
        "Authorization",
        Gateway.basicAuth(user, "demo-" + user));
  }

  @Test
  void V1_V2_a_holder_registers_a_recording_and_only_the_maker_and_the_own_family_see_it()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c21");
    String end = today().plusMonths(2).toString();

    // Bad input: no id at the holder → 422 with an OperationOutcome saying what is missing.
    HttpResponse<String> noId =
        post(
            "femke",
            registration("x", bsn, "video-home-training", "RelatedPerson/c21-mother", end, false)
                .replace("\"masterIdentifier\": {\"value\": \"x\"},", ""));
    assertThat(noId.statusCode()).as(noId.body()).isEqualTo(422);
    assertThat(Gateway.FHIR.newJsonParser().parseResource(OperationOutcome.class, noId.body()))
        .isNotNull();
    assertThat(noId.body()).contains("masterIdentifier");
    // V1: video home training belongs to the authority holders, not to the trainer.
    HttpResponse<String> wrongOwner =
        post(
            "femke",
            registration(
                "rec-v1-c21", bsn, "video-home-training", "Practitioner/femke", end, false));
    assertThat(wrongOwner.statusCode()).as(wrongOwner.body()).isEqualTo(422);
    assertThat(wrongOwner.body()).contains("V1").contains("RelatedPerson/c21-mother");
    // An organisation without the child in its records cannot register it (ggz does not hold c21's
    // recording, but bram is no maker of wijkteam-noord either): V2.
    HttpResponse<String> otherOrg =
        post(
            "bram",
            registration(
                "rec-x-c21", bsn, "video-home-training", "RelatedPerson/c21-mother", end, false));
    assertThat(otherOrg.statusCode()).as(otherOrg.body()).isEqualTo(422);
    assertThat(otherOrg.body()).contains("V2");

    HttpResponse<String> created =
        post(
            "femke",
            registration(
                "rec-reg-c21", bsn, "video-home-training", "RelatedPerson/c21-mother", end, false));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    DocumentReference registered =
        Gateway.FHIR.newJsonParser().parseResource(DocumentReference.class, created.body());
    String id = registered.getIdElement().getIdPart();
    assertThat(JeugdpoortValidator.errors(validator.validate(registered, Profiles.RECORDING)))
        .isEmpty();
    // V6: the same recording again without an announced edit is a conflict.
    HttpResponse<String> again =
        post(
            "femke",
            registration(
                "rec-reg-c21", bsn, "video-home-training", "RelatedPerson/c21-mother", end, false));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(again.body()).contains("V6");
    // A registration is changed only by registering an edited version or by the operations; a
    // PUT is not supported (4xx with an OperationOutcome, never a 500).
    HttpResponse<String> put =
        gateway.send(
            "PUT",
            "/fhir/DocumentReference/" + id,
            registration(
                    "rec-reg-c21",
                    bsn,
                    "video-home-training",
                    "RelatedPerson/c21-mother",
                    end,
                    false)
                .replace(
                    "{\"resourceType\": \"DocumentReference\",",
                    "{\"resourceType\": \"DocumentReference\", \"id\": \"" + id + "\","),
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("femke", "demo-femke"));
    assertThat(put.statusCode()).as(put.body()).isBetween(400, 499);
    assertThat(put.body()).contains("OperationOutcome");

    // V8: a conversation recording is registered only with every party's consent; covert
    // recordings are not accepted. With the consent it is registered and read back saying so.
    String longAfter = today().plusYears(5).toString();
    String conversation =
        registration("rec-talk-c21", bsn, "conversation", "Practitioner/femke", longAfter, false);
    HttpResponse<String> covert = post("femke", conversation);
    assertThat(covert.statusCode()).as(covert.body()).isEqualTo(422);
    assertThat(covert.body()).contains("V8").contains("covert");
    HttpResponse<String> consented =
        post(
            "femke",
            conversation.replace(
                "{\"url\": \"original-kept\", \"valueBoolean\": false}",
                "{\"url\": \"original-kept\", \"valueBoolean\": false},"
                    + " {\"url\": \"all-parties-consented\", \"valueBoolean\": true}"));
    assertThat(consented.statusCode()).as(consented.body()).isEqualTo(201);
    DocumentReference talk =
        Gateway.FHIR.newJsonParser().parseResource(DocumentReference.class, consented.body());
    assertThat(JeugdpoortValidator.errors(validator.validate(talk, Profiles.RECORDING))).isEmpty();
    assertThat(consented.body()).contains("all-parties-consented");

    // V2: the maker sees it; a colleague of the same organisation is refused naming V2; another
    // organisation does not learn it exists.
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "femke").statusCode()).isEqualTo(200);
    HttpResponse<String> colleague = gateway.get("/fhir/DocumentReference/" + id, "anna");
    assertThat(colleague.statusCode()).isEqualTo(403);
    assertThat(colleague.body()).contains("V2");
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "bram").statusCode()).isEqualTo(404);
    assertThat(gateway.get("/fhir/DocumentReference", "femke").body()).contains(id);
    assertThat(gateway.get("/fhir/DocumentReference", "anna").body()).doesNotContain(id);

    // The family: its own recordings on Opnames, with who read the registration through the API
    // (#20.6: femke's read and search; anna's refused read is no read); another family does not
    // see it.
    String femkesReads =
        "select count(*) from audit_entry where event_type = 'recording-read' "
            + "and data_description = 'DocumentReference/"
            + id
            + "' and actor_username = 'femke'";
    long before = Long.parseLong(ItDatabase.text(femkesReads));
    gateway.get("/fhir/DocumentReference/" + id, "femke");
    gateway.get("/fhir/DocumentReference", "anna");
    assertThat(Long.parseLong(ItDatabase.text(femkesReads))).isEqualTo(before + 1);
    assertThat(before).as("the read and the search above").isGreaterThanOrEqualTo(2);
    String mother = Portal.login(gateway, "ouder-21-mother").get("/portal/opnames").body();
    assertThat(mother).contains("opname-" + id).contains("Opname thuis: samen spelen aan tafel");
    assertThat(mother)
        .contains("id=\"bekeken-" + id + "\"")
        .contains("Bekeken door Wijkteam Noord (video-hometrainer) op");
    String other = Portal.login(gateway, "ouder-0-mother").get("/portal/opnames").body();
    assertThat(other).doesNotContain(id);
    assertThat(
            ItDatabase.text(
                "select count(*) from audit_entry where event_type = 'recording-registered' "
                    + "and data_description like '%"
                    + id
                    + "%'"))
        .isEqualTo("1");
  }

  @Test
  void V5_at_the_trajectory_end_the_original_and_every_copy_are_erased_once_and_the_family_is_told()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c21");
    for (String parent : new String[] {"ouder-21-mother", "ouder-21-father"}) {
      gateway
          .as(parent)
          .create()
          .resource(
              Gateway.consent(bsn, "permit", "wijkteam-noord", "video-home-training", "recordings"))
          .execute();
    }
    Task released =
        gateway.submitAndWait(
            "femke",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "video-home-training",
                "consent",
                "Terugkijken met het gezin",
                "recordings"));
    assertThat(released.getStatus())
        .as(released.getStatusReason().getText())
        .isEqualTo(Task.TaskStatus.COMPLETED);
    String bundleId = releaseOf(released);
    assertThat(gateway.get("/fhir/Bundle/" + bundleId, "femke").body())
        .as("the release carries the recording")
        .contains("/DocumentReference/rec-wijkteam-noord-c21\"");

    String end = today().plusDays(3).toString();
    HttpResponse<String> ended =
        post(
            "femke",
            registration(
                "rec-wijkteam-noord-c21",
                bsn,
                "video-home-training",
                "RelatedPerson/c21-mother",
                end,
                false));
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(201);
    String endedId = idOf(ended);
    HttpResponse<String> kept =
        post(
            "femke",
            registration(
                "rec-bewaard-c21",
                bsn,
                "video-home-training",
                "RelatedPerson/c21-father",
                end,
                true));
    assertThat(kept.statusCode()).as(kept.body()).isEqualTo(201);
    String keptId = idOf(kept);

    advance("P5D");

    // V5: the holder is asked to erase the original (the one the owner agreed to keep stays).
    DocumentReference original =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(
                DocumentReference.class,
                gateway.get("/fhir/DocumentReference/" + endedId, "femke").body());
    assertThat(
            original
                .getExtensionByUrl(Profiles.RECORDING_METADATA)
                .getExtensionByUrl("erase-original"))
        .as("V5: erase-original set")
        .isNotNull();
    assertThat(
            Gateway.FHIR
                .newJsonParser()
                .parseResource(
                    DocumentReference.class,
                    gateway.get("/fhir/DocumentReference/" + keptId, "femke").body())
                .getExtensionByUrl(Profiles.RECORDING_METADATA)
                .getExtensionByUrl("erase-original"))
        .isNull();
    // V5 → E2: the copy at the recipient: access ended, an erasure request naming V5.
    assertThat(gateway.get("/fhir/Bundle/" + bundleId, "femke").statusCode()).isEqualTo(410);
    Task erasure = erasureRequestFor("femke", bundleId);
    assertThat(erasure.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("V5");
    HttpResponse<String> done =
        gateway.send(
            "PUT",
            "/fhir/Task/" + erasure.getIdElement().getIdPart(),
            Gateway.FHIR
                .newJsonParser()
                .encodeResourceToString(erasure.setStatus(Task.TaskStatus.COMPLETED)),
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("femke", "demo-femke"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

    // The family is told: the inbox notice once every copy is gone, and the Opnames page.
    Portal mother = Portal.login(gateway, "ouder-21-mother");
    assertThat(mother.get("/portal/").body()).contains("De hulp met video-opnames van");
    String page = mother.get("/portal/opnames").body();
    assertThat(page).contains("verwijderd-" + endedId).contains("bewaard-" + keptId);
    assertThat(page).doesNotContainPattern("\\bV[0-9]\\b");

    // Exactly once: a later sweep ends nothing again.
    advance("P1D");
    assertThat(
            ItDatabase.text(
                "select count(*) from audit_entry where event_type = 'recording-ended' "
                    + "and data_description like '%"
                    + endedId
                    + "%'"))
        .isEqualTo("1");
    assertThat(
            ItDatabase.text(
                "select count(*) from erasure_duty where rule_id = 'V5' and cause = '"
                    + endedId
                    + "'"))
        .isEqualTo("1");
  }

  @Test
  void
      V7_the_schools_own_coach_gets_the_classroom_recording_and_a_coach_outside_the_school_is_refused()
          throws Exception {
    String bsn = gateway.bsnOf("school-de-brug", "c26");
    Task own =
        gateway.submitAndWait(
            "tessa",
            Gateway.request(
                bsn,
                "school-de-brug",
                "classroom-coaching",
                "legal-duty",
                "Coaching van de leerkracht van groep 3",
                "recordings"));
    assertThat(own.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    HttpResponse<String> bundle = gateway.get("/fhir/Bundle/" + releaseOf(own), "tessa");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body()).contains("/DocumentReference/rec-school-de-brug-c26\"");

    // A teacher coach of another school: same role, same purpose, refused with V7.
    HttpResponse<String> school =
        gateway.send(
            "POST",
            "/api/admin/organisations",
            "{\"id\":\"school-elders\",\"name\":\"Basisschool Elders\",\"kind\":\"school\","
                + "\"identifier\":{\"type\":\"kvk\",\"value\":\"41234568\"},"
                + "\"privacyOfficer\":{\"name\":\"Fenna Functionaris\","
                + "\"email\":\"privacy@elders.example.nl\"}}",
            "Content-Type",
            "application/json",
            "Authorization",
            Gateway.basicAuth("admin", "demo-admin"));
    assertThat(school.statusCode()).as(school.body()).isEqualTo(201);
    HttpResponse<String> made =
        gateway.send(
            "POST",
            "/api/admin/accounts",
            "{\"username\":\"coach-buiten\",\"displayName\":\"Coach Buiten\","
                + "\"role\":\"teacher-coach\",\"organisationId\":\"school-elders\"}",
            "Content-Type",
            "application/json",
            "Authorization",
            Gateway.basicAuth("admin", "demo-admin"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    Matcher temporary =
        Pattern.compile("\"temporaryPassword\"\\s*:\\s*\"([^\"]+)\"").matcher(made.body());
    assertThat(temporary.find()).as(made.body()).isTrue();
    String password = "een lang genoeg wachtwoord voor de coach";
    HttpResponse<String> changed =
        gateway.send(
            "POST",
            "/api/password",
            "{\"username\":\"coach-buiten\",\"password\":\""
                + temporary.group(1)
                + "\",\"newPassword\":\""
                + password
                + "\"}",
            "Content-Type",
            "application/json");
    assertThat(changed.statusCode()).as(changed.body()).isBetween(200, 204);
    HttpResponse<String> outside =
        gateway.postTask(
            Gateway.FHIR
                .newJsonParser()
                .encodeResourceToString(
                    Gateway.request(
                        bsn,
                        "school-de-brug",
                        "classroom-coaching",
                        "legal-duty",
                        "Coaching van een leerkracht elders",
                        "recordings")),
            "coach-buiten",
            password);
    assertThat(outside.statusCode()).as(outside.body()).isEqualTo(422);
    OperationOutcome oo =
        Gateway.FHIR.newJsonParser().parseResource(OperationOutcome.class, outside.body());
    assertThat(oo.getIssue())
        .anySatisfy(i -> assertThat(i.getDetails().getCodingFirstRep().getCode()).isEqualTo("V7"));
  }

  /** {@code POST /fhir/DocumentReference/{id}/$op} as {@code user} with a Parameters body. */
  private HttpResponse<String> operation(String user, String id, String op, String parameters)
      throws Exception {
    return gateway.send(
        "POST",
        "/fhir/DocumentReference/" + id + "/" + op,
        parameters == null ? "{\"resourceType\": \"Parameters\"}" : parameters,
        "Content-Type",
        "application/fhir+json",
        "Authorization",
        Gateway.basicAuth(user, "demo-" + user));
  }

  private static String permissionRequest(
      String kind, String title, LocalDate occasion, String... members) {
    StringBuilder p =
        new StringBuilder(
            "{\"resourceType\": \"Parameters\", \"parameter\": ["
                + "{\"name\": \"kind\", \"valueCode\": \""
                + kind
                + "\"}, {\"name\": \"title\", \"valueString\": \""
                + title
                + "\"}, {\"name\": \"occasion\", \"valueDate\": \""
                + occasion
                + "\"}");
    for (String m : members) {
      p.append(", {\"name\": \"member\", \"valueString\": \"").append(m).append("\"}");
    }
    return p.append("]}").toString();
  }

  /** The permission parameter with {@code id} in a Parameters answer. */
  private static Parameters.ParametersParameterComponent permission(String body, String id) {
    return Gateway.FHIR
        .newJsonParser()
        .parseResource(Parameters.class, body)
        .getParameter()
        .stream()
        .filter(p -> p.getName().equals("permission"))
        .filter(p -> id == null || part(p, "id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no permission " + id + " in " + body));
  }

  private static String part(Parameters.ParametersParameterComponent p, String name) {
    return p.getPart().stream()
        .filter(x -> x.getName().equals(name))
        .map(x -> x.getValue().primitiveValue())
        .findFirst()
        .orElse(null);
  }

  @Test
  void V2_V3_the_maker_asks_the_owner_and_every_depicted_family_answer_and_one_refusal_blocks()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c21");
    String otherFamily =
        ItDatabase.text("select youth_bsn from account where username = 'ouder-0-mother'");
    LocalDate occasion = today().plusDays(10);
    String end = today().plusMonths(2).toString();
    String depicted = "{\"url\": \"depicted-family\", \"valueString\": \"" + bsn + "\"}";
    String body =
        registration(
            "rec-show-c21", bsn, "video-home-training", "RelatedPerson/c21-mother", end, false);

    // V3: a depicted family is named by the BSN of its youth, so that it can be asked.
    HttpResponse<String> unnamed =
        post("femke", body.replace(depicted, depicted.replace(bsn, "family-c0")));
    assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(422);
    assertThat(unnamed.body()).contains("V3").contains("BSN");
    HttpResponse<String> created =
        post("femke", body.replace(depicted, depicted.replace(bsn, otherFamily)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = idOf(created);

    // V2: a closed training session with a colleague; only the maker asks, members are of the
    // holder.
    HttpResponse<String> notMaker =
        operation(
            "anna",
            id,
            "$request-permission",
            permissionRequest("training-session", "Intervisie", occasion, "anna"));
    assertThat(notMaker.statusCode()).as(notMaker.body()).isEqualTo(403);
    assertThat(notMaker.body()).contains("V2");
    // Bad input: an occasion without its day is no date of a session (422, not a 500).
    HttpResponse<String> vague =
        operation(
            "femke",
            id,
            "$request-permission",
            permissionRequest("training-session", "Intervisie", occasion, "anna")
                .replace(occasion.toString(), String.valueOf(occasion.getYear())));
    assertThat(vague.statusCode()).as(vague.body()).isEqualTo(422);
    assertThat(vague.body()).contains("occasion");
    HttpResponse<String> outsider =
        operation(
            "femke",
            id,
            "$request-permission",
            permissionRequest("training-session", "Intervisie", occasion, "bram"));
    assertThat(outsider.statusCode()).as(outsider.body()).isEqualTo(422);
    assertThat(outsider.body()).contains("V2").contains("bram");
    HttpResponse<String> session =
        operation(
            "femke",
            id,
            "$request-permission",
            permissionRequest("training-session", "Intervisie team noord", occasion, "anna"));
    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    Parameters.ParametersParameterComponent training = permission(session.body(), null);
    String trainingId = part(training, "id");
    assertThat(part(training, "state")).isEqualTo("waiting");
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "anna").statusCode())
        .as("V2: not before the owner consented")
        .isEqualTo(403);

    // V3: showing outside: the owner and both depicted families are parties.
    HttpResponse<String> asked =
        operation(
            "femke",
            id,
            "$request-permission",
            permissionRequest("showing", "Presentatie op het VHT-congres", occasion));
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
    Parameters.ParametersParameterComponent showing = permission(asked.body(), null);
    String showingId = part(showing, "id");
    assertThat(part(showing, "state")).isEqualTo("waiting");
    assertThat(showing.getPart().stream().filter(p -> p.getName().equals("party")))
        .extracting(p -> part(p, "id"))
        .containsExactly("owner", bsn, otherFamily);
    assertThat(asked.body()).contains("first name");

    // The owner (the mother, also of a depicted family) answers yes to both in the browser.
    String base = deployment.toString();
    try (Browser browser = new Browser()) {
      browser.login(base, "ouder-21-mother");
      browser.driver.get(base + "portal/opnames");
      assertThat(browser.text())
          .contains("Vragen aan u")
          .contains("Presentatie op het VHT-congres");
      assertThat(browser.text()).doesNotContainPattern("\\bV[0-9]\\b");
      browser.assertAccessible("opnames with questions");
      browser.clickAndWait(
          browser.driver.findElement(org.openqa.selenium.By.id("ja-" + trainingId)), "Opnames");
      browser.assertConfirmation("Uw antwoord is bewaard");
      browser.clickAndWait(
          browser.driver.findElement(org.openqa.selenium.By.id("ja-" + showingId)), "Opnames");
      assertThat(
              browser
                  .driver
                  .findElement(org.openqa.selenium.By.id("mijn-antwoord-" + showingId))
                  .getText())
          .startsWith("Ja, op");
      browser.assertNoSidewaysScrollAt320(base, "portal/opnames");
    }
    // V2: the owner consented: the member views it in the session; still nobody else.
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "anna").statusCode()).isEqualTo(200);
    assertThat(gateway.get("/fhir/DocumentReference", "anna").body()).contains(id);
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "dirk").statusCode())
        .as("another organisation")
        .isEqualTo(404);

    Portal father = Portal.login(gateway, "ouder-21-father");
    assertThat(father.get("/portal/opnames").body()).contains("vraag-" + showingId);
    assertThat(father.post("/portal/opnames/antwoord", "vraag=" + showingId + "&antwoord=ja"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(302);
    HttpResponse<String> waiting = operation("femke", id, "$permissions", null);
    assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(200);
    assertThat(part(permission(waiting.body(), showingId), "state"))
        .as("c0's family has not answered")
        .isEqualTo("waiting");
    assertThat(part(permission(waiting.body(), trainingId), "state")).isEqualTo("allowed");

    // One depicted family refuses: the showing is refused, whatever the others said.
    Portal other = Portal.login(gateway, "ouder-0-mother");
    assertThat(other.get("/portal/").body())
        .as("the start page says a question waits")
        .contains("vragen-opnames");
    assertThat(other.get("/portal/opnames").body())
        .contains("vraag-" + showingId)
        .doesNotContain("vraag-" + trainingId);
    assertThat(other.post("/portal/opnames/antwoord", "vraag=" + trainingId + "&antwoord=ja"))
        .extracting(HttpResponse::statusCode)
        .as("a family answers only what it is asked")
        .isEqualTo(404);
    assertThat(other.post("/portal/opnames/antwoord", "vraag=" + showingId + "&antwoord=nee"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(302);
    HttpResponse<String> refused = operation("femke", id, "$permissions", null);
    assertThat(part(permission(refused.body(), showingId), "state")).isEqualTo("refused");
    assertThat(other.get("/portal/opnames").body())
        .contains("Iemand heeft nee gezegd. Het gaat niet door.");
    assertThat(other.get("/portal/").body()).doesNotContain("vragen-opnames");
    assertThat(
            ItDatabase.text(
                "select count(*) from audit_entry where event_type = 'recording-permission-refused'"
                    + " and rule_ids like '%V3%' and data_description like '%"
                    + showingId
                    + "%'"))
        .isEqualTo("1");

    // O4: the owner's later answer decides: she says no to the session, and it ends.
    Portal mother = Portal.login(gateway, "ouder-21-mother");
    mother.get("/portal/opnames");
    assertThat(mother.post("/portal/opnames/antwoord", "vraag=" + trainingId + "&antwoord=nee"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(302);
    assertThat(gateway.get("/fhir/DocumentReference/" + id, "anna").statusCode())
        .as("O4: the owner's later no decides")
        .isEqualTo(403);

    // V5, the purpose ended: the maker ends it, once; then nothing is asked any more.
    HttpResponse<String> ended = operation("femke", id, "$end", null);
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(ended.body()).contains("purpose-ended").contains("erase-original");
    assertThat(operation("femke", id, "$end", null).statusCode()).isEqualTo(200);
    assertThat(
            ItDatabase.text(
                "select count(*) from audit_entry where event_type = 'recording-ended' "
                    + "and data_description like '%"
                    + id
                    + "%'"))
        .isEqualTo("1");
    HttpResponse<String> late =
        operation(
            "femke",
            id,
            "$request-permission",
            permissionRequest("showing", "Nog een presentatie", occasion));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertThat(late.body()).contains("V5");
  }

  @Test
  void V5_V8_the_owner_withdraws_consent_and_the_other_party_gets_a_copy_once() throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c21");
    String end = today().plusMonths(6).toString();
    HttpResponse<String> talk =
        post(
            "femke",
            registration("rec-gesprek-c21", bsn, "conversation", "Practitioner/femke", end, false)
                .replace(
                    "{\"url\": \"original-kept\", \"valueBoolean\": false}",
                    "{\"url\": \"original-kept\", \"valueBoolean\": false},"
                        + " {\"url\": \"all-parties-consented\", \"valueBoolean\": true}"));
    assertThat(talk.statusCode()).as(talk.body()).isEqualTo(201);
    String talkId = idOf(talk);
    HttpResponse<String> home =
        post(
            "femke",
            registration(
                "rec-intrekken-c21",
                bsn,
                "video-home-training",
                "RelatedPerson/c21-father",
                end,
                false));
    assertThat(home.statusCode()).as(home.body()).isEqualTo(201);
    String homeId = idOf(home);

    // V8: the other party asks for the copy; asked twice, recorded once; the holder sees it.
    Portal mother = Portal.login(gateway, "ouder-21-mother");
    assertThat(mother.get("/portal/opnames").body())
        .contains("kopie-" + talkId)
        .doesNotContain("kopie-" + homeId)
        .doesNotContain("intrekken-" + homeId);
    assertThat(mother.post("/portal/opnames/kopie", "opname=" + talkId).statusCode())
        .isEqualTo(302);
    assertThat(mother.post("/portal/opnames/kopie", "opname=" + talkId).statusCode())
        .isEqualTo(302);
    assertThat(mother.get("/portal/opnames").body()).contains("kopie-gevraagd-" + talkId);
    assertThat(gateway.get("/fhir/DocumentReference/" + talkId, "femke").body())
        .contains("copy-requested");
    assertThat(
            ItDatabase.text(
                "select count(*) from audit_entry where event_type = 'recording-copy-requested' "
                    + "and data_description like '%"
                    + talkId
                    + "%'"))
        .isEqualTo("1");
    Portal stranger = Portal.login(gateway, "ouder-0-mother");
    stranger.get("/portal/opnames");
    assertThat(stranger.post("/portal/opnames/kopie", "opname=" + talkId).statusCode())
        .as("another family")
        .isEqualTo(404);

    // V5, withdrawal: only the owner withdraws; the recording is ended at once, the holder is
    // asked to erase it, and the family reads why.
    assertThat(mother.post("/portal/opnames/intrekken", "opname=" + homeId).statusCode())
        .as("the mother is not the owner")
        .isEqualTo(404);
    Portal father = Portal.login(gateway, "ouder-21-father");
    assertThat(father.get("/portal/opnames").body()).contains("intrekken-" + homeId);
    assertThat(father.post("/portal/opnames/intrekken", "opname=" + homeId).statusCode())
        .isEqualTo(302);
    DocumentReference withdrawn =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(
                DocumentReference.class,
                gateway.get("/fhir/DocumentReference/" + homeId, "femke").body());
    org.hl7.fhir.r4.model.Extension meta = withdrawn.getExtensionByUrl(Profiles.RECORDING_METADATA);
    assertThat(meta.getExtensionByUrl("end-cause").getValue().primitiveValue())
        .isEqualTo("consent-withdrawn");
    assertThat(meta.getExtensionByUrl("erase-original")).isNotNull();
    assertThat(JeugdpoortValidator.errors(validator.validate(withdrawn, Profiles.RECORDING)))
        .isEmpty();
    String page = father.get("/portal/opnames").body();
    assertThat(page).contains("verwijderd-" + homeId).contains("De toestemming is ingetrokken.");
    assertThat(page).doesNotContain("intrekken-" + homeId);
  }

  private static String idOf(HttpResponse<String> r) {
    return Gateway.FHIR
        .newJsonParser()
        .parseResource(DocumentReference.class, r.body())
        .getIdElement()
        .getIdPart();
  }

  private LocalDate today() throws Exception {
    String body =
        gateway
            .send(
                "GET",
                "/api/admin/clock",
                null,
                "Authorization",
                Gateway.basicAuth("admin", "demo-admin"))
            .body();
    Matcher m = Pattern.compile("\"now\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return LocalDate.ofInstant(Instant.parse(m.group(1)), ZoneId.of("Europe/Amsterdam"));
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

  private static String releaseOf(Task t) {
    return t.getOutput().stream()
        .filter(o -> o.getType().getCodingFirstRep().getCode().equals("release"))
        .map(
            o -> ((org.hl7.fhir.r4.model.Reference) o.getValue()).getReferenceElement().getIdPart())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no release on Task " + t.getIdElement()));
  }
}
