package nl.jeugdpoort.connectors.fhir;

import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.FAST;
import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input from a source: a clear answer, nothing partial without saying so, bounded memory. */
class BadSourceAnswersTest {
  private static TestSourceServer server;

  /** 100 000 Observations of the youth in one page, about 20 MB. */
  private static byte[] hugeBundle;

  private FhirRestSourceConnector connector;
  private SourceEndpoint source;

  @BeforeAll
  static void start() throws Exception {
    server = new TestSourceServer();
    StringBuilder json =
        new StringBuilder(21_000_000)
            .append(
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":100000,\"entry\":[");
    for (int i = 0; i < 100_000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"fullUrl\":\"")
          .append(server.baseUrl())
          .append("/Observation/o")
          .append(i)
          .append("\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o")
          .append(i)
          .append(
              "\",\"status\":\"final\",\"code\":{\"text\":\"Lengte\"},\"subject\":{\"reference\":\"Patient/p1\"}},")
          .append("\"search\":{\"mode\":\"match\"}}");
    }
    hugeBundle = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void fresh() {
    server.reset();
    connector = new FhirRestSourceConnector(FAST);
    source = new SourceEndpoint("ggz", server.baseUrl());
  }

  private static String page(String next, String... observationIds) {
    StringBuilder json =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[");
    if (next != null) {
      json.append("{\"relation\":\"next\",\"url\":\"").append(next).append("\"}");
    }
    json.append("],\"entry\":[");
    for (int i = 0; i < observationIds.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"")
          .append(observationIds[i])
          .append("\",\"status\":\"final\",\"code\":{\"text\":\"x\"},")
          .append("\"subject\":{\"reference\":\"Patient/p1\"}}}");
    }
    return json.append("]}").toString();
  }

  private SourceResult observations() {
    return connector.fetch(source, query("Observation"));
  }

  @Test
  void malformed_json_is_a_bad_answer() {
    server.raw.put(
        "/fhir/Observation",
        r -> TestSourceServer.Raw.json(200, "{\"resourceType\":\"Bundle\",\"entry\":[{"));
    assertThat(observations())
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class, b -> assertThat(b.reason()).contains("not valid JSON"));
  }

  @Test
  void a_malformed_resource_in_the_bundle_is_a_bad_answer() {
    server.raw.put(
        "/fhir/Observation",
        r ->
            TestSourceServer.Raw.json(
                200,
                "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":\"x\"}}]}"));
    assertThat(observations())
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("malformed Observation"));
  }

  @Test
  void another_resource_where_a_bundle_was_expected_is_a_bad_answer() {
    server.raw.put(
        "/fhir/Patient",
        r -> TestSourceServer.Raw.json(200, "{\"resourceType\":\"Patient\",\"id\":\"p1\"}"));
    assertThat(connector.lookupYouth(source, query()))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("a Patient where a search Bundle was expected"));
  }

  @Test
  void html_instead_of_fhir_is_a_bad_answer() {
    server.raw.put(
        "/fhir/Observation",
        r ->
            new TestSourceServer.Raw(
                200,
                "text/html",
                "<html><body>Login</body></html>".getBytes(StandardCharsets.UTF_8),
                java.util.Map.of(),
                true));
    assertThat(observations()).isInstanceOf(SourceResult.BadAnswer.class);
  }

  @Test
  void a_next_link_loop_is_a_bad_answer() {
    String second = server.baseUrl() + "/Observation?page=2";
    server.raw.put(
        "/fhir/Observation",
        r -> TestSourceServer.Raw.json(200, page(second, "o" + r.getQueryString().hashCode())));
    assertThat(observations())
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class, b -> assertThat(b.reason()).contains("loop"));
    assertThat(server.calls("/fhir/Observation")).isEqualTo(2);
  }

  @Test
  void a_next_link_to_another_server_is_not_followed() {
    server.raw.put(
        "/fhir/Observation",
        r -> TestSourceServer.Raw.json(200, page("http://127.0.0.1:1/steal?page=2", "o1")));
    assertThat(observations())
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("outside the source's base URL"));
  }

  @Test
  void endless_empty_pages_are_a_bad_answer() {
    server.raw.put(
        "/fhir/Observation",
        r ->
            TestSourceServer.Raw.json(
                200, page(server.baseUrl() + "/Observation?page=" + System.nanoTime())));
    assertThat(observations())
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("no entries but a next link"));
  }

  @Test
  void an_answer_over_the_size_limit_is_refused_by_its_content_length_and_by_its_stream() {
    FhirRestSourceConnector small =
        new FhirRestSourceConnector(FAST.withMaxResponseBytes(64 * 1024));
    byte[] big = page(null, new String[5_000]).getBytes(StandardCharsets.UTF_8);
    assertThat(big.length).isGreaterThan(64 * 1024);
    server.raw.put(
        "/fhir/Observation",
        r -> new TestSourceServer.Raw(200, "application/fhir+json", big, java.util.Map.of(), true));
    assertThat(small.fetch(source, query("Observation")))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("size limit of 65536 bytes"));
    server.raw.put(
        "/fhir/Observation",
        r ->
            new TestSourceServer.Raw(200, "application/fhir+json", big, java.util.Map.of(), true)
                .undeclared());
    assertThat(small.fetch(source, query("Observation")))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("size limit of 65536 bytes"));
  }

  @Test
  void a_bundle_of_100000_entries_is_cut_at_the_bound_and_reported_truncated_in_bounded_memory() {
    server.raw.put(
        "/fhir/Observation",
        r ->
            new TestSourceServer.Raw(
                200, "application/fhir+json", hugeBundle, java.util.Map.of(), true));
    FhirRestSourceConnector roomy =
        new FhirRestSourceConnector(
            FAST.withMaxResponseBytes(32L * 1024 * 1024)
                .withMaxItemsPerType(FhirRestSettings.DEFAULT_MAX_ITEMS_PER_TYPE));
    long start = System.nanoTime();
    SourceResult result = roomy.fetch(source, query("Observation"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(result).isInstanceOf(SourceResult.Items.class);
    SourceResult.Fetched observations = ((SourceResult.Items) result).byType().get("Observation");
    assertThat(observations.resources()).hasSize(10_000);
    assertThat(observations.truncated()).isTrue();
    assertThat(observations.reportedTotal()).isEqualTo(100_000);
  }

  @Test
  void a_bundle_of_100000_entries_over_the_default_size_limit_is_a_bad_answer() {
    assertThat((long) hugeBundle.length).isGreaterThan(FhirRestSettings.DEFAULT_MAX_RESPONSE_BYTES);
    server.raw.put(
        "/fhir/Observation",
        r ->
            new TestSourceServer.Raw(
                    200, "application/fhir+json", hugeBundle, java.util.Map.of(), true)
                .undeclared());
    FhirRestSourceConnector defaults = new FhirRestSourceConnector(FhirRestSettings.defaults());
    assertThat(defaults.fetch(source, query("Observation")))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class, b -> assertThat(b.reason()).contains("size limit"));
  }
}
