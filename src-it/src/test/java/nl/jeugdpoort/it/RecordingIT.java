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
 * school-de-brug). Rules named here: V1, V2, V5, V6, V7, V8.
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
             {"url": "depicted-family", "valueString": "family-c21"},
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
        .formatted(sourceId, owner, HASH, HASH, trajectoryEnd, kept, kind, bsn, sourceId);
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

    // The family: its own recordings on Opnames; another family does not see it.
    String mother = Portal.login(gateway, "ouder-21-mother").get("/portal/opnames").body();
    assertThat(mother).contains("opname-" + id).contains("Opname thuis: samen spelen aan tafel");
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
