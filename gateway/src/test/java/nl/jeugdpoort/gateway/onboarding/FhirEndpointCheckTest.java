package nl.jeugdpoort.gateway.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FHIR base URL check against a real HTTP server: only an R4 CapabilityStatement passes. */
class FhirEndpointCheckTest {
  static FhirServer server;
  static final FhirEndpointCheck CHECK =
      new FhirEndpointCheck(
          FhirContext.forR4Cached(), Duration.ofSeconds(2), Duration.ofSeconds(2));

  @BeforeAll
  static void start() throws Exception {
    server = new FhirServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void an_R4_server_passes_in_json_and_xml_and_with_a_trailing_slash() {
    assertThat(CHECK.problem(server.url("/r4"))).isEmpty();
    assertThat(CHECK.problem(server.url("/r4/"))).isEmpty();
    assertThat(CHECK.problem(server.url("/r4xml"))).isEmpty();
  }

  @Test
  void another_version_another_resource_a_web_page_or_a_404_is_refused_with_the_reason() {
    assertThat(CHECK.problem(server.url("/stu3"))).get().asString().contains("FHIR 3.0.2, not R4");
    assertThat(CHECK.problem(server.url("/patient")))
        .get()
        .asString()
        .contains("answered a Patient, not a CapabilityStatement");
    assertThat(CHECK.problem(server.url("/html")))
        .get()
        .asString()
        .contains("did not answer with a FHIR resource");
    assertThat(CHECK.problem(server.url("/nothing")))
        .get()
        .asString()
        .contains("answered HTTP 404");
  }

  @Test
  void a_malformed_or_unreachable_url_is_refused() throws Exception {
    assertThat(CHECK.problem("fhir.example.nl/fhir"))
        .get()
        .asString()
        .startsWith("fhirBaseUrl: an absolute http or https URL");
    assertThat(CHECK.problem("ftp://fhir.example.nl/fhir"))
        .get()
        .asString()
        .startsWith("fhirBaseUrl: an absolute http or https URL");
    assertThat(CHECK.problem("https://fhir.example.nl/fhir?x=1"))
        .get()
        .asString()
        .startsWith("fhirBaseUrl: an absolute");
    assertThat(CHECK.problem("http://exa mple/"))
        .get()
        .asString()
        .isEqualTo("fhirBaseUrl: not a URL");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(CHECK.problem("http://127.0.0.1:" + closed + "/fhir"))
        .get()
        .asString()
        .contains("cannot be reached");
  }
}
