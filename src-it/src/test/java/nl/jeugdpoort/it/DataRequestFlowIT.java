package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.validation.ValidationResult;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
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
 * The main flow against a real Payara Micro running the gateway WAR, its demo sources reached over
 * real HTTP: one deployment, many requests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DataRequestFlowIT {
  private static final String RULE = "https://jeugdpoort.nl/fhir/CodeSystem/rule";

  @ArquillianResource private URL deployment;

  private Gateway gateway;
  private static JeugdpoortValidator validator;

  @Deployment(testable = false)
  static WebArchive gatewayWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("gateway.war")));
  }

  @BeforeEach
  void connect() {
    gateway = new Gateway(deployment);
    if (validator == null) {
      validator = new JeugdpoortValidator(Gateway.FHIR);
    }
  }

  /** What the gateway emits conforms to the Jeugdpoort FHIR package. */
  private static void conforms(IBaseResource resource, String profile) {
    ValidationResult result = validator.validate(resource, profile);
    assertThat(JeugdpoortValidator.errors(result))
        .as("%s conforms to %s", resource.getIdElement(), profile)
        .isEmpty();
  }

  @Test
  void capability_statement_is_public_and_everything_else_needs_a_login() throws Exception {
    assertThat(gateway.get("/fhir/metadata", null).statusCode()).isEqualTo(200);
    HttpResponse<String> purposes = gateway.get("/fhir/CodeSystem/purpose", null);
    assertThat(purposes.statusCode()).isEqualTo(200);
    assertThat(purposes.body())
        .contains("child-protection-investigation")
        .contains("https://jeugdpoort.nl/fhir/CodeSystem/purpose");
    assertThat(gateway.get("/fhir/Task", null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = gateway.postTask("{}", "dirk", "not-the-password");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(gateway.get("/health/ready", null).body()).contains("UP");
  }

  @Test
  void permitted_request_yields_a_minimised_labelled_bundle_after_the_notice_with_audit_entries() {
    String bsn = gateway.bsnOf("wijkteam-noord", "c1");
    Task done =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-investigation",
                "legal-duty",
                "Onderzoek op verzoek van de rechtbank",
                "identification",
                "care-plan",
                "notes"));

    assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(done.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("partially-released");
    assertThat(reasons(done)).contains("P1", "P2", "P3", "N1", "P4", "E1");

    // P2: notes are not part of this purpose; care plans go without the elements off the
    // allow-list.
    Bundle release =
        gateway
            .as("dirk")
            .read()
            .resource(Bundle.class)
            .withId(output(done, "release").getReferenceElement().getIdPart())
            .execute();
    assertThat(release.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsOnly("Patient", "CarePlan");
    CarePlan plan =
        (CarePlan)
            release.getEntry().stream()
                .filter(e -> e.getResource() instanceof CarePlan)
                .findFirst()
                .orElseThrow()
                .getResource();
    assertThat(plan.hasTitle()).isTrue();
    assertThat(plan.hasNote()).as("CarePlan.note is not on the allow-list").isFalse();
    assertThat(plan.hasActivity()).as("CarePlan.activity is not on the allow-list").isFalse();
    // P4: purpose of use, confidentiality and obligations on the bundle and on every resource.
    assertThat(release.getMeta().getSecurity())
        .extracting(Coding::getCode)
        .contains("HLEGAL", "NORDSCLCD", "DELAU", "V");
    assertThat(plan.getMeta().getSecurity()).extracting(Coding::getCode).contains("NORDSCLCD");
    conforms(done, Profiles.DATA_REQUEST);
    conforms(release, Profiles.RELEASE);

    // N1: the family's notices were stored and delivered before the release.
    List<Communication> notices =
        gateway
            .as("dirk")
            .search()
            .forResource(Communication.class)
            .where(Communication.BASED_ON.hasId("Task/" + done.getIdElement().getIdPart()))
            .returnBundle(Bundle.class)
            .execute()
            .getEntry()
            .stream()
            .map(e -> (Communication) e.getResource())
            .toList();
    assertThat(notices)
        .isNotEmpty()
        .allSatisfy(
            n -> {
              assertThat(n.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
              assertThat(n.getSent()).isBeforeOrEqualTo(release.getTimestamp());
              assertThat(n.getPayloadFirstRep().getContentStringType().getValue())
                  .contains("bezwaar")
                  .doesNotContain("Verslagen");
              conforms(n, Profiles.NOTICE);
            });

    // A1: every step is in the audit log, in order: request, decision, notice, fetch, decision,
    // release.
    List<AuditEvent> audit = auditOf(done);
    List<String> steps = audit.stream().map(a -> a.getSubtypeFirstRep().getCode()).toList();
    assertThat(steps)
        .containsSubsequence(
            "request-received", "decision", "notice", "fetch", "decision", "release");
    assertThat(audit).allSatisfy(a -> assertThat(a.getRecorded()).isNotNull());
    audit.forEach(a -> conforms(a, Profiles.DISCLOSURE));
    AuditEvent releaseEvent =
        audit.stream()
            .filter(a -> a.getSubtypeFirstRep().getCode().equals("release"))
            .findFirst()
            .orElseThrow();
    assertThat(releaseEvent.getEntityFirstRep().getSecurityLabel())
        .extracting(Coding::getCode)
        .contains("P2", "N1", "P4");
  }

  @Test
  void an_invalid_resource_is_answered_422_naming_the_element_and_nothing_is_stored()
      throws Exception {
    int before = ownTasks("dirk");
    Task invalid =
        Gateway.request(
            "123456789",
            "wijkteam-noord",
            "child-protection-investigation",
            "legal-duty",
            "Onderzoek",
            "care-plan");
    HttpResponse<String> answer =
        gateway.postTask(
            Gateway.FHIR.newJsonParser().encodeResourceToString(invalid), "dirk", "demo-dirk");
    assertThat(answer.statusCode()).isEqualTo(422);
    OperationOutcome oo =
        Gateway.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
    assertThat(oo.getIssue())
        .anySatisfy(
            i -> {
              assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
              assertThat(i.getExpression().toString() + i.getDiagnostics())
                  .contains("Task.for.identifier.value")
                  .contains("jp-bsn-1");
            });
    HttpResponse<String> wrongType =
        gateway.postTask(
            "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"plan\"}",
            "dirk",
            "demo-dirk");
    assertThat(wrongType.statusCode()).isEqualTo(422);
    assertThat(wrongType.body()).contains("Task.intent");
    HttpResponse<String> malformed =
        gateway.postTask("{\"resourceType\": \"Task\", ", "dirk", "demo-dirk");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("OperationOutcome").doesNotContain("at ca.uhn");
    assertThat(ownTasks("dirk")).isEqualTo(before);
  }

  @Test
  void bad_input_gets_a_clear_4xx_answer_security_headers_and_nothing_is_stored() throws Exception {
    int before = ownTasks("dirk");
    String bsn = gateway.bsnOf("wijkteam-noord", "c3");
    // Oversized body: 413 before anything reads it.
    HttpResponse<String> big =
        gateway.postTask(
            "{\"resourceType\":\"Task\",\"note\":[{\"text\":\"" + "x".repeat(1_100_000) + "\"}]}",
            "dirk",
            "demo-dirk");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("OperationOutcome").contains("max-body-bytes");
    // Deeply nested JSON: 400, no stack trace.
    HttpResponse<String> deep =
        gateway.postTask(
            "{\"resourceType\":\"Task\",\"note\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "dirk",
            "demo-dirk");
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body())
        .contains("OperationOutcome")
        .contains("nesting")
        .doesNotContain("at com.");
    // A control character in a text field: 422 naming the input.
    Task control =
        Gateway.request(
            bsn,
            "wijkteam-noord",
            "child-protection-investigation",
            "legal-duty",
            "Onderzoek\u0000; drop table data_request;--",
            "care-plan");
    HttpResponse<String> ctrl =
        gateway.postTask(
            Gateway.FHIR.newJsonParser().encodeResourceToString(control), "dirk", "demo-dirk");
    assertThat(ctrl.statusCode()).isEqualTo(422);
    assertThat(ctrl.body()).contains("explanation").contains("control characters");
    // The wrong resource type at the Task endpoint.
    HttpResponse<String> wrongType =
        gateway.postTask("{\"resourceType\":\"Patient\"}", "dirk", "demo-dirk");
    assertThat(wrongType.statusCode()).isBetween(400, 422);
    assertThat(wrongType.body()).contains("OperationOutcome");
    assertThat(ownTasks("dirk")).isEqualTo(before);

    HttpResponse<String> any = gateway.get("/fhir/metadata", null);
    assertThat(any.headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(any.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    assertThat(any.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(any.headers().firstValue("Server")).as("no server banner").isEmpty();
    assertThat(any.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void the_capability_statement_served_matches_the_package() throws Exception {
    CapabilityStatement served =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(CapabilityStatement.class, gateway.get("/fhir/metadata", null).body());
    CapabilityStatement published;
    try (var in =
        JeugdpoortValidator.class.getResourceAsStream(
            "/fhir/CapabilityStatement-jeugdpoort.json")) {
      published = Gateway.FHIR.newJsonParser().parseResource(CapabilityStatement.class, in);
    }
    assertThat(shape(served)).isEqualTo(shape(published));
  }

  /** Resource type → sorted interactions, search parameters and operations. */
  private static java.util.Map<String, String> shape(CapabilityStatement cs) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (CapabilityStatement.CapabilityStatementRestResourceComponent r :
        cs.getRestFirstRep().getResource()) {
      String interactions =
          r.getInteraction().stream()
              .map(i -> i.getCode().toCode())
              .sorted()
              .collect(Collectors.joining(","));
      String params =
          r.getSearchParam().stream()
              .map(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
              .filter(n -> !n.startsWith("_"))
              .sorted()
              .collect(Collectors.joining(","));
      String operations =
          r.getOperation().stream()
              .map(o -> o.getName() + "=" + o.getDefinition())
              .sorted()
              .collect(Collectors.joining(","));
      out.put(r.getType(), interactions + " | " + params + " | " + operations);
    }
    return out;
  }

  @Test
  void request_without_purpose_is_refused_with_P1_and_nothing_is_stored() throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c2");
    int before = ownTasks("dirk");
    String json =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn, "wijkteam-noord", null, "legal-duty", "zonder doel", "care-plan"));
    HttpResponse<String> answer = gateway.postTask(json, "dirk", "demo-dirk");

    assertThat(answer.statusCode()).isEqualTo(422);
    OperationOutcome oo =
        Gateway.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
    assertThat(oo.getIssue())
        .anySatisfy(
            i -> assertThat(i.getDetails().getCoding()).extracting(Coding::getCode).contains("P1"));
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at nl.");
    assertThat(ownTasks("dirk")).isEqualTo(before);
  }

  @Test
  void an_unknown_or_empty_purpose_is_refused_with_P1_in_plain_words_not_a_validator_message()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c2");
    int before = ownTasks("dirk");
    for (String purpose : List.of("marketing", "")) {
      Task task =
          Gateway.request(
              bsn,
              "wijkteam-noord",
              "child-protection-investigation",
              "legal-duty",
              "onbekend doel",
              "care-plan");
      task.getReasonCode().getCodingFirstRep().setCode(purpose.isEmpty() ? null : purpose);
      HttpResponse<String> answer =
          gateway.postTask(
              Gateway.FHIR.newJsonParser().encodeResourceToString(task), "dirk", "demo-dirk");
      assertThat(answer.statusCode()).as(purpose).isEqualTo(422);
      OperationOutcome oo =
          Gateway.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
      assertThat(oo.getIssue())
          .as(purpose)
          .anySatisfy(
              i -> {
                assertThat(i.getDetails().getCoding()).extracting(Coding::getCode).contains("P1");
                assertThat(i.getDetails().getText()).contains("doel");
              });
      assertThat(answer.body())
          .as(purpose)
          .doesNotContain("Terminology_")
          .doesNotContain("Exception");
    }
    assertThat(ownTasks("dirk")).isEqualTo(before);
  }

  @Test
  void a_youth_of_13_and_of_15_consents_alongside_both_parents_and_the_request_goes_through()
      throws Exception {
    for (int index : List.of(13, 15)) {
      String bsn = gateway.bsnOf("ggz-de-linde", "c" + index);
      for (String who :
          List.of("jongere-" + index, "ouder-" + index + "-mother", "ouder-" + index + "-father")) {
        Consent given =
            (Consent)
                gateway
                    .as(who)
                    .create()
                    .resource(
                        Gateway.consent(
                            bsn, "permit", "wijkteam-noord", "care-coordination", "care-plan"))
                    .execute()
                    .getResource();
        assertThat(given.getStatus()).as(who).isEqualTo(Consent.ConsentState.ACTIVE);
      }
      Task allowed =
          gateway.submitAndWait(
              "anna",
              Gateway.request(
                  bsn,
                  "ggz-de-linde",
                  "care-coordination",
                  "consent",
                  "Afstemmen wie wat doet",
                  "care-plan"));
      assertThat(allowed.getStatus()).as("c" + index).isEqualTo(Task.TaskStatus.COMPLETED);
      assertThat(reasons(allowed)).contains("C2");
    }
    // O1 for the youth of 13 as well: the youth's own objection is accepted, and withdrawn again.
    String bsn = gateway.bsnOf("ggz-de-linde", "c13");
    Consent objection =
        (Consent)
            gateway
                .as("jongere-13")
                .create()
                .resource(
                    Gateway.consent(
                        bsn, "deny", "wijkteam-noord", "care-coordination", "care-plan"))
                .execute()
                .getResource();
    assertThat(objection.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
    gateway
        .as("jongere-13")
        .delete()
        .resourceById("Consent", objection.getIdElement().getIdPart())
        .execute();
  }

  @Test
  void secrecy_items_are_withheld_without_motivation_and_released_with_one() {
    // c0 has a safety flag under professional secrecy at the neighbourhood team.
    assertThat(gateway.patientsWith("wijkteam-noord", "Flag", "safety")).contains("c0");
    String bsn = gateway.bsnOf("wijkteam-noord", "c0");

    Task withheld =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-measure",
                "legal-duty",
                "Uitvoering ondertoezichtstelling",
                "safety",
                "care-plan"));
    assertThat(withheld.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("partially-released");
    assertThat(withheld.getStatusReason().getCoding()).extracting(Coding::getCode).contains("S1");
    Bundle partial =
        gateway
            .as("carla")
            .read()
            .resource(Bundle.class)
            .withId(output(withheld, "release").getReferenceElement().getIdPart())
            .execute();
    assertThat(partial.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .contains("CarePlan")
        .doesNotContain("Flag");

    // P5: the identical repeat is answered with that release, and stays partial with the S1 note.
    Task repeat =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-measure",
                "legal-duty",
                "Uitvoering ondertoezichtstelling",
                "safety",
                "care-plan"));
    assertThat(repeat.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("partially-released");
    assertThat(repeat.getStatusReason().getCoding()).extracting(Coding::getCode).contains("S1");
    assertThat(output(repeat, "release").getReferenceElement().getIdPart())
        .isEqualTo(output(withheld, "release").getReferenceElement().getIdPart());
    assertThat(reasons(repeat)).contains("P5", "S1");

    Task motivated =
        gateway.submitAndWait(
            "carla",
            Gateway.withMotivation(
                Gateway.request(
                    bsn,
                    "wijkteam-noord",
                    "child-protection-measure",
                    "legal-duty",
                    "Uitvoering ondertoezichtstelling",
                    "safety"),
                "De kinderrechter heeft de ondertoezichtstelling uitgesproken; de veiligheidssignalen zijn nodig voor het veiligheidsplan."));
    assertThat(motivated.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("released");
    Bundle full =
        gateway
            .as("carla")
            .read()
            .resource(Bundle.class)
            .withId(output(motivated, "release").getReferenceElement().getIdPart())
            .execute();
    assertThat(full.getEntry()).extracting(e -> e.getResource().fhirType()).contains("Flag");
  }

  @Test
  void source_that_is_down_gives_a_clear_outcome_and_nothing_is_released() {
    String bsn = gateway.bsnOf("wijkteam-noord", "c3");
    Task failed =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "praktijk-offline",
                "child-protection-investigation",
                "legal-duty",
                "Onderzoek",
                "care-plan"));
    assertThat(failed.getStatus()).isEqualTo(Task.TaskStatus.FAILED);
    assertThat(failed.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("source-unavailable");
    assertThat(failed.getStatusReason().getText()).contains("niet bereikbaar");
    assertThat(failed.getOutput())
        .noneMatch(o -> o.getType().getCodingFirstRep().getCode().equals("release"));
    assertThat(auditOf(failed))
        .anySatisfy(
            a -> assertThat(a.getSubtypeFirstRep().getCode()).isEqualTo("source-unavailable"));
  }

  // Trace context (#20.5): child c41 is used by no other IT.
  @Test
  void a_callers_traceparent_is_answered_and_every_audit_entry_of_its_request_carries_the_trace()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c41");
    String trace = java.util.UUID.randomUUID().toString().replace("-", "");
    String callerSpan = "00f067aa0ba902b7";
    String json =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn,
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "Onderzoek op verzoek van de kinderrechter",
                    "identification",
                    "care-plan"));
    HttpResponse<String> posted =
        gateway.send(
            "POST",
            "/fhir/Task",
            json,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            Gateway.basicAuth("dirk", "demo-dirk"),
            "Prefer",
            "respond-async",
            "traceparent",
            "00-" + trace + "-" + callerSpan + "-01");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String answered = posted.headers().firstValue("traceparent").orElseThrow();
    assertThat(answered).matches("00-" + trace + "-[0-9a-f]{16}-01");
    String gatewaySpan = answered.substring(36, 52);
    assertThat(gatewaySpan).as("the gateway's own span").isNotEqualTo(callerSpan);
    assertThat(posted.headers().firstValue("traceresponse")).contains(answered);
    String id =
        Gateway.FHIR
            .newJsonParser()
            .parseResource(Task.class, posted.body())
            .getIdElement()
            .getIdPart();
    Task done = gateway.waitUntilFinal("dirk", id);

    // (a) Every audit entry of the request carries the caller's trace, also the steps that ran
    // later on claimed work; the intake's entry has the span of the POST.
    List<AuditEvent> audit = auditOf(done);
    List<String> steps = audit.stream().map(a -> a.getSubtypeFirstRep().getCode()).toList();
    assertThat(steps).contains("request-received", "decision", "fetch");
    assertThat(audit)
        .allSatisfy(a -> assertThat(traceDetail(a, "trace-id")).as(a.getId()).isEqualTo(trace));
    AuditEvent received =
        audit.stream()
            .filter(a -> a.getSubtypeFirstRep().getCode().equals("request-received"))
            .findFirst()
            .orElseThrow();
    assertThat(traceDetail(received, "span-id")).isEqualTo(gatewaySpan);
    assertThat(
            audit.stream()
                .filter(a -> a.getSubtypeFirstRep().getCode().equals("fetch"))
                .map(a -> traceDetail(a, "span-id")))
        .as("the fetch ran in a pass of its own, a span of its own in the same trace")
        .doesNotContain(gatewaySpan)
        .allSatisfy(span -> assertThat(span).matches("[0-9a-f]{16}"));
    audit.forEach(a -> conforms(a, Profiles.DISCLOSURE));

    // An invalid traceparent is ignored, never an error: a new trace is started and answered.
    HttpResponse<String> invalid =
        gateway.send(
            "GET",
            "/fhir/metadata",
            null,
            "traceparent",
            "00-" + trace.toUpperCase() + "-" + callerSpan + "-01");
    assertThat(invalid.statusCode()).isEqualTo(200);
    assertThat(invalid.headers().firstValue("traceparent").orElseThrow())
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
        .doesNotContain(trace);

    // (c) The Logboek Dataverwerkingen export holds the request's entries with its trace id.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> logboek =
                  gateway.send(
                      "GET",
                      "/api/admin/audit/export?format=logboek",
                      null,
                      "Authorization",
                      Gateway.basicAuth("admin", "demo-admin"));
              assertThat(logboek.statusCode()).as(logboek.body()).isEqualTo(200);
              List<String> lines =
                  logboek.body().lines().filter(l -> l.contains("\"" + id + "\"")).toList();
              assertThat(lines).hasSizeGreaterThanOrEqualTo(audit.size());
              assertThat(lines)
                  .allSatisfy(
                      l ->
                          assertThat(l)
                              .startsWith("{\"trace_id\":\"" + trace + "\",\"span_id\":\"")
                              .contains("\"dpl.core.data_subject_id\":\"" + bsn + "\"")
                              .contains(
                                  "\"dpl.core.processing_activity_id\":\""
                                      + Gateway.PURPOSE
                                      + "#child-protection-investigation\""));
              assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"name\":\"fetch\""));
            });
    HttpResponse<String> badFormat =
        gateway.send(
            "GET",
            "/api/admin/audit/export?format=csv",
            null,
            "Authorization",
            Gateway.basicAuth("admin", "demo-admin"));
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(badFormat.body()).contains("OperationOutcome").contains("logboek");
  }

  /** A detail of the AuditEvent's {@code trace-context} entity (docs/audit.md), or null. */
  private static String traceDetail(AuditEvent a, String type) {
    return a.getEntity().stream()
        .filter(e -> "trace-context".equals(e.getName()))
        .flatMap(e -> e.getDetail().stream())
        .filter(d -> type.equals(d.getType()))
        .map(d -> d.getValue().primitiveValue())
        .findFirst()
        .orElse(null);
  }

  // Admission (#16.2, #16.3): the same Idempotency-Key gives the same Task; Prefer: respond-async
  // answers at once.
  // Child c40 is used by no other IT.

  @Test
  void
      a_repeat_with_the_same_idempotency_key_gets_the_same_task_and_another_request_under_that_key_is_refused()
          throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c40");
    String json =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn,
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "Onderzoek op verzoek van de kinderrechter",
                    "identification"));
    String key = java.util.UUID.randomUUID().toString();
    String auth = Gateway.basicAuth("dirk", "demo-dirk");
    HttpResponse<String> first =
        gateway.send(
            "POST",
            "/fhir/Task",
            json,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            auth,
            "Idempotency-Key",
            key,
            "Prefer",
            "respond-async");
    assertThat(first.statusCode()).isEqualTo(201);
    Task stored = Gateway.FHIR.newJsonParser().parseResource(Task.class, first.body());
    assertThat(stored.getStatus())
        .as("respond-async: the stored Task at once")
        .isEqualTo(Task.TaskStatus.REQUESTED);
    HttpResponse<String> again =
        gateway.send(
            "POST",
            "/fhir/Task",
            json,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            auth,
            "Idempotency-Key",
            key);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(
            Gateway.FHIR
                .newJsonParser()
                .parseResource(Task.class, again.body())
                .getIdElement()
                .getIdPart())
        .isEqualTo(stored.getIdElement().getIdPart());
    assertThat(
            ItDatabase.count(
                "select count(*) from data_request where idempotency_key = '" + key + "'"))
        .isEqualTo(1);

    String other =
        Gateway.FHIR
            .newJsonParser()
            .encodeResourceToString(
                Gateway.request(
                    bsn,
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "Onderzoek op verzoek van de kinderrechter",
                    "care-plan"));
    HttpResponse<String> reused =
        gateway.send(
            "POST",
            "/fhir/Task",
            other,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            auth,
            "Idempotency-Key",
            key);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.body()).contains("OperationOutcome").contains("Idempotency-Key");
    HttpResponse<String> badKey =
        gateway.send(
            "POST",
            "/fhir/Task",
            json,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            auth,
            "Idempotency-Key",
            "twee woorden");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(
            ItDatabase.count("select count(*) from data_request where youth_bsn = '" + bsn + "'"))
        .isEqualTo(1);

    Task done = gateway.waitUntilFinal("dirk", stored.getIdElement().getIdPart());
    assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    // The work item is let go at the end: nothing due, nobody holds it; exactly one release.
    String id = stored.getIdElement().getIdPart();
    assertThat(
            ItDatabase.count(
                "select count(*) from data_request where id = '"
                    + id
                    + "' and due_at is null and lease_owner is null and attempts >= 1"))
        .isEqualTo(1);
    assertThat(
            ItDatabase.count("select count(*) from release_record where request_id = '" + id + "'"))
        .isEqualTo(1);

    // Without Prefer: respond-async the POST waits briefly for the end of the first pass.
    long start = System.nanoTime();
    HttpResponse<String> waited =
        gateway.send(
            "POST",
            "/fhir/Task",
            json,
            "Content-Type",
            "application/fhir+json",
            "Authorization",
            auth);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(waited.statusCode()).isEqualTo(201);
    Task answer = Gateway.FHIR.newJsonParser().parseResource(Task.class, waited.body());
    assertThat(answer.getStatus() == Task.TaskStatus.COMPLETED || millis >= 250)
        .as("final (" + answer.getStatus() + ") or waited (" + millis + " ms)")
        .isTrue();
  }

  /**
   * #20.4 and #20.6 (child c3: its other tests here store nothing for it or fail at an offline
   * source): a refusal and a release each give the family a signed receipt; the recipient's read of
   * the Bundle shows on the family's timeline as "Bekeken door …" (the family's own copy does not);
   * anyone checks a receipt, a tampered one is refused.
   */
  @Test
  void the_family_sees_who_looked_and_downloads_receipts_that_anyone_can_check() throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c3"); // 3 years old, one authority holder
    Task refused =
        gateway.submitAndWait(
            "anna",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "care-coordination",
                "consent",
                "Afstemmen wie wat doet",
                "care-plan"));
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    gateway
        .as("ouder-3-mother")
        .create()
        .resource(
            Gateway.consent(bsn, "permit", "wijkteam-noord", "care-coordination", "care-plan"))
        .execute();
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
    assertThat(released.getStatus()).as("released on consent").isEqualTo(Task.TaskStatus.COMPLETED);
    String releasedId = released.getIdElement().getIdPart();
    String refusedId = refused.getIdElement().getIdPart();
    String bundleId =
        released.getOutput().stream()
            .filter(o -> o.getType().getCodingFirstRep().getCode().equals("release"))
            .map(o -> ((Reference) o.getValue()).getReferenceElement().getIdPart())
            .findFirst()
            .orElseThrow();

    // #20.6: the recipient reads the Bundle through FHIR; the family's own copy is not listed.
    assertThat(gateway.get("/fhir/Bundle/" + bundleId, "anna").statusCode()).isEqualTo(200);
    Portal mother = Portal.login(gateway, "ouder-3-mother");
    assertThat(mother.get("/portal/kopie/" + releasedId + ".json").statusCode()).isEqualTo(200);
    String home = mother.get("/portal/").body();
    assertThat(home)
        .contains("Bekeken door Wijkteam Noord (medewerker wijkteam) op ")
        .doesNotContain("Bekeken door Wijkteam Noord (gezinslid")
        .doesNotContain("(gezinslid (jongere, ouder of vertegenwoordiger)) op");
    assertThat(home.split("Bekeken door ", -1)).as("one read listed").hasSize(2);

    // #20.4: a receipt per release and refusal, once its audit entry is chained.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                mother.get("/portal/").body().contains("/portal/bewijs/" + releasedId)
                    && mother.get("/portal/").body().contains("/portal/bewijs/" + refusedId));
    HttpResponse<String> receipt = mother.get("/portal/bewijs/" + releasedId);
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/jose");
    String jws = receipt.body().strip();
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(payload)
        .contains("\"request\":\"" + releasedId + "\"")
        .contains("\"outcome\":\"released\"")
        .contains("\"organisation\":\"wijkteam-noord\"")
        .contains("\"organisation\":\"ggz-de-linde\"")
        .contains("\"purpose\":\"care-coordination\"")
        .contains("\"legalBasis\":\"consent\"")
        .contains("\"eventType\":\"release\"")
        .doesNotContain(bsn);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where event_type = 'receipt-downloaded' and request_id = '"
                    + releasedId
                    + "'"))
        .isEqualTo(1);

    HttpResponse<String> valid =
        gateway.send("POST", "/api/receipts/verify", jws, "Content-Type", "application/jose");
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
    assertThat(valid.body()).contains("\"valid\":true").contains("\"result\":\"valid\"");
    assertThat(valid.body()).doesNotContain(bsn);

    String[] parts = jws.split("\\.");
    String tamperedPayload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                payload
                    .replace("\"outcome\":\"released\"", "\"outcome\":\"refused\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> tampered =
        gateway.send(
            "POST",
            "/api/receipts/verify",
            parts[0] + "." + tamperedPayload + "." + parts[2],
            "Content-Type",
            "application/jose");
    assertThat(tampered.statusCode()).isEqualTo(200);
    assertThat(tampered.body())
        .contains("\"valid\":false")
        .contains("\"result\":\"signature-bad\"")
        .doesNotContain(releasedId);
    HttpResponse<String> garbage =
        gateway.send("POST", "/api/receipts/verify", "geen bewijs", "Content-Type", "text/plain");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("OperationOutcome");

    // The refusal has its receipt too.
    HttpResponse<String> refusal = mother.get("/portal/bewijs/" + refusedId);
    assertThat(refusal.statusCode()).isEqualTo(200);
    HttpResponse<String> refusalChecked =
        gateway.send(
            "POST", "/api/receipts/verify", refusal.body(), "Content-Type", "application/jose");
    assertThat(refusalChecked.body())
        .contains("\"valid\":true")
        .contains("\"outcome\":\"refused\"")
        .contains("\"eventType\":\"decision\"");

    // Only the family downloads it (F2): another family and the professional get 404.
    assertThat(
            Portal.login(gateway, "ouder-13-mother")
                .get("/portal/bewijs/" + releasedId)
                .statusCode())
        .isEqualTo(404);
    assertThat(Portal.login(gateway, "anna").get("/portal/bewijs/" + releasedId).statusCode())
        .isEqualTo(404);

    // The public page: no login, the answer in Dutch.
    HttpResponse<String> page = gateway.send("GET", "/portal/bewijs-controleren", null);
    assertThat(page.statusCode()).isEqualTo(200);
    String cookie =
        Portal.find(Portal.SESSION, page.headers().firstValue("Set-Cookie").orElseThrow());
    String csrf = Portal.find(Portal.CSRF, page.body());
    HttpResponse<String> checked =
        gateway.send(
            "POST",
            "/portal/bewijs-controleren",
            "_csrf=" + Portal.enc(csrf) + "&bewijs=" + Portal.enc(jws),
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + cookie);
    assertThat(checked.statusCode()).isEqualTo(200);
    assertThat(checked.body()).contains("Dit bewijs is echt.").contains("Wijkteam Noord");
    HttpResponse<String> checkedTampered =
        gateway.send(
            "POST",
            "/portal/bewijs-controleren",
            "_csrf="
                + Portal.enc(csrf)
                + "&bewijs="
                + Portal.enc(parts[0] + "." + tamperedPayload + "." + parts[2]),
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Cookie",
            "JEUGDPOORT_SESSIE=" + cookie);
    assertThat(checkedTampered.body()).contains("Dit bewijs is niet echt.");
  }

  @Test
  void source_refusal_on_its_own_grounds_is_passed_on_with_P6() {
    String bsn = gateway.bsnOf("wijkteam-noord", "c28"); // the GGZ source itself refuses for c28
    Task refused =
        gateway.submitAndWait(
            "anna",
            Gateway.withMotivation(
                Gateway.request(
                    bsn,
                    "ggz-de-linde",
                    "child-safety-assessment",
                    "compelling-interest",
                    "Zorgen gemeld door school",
                    "observations"),
                "Meldcode stap 2"));
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(refused.getBusinessStatus().getCodingFirstRep().getCode())
        .isEqualTo("source-refused");
    assertThat(refused.getStatusReason().getText()).contains("beroepsgeheim").contains("contact");
    assertThat(auditOf(refused))
        .anySatisfy(
            a ->
                assertThat(a.getEntityFirstRep().getSecurityLabel())
                    .extracting(Coding::getCode)
                    .contains("P6"));
  }

  @Test
  void consent_basis_without_consent_is_refused_with_C2_and_another_organisation_cannot_see_it() {
    String bsn =
        gateway.bsnOf("ggz-de-linde", "c4"); // no consent is ever given for c4 in these tests
    Task refused =
        gateway.submitAndWait(
            "anna",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "care-coordination",
                "consent",
                "Afstemmen wie wat doet",
                "care-plan"));
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(refused.getStatusReason().getCoding()).extracting(Coding::getCode).contains("C2");
    assertThat(refused.getOutput())
        .anySatisfy(
            o -> assertThat(o.getType().getCodingFirstRep().getCode()).isEqualTo("alternative"));
    assertThat(refused.getOutput())
        .noneMatch(o -> o.getType().getCodingFirstRep().getCode().equals("notice"));

    int status = 0;
    try {
      gateway
          .as("dirk")
          .read()
          .resource(Task.class)
          .withId(refused.getIdElement().getIdPart())
          .execute();
    } catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException e) {
      status = e.getStatusCode();
    }
    assertThat(status)
        .as("a request of another organisation does not exist for dirk")
        .isEqualTo(404);
  }

  @Test
  void parents_consent_lets_a_request_through_and_an_objection_stops_the_next_one()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c1");
    for (String parent : List.of("ouder-1-mother", "ouder-1-father")) {
      Consent given =
          (Consent)
              gateway
                  .as(parent)
                  .create()
                  .resource(
                      Gateway.consent(
                          bsn, "permit", "wijkteam-noord", "care-coordination", "care-plan"))
                  .execute()
                  .getResource();
      assertThat(given.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
      assertThat(given.getPerformerFirstRep().getReference())
          .isEqualTo("RelatedPerson/c1-" + parent.substring(parent.lastIndexOf('-') + 1));
      conforms(given, Profiles.CONSENT);
      // C4: the person who consented can see and download their consent record, with the
      // information text version (C1).
      Consent copy =
          gateway
              .as(parent)
              .read()
              .resource(Consent.class)
              .withId(given.getIdElement().getIdPart())
              .execute();
      assertThat(copy.getPolicyFirstRep().getUri()).endsWith("/care-coordination/v1");
      assertThat(copy.getProvision().getPurposeFirstRep().getCode()).isEqualTo("care-coordination");
    }
    Task allowed =
        gateway.submitAndWait(
            "anna",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "care-coordination",
                "consent",
                "Afstemmen wie wat doet",
                "care-plan"));
    assertThat(allowed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(reasons(allowed)).contains("C2", "N1");

    Consent objection =
        (Consent)
            gateway
                .as("ouder-1-mother")
                .create()
                .resource(
                    Gateway.consent(
                        bsn, "deny", "wijkteam-noord", "care-coordination", "care-plan"))
                .execute()
                .getResource();
    conforms(objection, Profiles.OBJECTION);
    Task refused =
        gateway.submitAndWait(
            "anna",
            Gateway.request(
                bsn,
                "ggz-de-linde",
                "care-coordination",
                "consent",
                "Nog een keer afstemmen",
                "care-plan"));
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(refused.getStatusReason().getCoding()).extracting(Coding::getCode).contains("O4");

    // O3/C3: only who gave it withdraws it; the father cannot withdraw the mother's objection.
    String objectionId = objection.getIdElement().getIdPart();
    int status = 0;
    try {
      gateway.as("ouder-1-father").delete().resourceById("Consent", objectionId).execute();
    } catch (ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException e) {
      status = e.getStatusCode();
    }
    assertThat(status).isEqualTo(403);
    gateway.as("ouder-1-mother").delete().resourceById("Consent", objectionId).execute();
    Consent withdrawn =
        gateway.as("ouder-1-mother").read().resource(Consent.class).withId(objectionId).execute();
    assertThat(withdrawn.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    conforms(withdrawn, Profiles.OBJECTION);

    // F2: a parent gives nothing for another family's child, and sees none of its records.
    int forbidden = 0;
    try {
      gateway
          .as("ouder-1-mother")
          .create()
          .resource(
              Gateway.consent(
                  gateway.bsnOf("wijkteam-noord", "c2"),
                  "permit",
                  "wijkteam-noord",
                  "care-coordination",
                  "care-plan"))
          .execute();
    } catch (ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException e) {
      forbidden = e.getStatusCode();
    }
    assertThat(forbidden).isEqualTo(403);
    assertThat(
            gateway
                .as("ouder-2-mother")
                .search()
                .forResource(Consent.class)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry())
        .isEmpty();
    // A professional cannot give consent on a family's behalf.
    int professional = 0;
    try {
      gateway
          .as("anna")
          .create()
          .resource(
              Gateway.consent(bsn, "permit", "wijkteam-noord", "care-coordination", "care-plan"))
          .execute();
    } catch (ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException e) {
      professional = e.getStatusCode();
    }
    assertThat(professional).isEqualTo(403);
  }

  private int ownTasks(String user) {
    return gateway
        .as(user)
        .search()
        .forResource(Task.class)
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .size();
  }

  /**
   * The audit events of a request, once all of them are chained: an entry is written with its step
   * and linked into the hash chain moments later (docs/audit.md); until then it is "pending",
   * without hashes.
   */
  private List<AuditEvent> auditOf(Task task) {
    String user = task.getRequester().getIdentifier().getValue();
    java.util.concurrent.atomic.AtomicReference<List<AuditEvent>> events =
        new java.util.concurrent.atomic.AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              events.set(
                  gateway
                      .as(user)
                      .search()
                      .forResource(AuditEvent.class)
                      .where(AuditEvent.ENTITY.hasId("Task/" + task.getIdElement().getIdPart()))
                      .returnBundle(Bundle.class)
                      .execute()
                      .getEntry()
                      .stream()
                      .map(e -> (AuditEvent) e.getResource())
                      .sorted(Comparator.comparing(DataRequestFlowIT::seq))
                      .collect(Collectors.toList()));
              return events.get().stream().allMatch(a -> seq(a) != Long.MAX_VALUE);
            });
    return events.get();
  }

  /**
   * The place in the chain; an entry not yet chained (docs/audit.md) sorts last, in the server's
   * order.
   */
  private static long seq(AuditEvent a) {
    return a.getEntity().stream()
        .filter(e -> "hash-chain".equals(e.getName()))
        .findFirst()
        .orElseThrow()
        .getDetail()
        .stream()
        .filter(d -> d.getType().equals("seq"))
        .findFirst()
        .map(d -> Long.parseLong(d.getValue().primitiveValue()))
        .orElse(Long.MAX_VALUE);
  }

  private static List<String> reasons(Task task) {
    return task.getOutput().stream()
        .filter(o -> o.getType().getCodingFirstRep().getCode().equals("decision-reason"))
        .map(o -> ((CodeableConcept) o.getValue()).getCodingFirstRep())
        .filter(c -> RULE.equals(c.getSystem()))
        .map(Coding::getCode)
        .toList();
  }

  private static Reference output(Task task, String type) {
    return task.getOutput().stream()
        .filter(o -> o.getType().getCodingFirstRep().getCode().equals(type))
        .map(o -> (Reference) o.getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no output " + type + " on " + task.getIdElement()));
  }

  // N1 by e-mail, against a real SMTP server (GreenMail, ItMail).

  @Test
  void the_family_gets_a_plain_dutch_email_accepted_by_the_smtp_server_before_the_release()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c6");
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

    List<String> addresses =
        ItDatabase.texts(
            "select address from notice_delivery where request_id = '" + id + "' order by address");
    assertThat(addresses).as("both parents of c6 have an e-mail address at the source").hasSize(2);
    List<MimeMessage> mails =
        ItMail.received().stream()
            .filter(m -> ItMail.recipients(m).stream().anyMatch(addresses::contains))
            .toList();
    assertThat(mails).hasSize(2);
    List<String> messageIds =
        ItDatabase.texts("select id from notice where request_id = '" + id + "' order by id")
            .stream()
            .map(n -> "<notice-" + n + "@jeugdpoort>")
            .toList();
    for (MimeMessage m : mails) {
      // The notice's own subject and words (issue #13): the same text as in the portal inbox.
      assertThat(m.getSubject())
          .startsWith("Gegevens over ")
          .endsWith(" gaan naar Raad voor de Kinderbescherming");
      // A stable Message-ID per notice: a resend after a crash is recognisable.
      assertThat(m.getMessageID()).isIn(messageIds);
      String text = ((String) m.getContent()).replace("\r\n", "\n");
      assertThat(text)
          .contains("Dirk Visser")
          .contains("Raad voor de Kinderbescherming")
          .contains("Wijkteam Noord")
          .contains("Welke gegevens:")
          .contains("Waarvoor:")
          .contains("Waarom dit mag: wettelijke plicht.")
          .contains("Onderzoek op verzoek van de kinderrechter")
          .contains("Jeugdpoort deelt de gegevens direct na dit bericht.")
          .contains("Dan kunt u bezwaar maken in Jeugdpoort.")
          .containsPattern("Bekijk dit verzoek in Jeugdpoort: http://[^\\s]+/portal/#verzoek-" + id)
          .doesNotContain("Er wordt pas iets gedeeld")
          .doesNotContain("FHIR")
          .doesNotContainPattern("\\b[A-Z][0-9]\\b")
          .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
      assertThat(m.getFrom()[0].toString()).contains("@");
    }
    assertThat(
            ItDatabase.count(
                "select count(*) from notice_delivery where request_id = '"
                    + id
                    + "' and status = 'sent'"))
        .isEqualTo(2);
    // N1: every e-mail was accepted before the release, and the request's notice time is the last
    // acceptance.
    assertThat(
            ItDatabase.count(
                "select count(*) from notice_delivery d join data_request r on r.id = d.request_id "
                    + "join release_record rr on rr.request_id = r.id where r.id = '"
                    + id
                    + "' and d.sent_at > rr.created_at"))
        .isZero();
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where request_id = '"
                    + id
                    + "' and event_type = 'notice-email' and outcome = 'success'"))
        .isEqualTo(2);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where request_id = '"
                    + id
                    + "' and detail like '%@%'"))
        .as("no e-mail address in the audit log")
        .isZero();
  }

  @Test
  void while_the_smtp_server_is_down_the_request_waits_for_the_notice_and_delivery_is_retried()
      throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c9");
    ItMail.stop();
    String id;
    try {
      id =
          gateway
              .as("dirk")
              .create()
              .resource(
                  Gateway.request(
                      bsn,
                      "wijkteam-noord",
                      "child-protection-investigation",
                      "legal-duty",
                      "Onderzoek op verzoek van de kinderrechter",
                      "identification"))
              .execute()
              .getId()
              .getIdPart();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  ItDatabase.count(
                          "select count(*) from notice_delivery where request_id = '"
                              + id
                              + "' and attempts >= 2")
                      > 0);
      Task waiting = gateway.as("dirk").read().resource(Task.class).withId(id).execute();
      assertThat(waiting.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
      assertThat(waiting.getBusinessStatus().getCodingFirstRep().getCode())
          .isEqualTo("waiting-for-notice");
      assertThat(waiting.getOutput())
          .as("nothing released")
          .noneMatch(o -> o.getType().getCodingFirstRep().getCode().equals("release"));
      assertThat(
              ItDatabase.count(
                  "select count(*) from release_record where request_id = '" + id + "'"))
          .isZero();
      assertThat(
              ItDatabase.text(
                  "select last_error from notice_delivery where request_id = '"
                      + id
                      + "' order by attempts desc limit 1"))
          .isNotBlank();
      assertThat(
              ItDatabase.count(
                  "select count(*) from audit_entry where request_id = '"
                      + id
                      + "' and event_type = 'notice-email' and outcome = 'failure'"))
          .isGreaterThanOrEqualTo(2);
    } finally {
      ItMail.start();
    }
    Task done = gateway.waitUntilFinal("dirk", id);
    assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(
            ItDatabase.count(
                "select count(*) from notice_delivery where request_id = '"
                    + id
                    + "' and status <> 'sent'"))
        .isZero();
    assertThat(ItMail.received()).isNotEmpty();
  }

  // O2 told to the family (issue #13): the parent who objected reads that their objection was set
  // aside; the other
  // parent reads who objected. Both read it before the release, in plain Dutch.

  @Test
  void an_override_tells_the_objecting_parent_and_names_them_to_the_other() throws Exception {
    // c13 (13, mother and father with authority; used by no other test): the youth and both parents
    // are told (N1).
    String bsn = gateway.bsnOf("wijkteam-noord", "c13");
    String mother = "ouder-13-mother";
    String motherRef = "RelatedPerson/c13-mother";
    Consent objection =
        (Consent)
            gateway
                .as(mother)
                .create()
                .resource(
                    Gateway.consent(
                        bsn,
                        "deny",
                        "raad-kinderbescherming",
                        "child-protection-investigation",
                        "care-plan"))
                .execute()
                .getResource();
    Task done =
        gateway.submitAndWait(
            "dirk",
            Gateway.withMotivation(
                Gateway.request(
                    bsn,
                    "wijkteam-noord",
                    "child-protection-investigation",
                    "legal-duty",
                    "Onderzoek op verzoek van de kinderrechter",
                    "care-plan"),
                "De kinderrechter heeft het onderzoek opgedragen; het plan is nodig om de veiligheid te beoordelen."));
    assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(reasons(done)).contains("O2");
    String id = done.getIdElement().getIdPart();

    String toMother =
        ItDatabase.text(
            "select text from notice where request_id = '"
                + id
                + "' and recipient_ref = '"
                + motherRef
                + "'");
    assertThat(
            ItDatabase.text(
                "select subject from notice where request_id = '"
                    + id
                    + "' and recipient_ref = '"
                    + motherRef
                    + "'"))
        .startsWith("Uw bezwaar is opzij gezet:");
    assertThat(toMother)
        .contains("U heeft bezwaar gemaakt.")
        .contains("Dat bezwaar is voor dit verzoek opzij gezet.")
        .contains("Hier is dat: wettelijke plicht.")
        .contains("De kinderrechter heeft het onderzoek opgedragen")
        .contains("Een privacyfunctionaris controleert of dit terecht is.")
        .contains("#verzoek-" + id)
        .doesNotContainPattern("\\b[A-Z][0-9]\\b")
        .doesNotContain("FHIR");
    List<String> others =
        ItDatabase.texts(
            "select text from notice where request_id = '"
                + id
                + "' and recipient_ref <> '"
                + motherRef
                + "'");
    assertThat(others)
        .isNotEmpty()
        .allSatisfy(
            text ->
                assertThat(text)
                    .containsPattern("De moeder van \\p{L}+ heeft bezwaar gemaakt\\.")
                    .doesNotContain("U heeft bezwaar gemaakt"));
    assertThat(others).hasSize(2); // the father and the youth
    // Leave no objection behind for other tests (O3: who lodged it withdraws it).
    gateway
        .as(mother)
        .delete()
        .resourceById("Consent", objection.getIdElement().getIdPart())
        .execute();
  }

  // F1, O1 in the portal: the family sees the release with its reasons and objects; the next
  // request is refused.

  @Test
  void
      a_parent_sees_the_release_with_its_reasons_in_the_portal_objects_there_and_the_next_request_is_refused()
          throws Exception {
    // c5, a child under 12 (only the parents decide, C2) with its authority holders' accounts, whom
    // no other IT uses
    // (the ITs share one database: c11, for instance, is PortalIT's).
    String bsn =
        ItDatabase.text(
            "select youth_bsn from account where family_relation = 'authority-holder' "
                + "and username like 'ouder-5-%' and youth_birth_date > dateadd('YEAR', -12, current_date) order by username limit 1");
    List<String> parents =
        ItDatabase.texts(
            "select username from account where youth_bsn = '"
                + bsn
                + "' and family_relation = 'authority-holder' order by username");
    for (String parent : parents) {
      gateway
          .as(parent)
          .create()
          .resource(Gateway.consent(bsn, "permit", "gi-horizon", "care-coordination", "care-plan"))
          .execute();
    }
    Task released =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "care-coordination",
                "consent",
                "Afstemmen wie in het gezin wat doet",
                "care-plan"));
    assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
    String id = released.getIdElement().getIdPart();

    Portal portal = Portal.login(gateway, parents.get(0));
    String page = portal.get("/portal/").body();
    assertThat(page)
        .contains("Wat er is gedeeld")
        .contains("verzoek-" + id)
        .contains("Jeugdbescherming Horizon")
        .contains("Carla Bakker")
        .contains("Afstemmen wie in het gezin wat doet")
        .contains("<dd>toestemming</dd>")
        .contains("<summary>Waarom</summary>")
        .doesNotContain("<strong>C2</strong>")
        .doesNotContain("<strong>N1</strong>")
        .contains("Uw berichten")
        .contains("Gegevens over ")
        .contains("Jeugdpoort deelt de gegevens direct na dit bericht.")
        .contains("Bent u het er niet mee eens? Dan kunt u bezwaar maken in Jeugdpoort.")
        .doesNotContain("Er wordt pas iets gedeeld");

    HttpResponse<String> objected = portal.post("/portal/bezwaar", "verzoek=" + id);
    assertThat(objected.statusCode()).isEqualTo(302);
    assertThat(objected.headers().firstValue("Location").orElseThrow())
        .contains("bezwaar=vastgelegd");
    assertThat(portal.get("/portal/?bezwaar=vastgelegd").body())
        .contains("Uw bezwaar is vastgelegd");
    assertThat(
            ItDatabase.count(
                "select count(*) from consent_record where youth_bsn = '"
                    + bsn
                    + "' and kind = 'objection' "
                    + "and recipient_org = 'gi-horizon' and purpose = 'care-coordination' and withdrawn_at is null"))
        .isEqualTo(1);

    Task refused =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "care-coordination",
                "consent",
                "Nog eens afstemmen",
                "care-plan"));
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(refused.getStatusReason().getCoding())
        .extracting(org.hl7.fhir.r4.model.Coding::getCode)
        .contains("O4");

    // F2: a parent of another family gets nothing of this one.
    Portal other = Portal.login(gateway, "ouder-2-mother");
    assertThat(other.get("/portal/").body())
        .doesNotContain("verzoek-" + id)
        .doesNotContain("Afstemmen wie in het gezin");
    assertThat(other.post("/portal/bezwaar", "verzoek=" + id).statusCode()).isEqualTo(404);

    // Leave no objection behind for other tests (O3: who lodged it withdraws it).
    String objection =
        ItDatabase.text(
            "select id from consent_record where youth_bsn = '"
                + bsn
                + "' and kind = 'objection' "
                + "and recipient_org = 'gi-horizon' and purpose = 'care-coordination' and withdrawn_at is null");
    gateway.as(parents.get(0)).delete().resourceById("Consent", objection).execute();
  }

  /**
   * Issue #16, item 3: a requester's system subscribes (the R4 subscriptions backport, rest-hook to
   * an HTTP endpoint in the test JVM), receives the handshake, and is told once that its request
   * finished — by the Task's id only — without polling; another organisation cannot see or delete
   * the subscription; after deletion nothing more is sent.
   */
  @Test
  void a_subscribed_system_is_told_once_that_its_request_finished_without_polling()
      throws Exception {
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/meldingen",
        exchange -> {
          bodies.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    try {
      String endpoint = "http://127.0.0.1:" + hook.getAddress().getPort() + "/meldingen";
      String asked =
          """
          {"resourceType":"Subscription","status":"requested",
           "reason":"Het systeem van de Raad hoort wanneer een vraag klaar is",
           "criteria":"https://jeugdpoort.nl/fhir/SubscriptionTopic/data-request-finished",
           "channel":{"type":"rest-hook","endpoint":"%s","payload":"application/fhir+json",
            "_payload":{"extension":[{"url":"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content","valueCode":"id-only"}]},
            "header":["Authorization: Bearer raad-geheim"]}}
          """
              .formatted(endpoint);
      String dirk = Gateway.basicAuth("dirk", "demo-dirk");
      String femke = Gateway.basicAuth("femke", "demo-femke");
      // A full resource is never pushed: 422 naming the element, nothing stored.
      HttpResponse<String> full =
          gateway.postFhir(
              "/fhir/Subscription",
              asked.replace("\"valueCode\":\"id-only\"", "\"valueCode\":\"full-resource\""),
              "dirk");
      assertThat(full.statusCode()).isEqualTo(422);
      assertThat(full.body()).contains("OperationOutcome").contains("never carries the Task");
      HttpResponse<String> made = gateway.postFhir("/fhir/Subscription", asked, "dirk");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      org.hl7.fhir.r4.model.Subscription subscription =
          Gateway.FHIR
              .newJsonParser()
              .parseResource(org.hl7.fhir.r4.model.Subscription.class, made.body());
      String id = subscription.getIdElement().getIdPart();
      assertThat(made.headers().firstValue("Location").orElse(""))
          .contains("/fhir/Subscription/" + id);
      assertThat(subscription.getStatus().toCode()).isEqualTo("requested");
      assertThat(made.body()).doesNotContain("raad-geheim").contains("Authorization: ***");
      // The handshake first; then the subscription is active.
      await().atMost(Duration.ofSeconds(15)).until(() -> !bodies.isEmpty());
      assertThat(bodies.get(0)).contains("\"handshake\"");
      assertThat(tokens).containsOnly("Bearer raad-geheim");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> gateway.get("/fhir/Subscription/" + id, "dirk").body().contains("\"active\""));
      // Another organisation: not found, for reading, its $status and deleting alike.
      assertThat(gateway.get("/fhir/Subscription/" + id, "femke").statusCode()).isEqualTo(404);
      assertThat(gateway.get("/fhir/Subscription/" + id + "/$status", "femke").statusCode())
          .isEqualTo(404);
      assertThat(
              gateway
                  .send("DELETE", "/fhir/Subscription/" + id, null, "Authorization", femke)
                  .statusCode())
          .isEqualTo(404);
      assertThat(gateway.get("/fhir/Subscription", "femke").body()).doesNotContain(id);
      assertThat(gateway.get("/fhir/Subscription", "dirk").body()).contains(id);
      HttpResponse<String> status = gateway.get("/fhir/Subscription/" + id + "/$status", "dirk");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("query-status").contains("active");

      // A request of the Raad, posted asynchronously: the system is told when it finished.
      String bsn = gateway.bsnOf("wijkteam-noord", "c42");
      HttpResponse<String> posted =
          gateway.postFhir(
              "/fhir/Task",
              Gateway.FHIR
                  .newJsonParser()
                  .encodeResourceToString(
                      Gateway.request(
                          bsn,
                          "wijkteam-noord",
                          "child-protection-investigation",
                          "legal-duty",
                          "Onderzoek op verzoek van de rechtbank",
                          "identification")),
              "dirk",
              "Prefer",
              "respond-async");
      assertThat(posted.statusCode()).as(posted.body()).isIn(201, 202);
      String task =
          Gateway.FHIR
              .newJsonParser()
              .parseResource(Task.class, posted.body())
              .getIdElement()
              .getIdPart();
      java.util.function.Supplier<List<String>> aboutTask =
          () -> bodies.stream().filter(b -> b.contains("/fhir/Task/" + task + "\"")).toList();
      await().atMost(Duration.ofSeconds(60)).until(() -> aboutTask.get().size() == 1);
      Bundle notification =
          Gateway.FHIR.newJsonParser().parseResource(Bundle.class, aboutTask.get().get(0));
      assertThat(notification.getType()).isEqualTo(Bundle.BundleType.HISTORY);
      org.hl7.fhir.r4.model.Parameters parameters =
          (org.hl7.fhir.r4.model.Parameters) notification.getEntryFirstRep().getResource();
      assertThat(parameters.getParameter("type").getValue().primitiveValue())
          .isEqualTo("event-notification");
      assertThat(parameters.getParameter("subscription").getValue())
          .extracting(v -> ((Reference) v).getReference())
          .asString()
          .endsWith("/fhir/Subscription/" + id);
      // By id only: no BSN, no data of the child.
      assertThat(aboutTask.get().get(0)).doesNotContain(bsn).doesNotContain("Patient");
      // When told, the Task is final.
      Task finished = gateway.as("dirk").read().resource(Task.class).withId(task).execute();
      assertThat(Gateway.FINAL).contains(finished.getStatus().toCode());
      // The delivery is audited for the Raad (its privacy officer's search).
      assertThat(
              ItDatabase.count(
                  "select count(*) from audit_entry where event_type = 'subscription-notification' and outcome = 'success' and detail like '%Task/"
                      + task
                      + ")%'"))
          .isEqualTo(1);

      // Deleted: a later request is not told.
      assertThat(
              gateway
                  .send("DELETE", "/fhir/Subscription/" + id, null, "Authorization", dirk)
                  .statusCode())
          .isIn(200, 204);
      assertThat(gateway.get("/fhir/Subscription/" + id, "dirk").body()).contains("\"off\"");
      Task later =
          gateway.submitAndWait(
              "dirk",
              Gateway.request(
                  bsn,
                  "wijkteam-noord",
                  "child-protection-investigation",
                  "legal-duty",
                  "Nog een vraag",
                  "identification"));
      Thread.sleep(2_000); // a few poll intervals of the outbox
      assertThat(bodies)
          .noneMatch(b -> b.contains("/fhir/Task/" + later.getIdElement().getIdPart() + "\""));
      assertThat(aboutTask.get()).hasSize(1);
    } finally {
      hook.stop(0);
    }
  }
}
