package nl.jeugdpoort.it;

import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * Talks to the running gateway the way an organisation's system would: FHIR over HTTP with Basic
 * auth.
 */
final class Gateway {
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
  static final String ORG = "https://jeugdpoort.nl/fhir/NamingSystem/organisation";
  static final String PURPOSE = "https://jeugdpoort.nl/fhir/CodeSystem/purpose";
  static final String PARAM = "https://jeugdpoort.nl/fhir/CodeSystem/task-parameter";
  static final String CATEGORY = "https://jeugdpoort.nl/fhir/CodeSystem/data-category";
  static final Set<String> FINAL = Set.of("completed", "rejected", "failed");

  private final String base;
  private final String root;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Gateway(URL deployment) {
    String url = deployment.toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.root =
        deployment.getProtocol() + "://" + deployment.getHost() + ":" + deployment.getPort();
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
  }

  String fhirBase() {
    return base + "/fhir";
  }

  IGenericClient as(String user) {
    IGenericClient client = FHIR.newRestfulGenericClient(fhirBase());
    client.registerInterceptor(new BasicAuthInterceptor(user, "demo-" + user));
    return client;
  }

  /** A demo source's own FHIR endpoint (what the organisation's system serves). */
  IGenericClient source(String organisation) {
    return FHIR.newRestfulGenericClient(base + "/demo-sources/" + organisation + "/fhir");
  }

  /**
   * GET a path of the application (e.g. /fhir/Task), or of the server when it starts with /health.
   */
  HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create((path.startsWith("/health") ? root : base) + path))
            .timeout(Duration.ofSeconds(30))
            .GET();
    if (user != null) {
      request.header("Authorization", basic(user, "demo-" + user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Any call: {@code headers} are name/value pairs (e.g. "Authorization", "Basic …"). */
  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST a FHIR JSON body as {@code user} (demo password); {@code headers} as for send. */
  HttpResponse<String> postFhir(String path, String json, String user, String... headers)
      throws IOException, InterruptedException {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "Authorization",
                basic(user, "demo-" + user),
                "Content-Type",
                "application/fhir+json"));
    all.addAll(List.of(headers));
    return send("POST", path, json, all.toArray(String[]::new));
  }

  String url(String path) {
    return base + path;
  }

  static String basicAuth(String user, String password) {
    return basic(user, password);
  }

  HttpResponse<String> postTask(String json, String user, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(fhirBase() + "/Task"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/fhir+json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a data request as {@code user} and waits until it reaches a final status. */
  Task submitAndWait(String user, Task request) {
    String id = as(user).create().resource(request).execute().getId().getIdPart();
    return waitUntilFinal(user, id);
  }

  Task waitUntilFinal(String user, String id) {
    Task[] last = new Task[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] = as(user).read().resource(Task.class).withId(id).execute();
              return FINAL.contains(last[0].getStatus().toCode());
            });
    return last[0];
  }

  /** The BSN of a demo child by its patient id at a source (c0 … c59). */
  String bsnOf(String organisation, String patientId) {
    Patient p = source(organisation).read().resource(Patient.class).withId(patientId).execute();
    return p.getIdentifierFirstRep().getValue();
  }

  /** The first name of a demo child as the source knows it. */
  String givenNameOf(String organisation, String patientId) {
    return source(organisation)
        .read()
        .resource(Patient.class)
        .withId(patientId)
        .execute()
        .getNameFirstRep()
        .getGivenAsSingleString();
  }

  /** Patient ids at a source that have at least one item of {@code category}. */
  List<String> patientsWith(String organisation, String resourceType, String category) {
    Bundle b =
        source(organisation)
            .search()
            .byUrl(resourceType + "?_tag=" + CATEGORY + "|" + category)
            .returnBundle(Bundle.class)
            .execute();
    return b.getEntry().stream()
        .map(e -> (Resource) e.getResource())
        .map(r -> r.getNamedProperty("subject").getValues().get(0))
        .map(v -> ((org.hl7.fhir.r4.model.Reference) v).getReferenceElement().getIdPart())
        .distinct()
        .toList();
  }

  static Task request(
      String bsn,
      String source,
      String purpose,
      String basis,
      String explanation,
      String... categories) {
    Task t = new Task();
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.ORDER);
    t.getFor().getIdentifier().setSystem(BSN).setValue(bsn);
    t.getOwner().getIdentifier().setSystem(ORG).setValue(source);
    if (purpose != null) {
      t.getReasonCode().addCoding().setSystem(PURPOSE).setCode(purpose);
    }
    for (String c : categories) {
      t.addInput()
          .setValue(new org.hl7.fhir.r4.model.CodeType(c))
          .getType()
          .addCoding()
          .setSystem(PARAM)
          .setCode("category");
    }
    if (explanation != null) {
      t.addInput()
          .setValue(new org.hl7.fhir.r4.model.StringType(explanation))
          .getType()
          .addCoding()
          .setSystem(PARAM)
          .setCode("explanation");
    }
    if (basis != null) {
      t.addInput()
          .setValue(new org.hl7.fhir.r4.model.CodeType(basis))
          .getType()
          .addCoding()
          .setSystem(PARAM)
          .setCode("legal-basis");
    }
    return t;
  }

  /** A consent (permit) or objection (deny) as a family member posts it. */
  static org.hl7.fhir.r4.model.Consent consent(
      String bsn, String type, String recipient, String purpose, String category) {
    org.hl7.fhir.r4.model.Consent c = new org.hl7.fhir.r4.model.Consent();
    c.setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE);
    c.getScope()
        .addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/consentscope")
        .setCode("patient-privacy");
    c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    c.getPatient().getIdentifier().setSystem(BSN).setValue(bsn);
    c.setDateTime(new java.util.Date());
    c.addPerformer().setReference("RelatedPerson/me");
    c.addPolicy().setUri("https://jeugdpoort.nl/fhir/information-text/" + purpose + "/v1");
    org.hl7.fhir.r4.model.Consent.ProvisionComponent p = c.getProvision();
    p.setType(org.hl7.fhir.r4.model.Consent.ConsentProvisionType.fromCode(type));
    p.addActor()
        .setRole(
            new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(
                    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
        .getReference()
        .getIdentifier()
        .setSystem(ORG)
        .setValue(recipient);
    p.addPurpose().setSystem(PURPOSE).setCode(purpose);
    p.addClass_().setSystem(CATEGORY).setCode(category);
    return c;
  }

  static Task withMotivation(Task t, String motivation) {
    t.addInput()
        .setValue(new org.hl7.fhir.r4.model.StringType(motivation))
        .getType()
        .addCoding()
        .setSystem(PARAM)
        .setCode("motivation");
    return t;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
