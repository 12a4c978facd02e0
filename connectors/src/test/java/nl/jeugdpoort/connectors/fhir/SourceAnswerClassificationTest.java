package nl.jeugdpoort.connectors.fhir;

import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.FAST;
import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of source answer gets its own result; only the explicit signal is a refusal (P6). */
class SourceAnswerClassificationTest {
  private static TestSourceServer server;
  private FhirRestSourceConnector connector;
  private SourceEndpoint source;

  @BeforeAll
  static void start() throws Exception {
    server = new TestSourceServer();
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

  @Test
  void p6_explicit_professional_refusal_is_refused_with_the_reason_and_not_retried() {
    server.mode.set(TestSourceServer.Mode.REFUSE);
    assertThat(connector.fetch(source, query("CarePlan")))
        .isEqualTo(new SourceResult.Refused(TestSourceServer.REFUSAL));
    assertThat(server.calls("/fhir/Patient")).isEqualTo(1);
  }

  @Test
  void p6_explicit_professional_refusal_on_422_is_refused_too() {
    server.mode.set(TestSourceServer.Mode.REFUSE_422);
    assertThat(connector.lookupYouth(source, query()))
        .isEqualTo(new SourceResult.Refused(TestSourceServer.REFUSAL));
  }

  @Test
  void p6_refusal_thrown_as_a_hapi_exception_with_the_signal_is_refused() {
    server.mode.set(TestSourceServer.Mode.REFUSE_BY_HAPI_EXCEPTION);
    assertThat(connector.lookupYouth(source, query()))
        .isEqualTo(new SourceResult.Refused(TestSourceServer.REFUSAL));
  }

  @Test
  void a_401_is_access_denied_not_a_refusal() {
    server.mode.set(TestSourceServer.Mode.UNAUTHORIZED);
    assertThat(connector.fetch(source, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.AccessDenied.class,
            d -> {
              assertThat(d.httpStatus()).isEqualTo(401);
              assertThat(d.reason()).contains("HTTP 401").contains("Token ontbreekt");
            });
    assertThat(server.calls("/fhir/Patient")).isEqualTo(1);
  }

  @Test
  void a_plain_403_is_access_denied_not_a_refusal() {
    server.mode.set(TestSourceServer.Mode.FORBIDDEN);
    assertThat(connector.lookupYouth(source, query()))
        .isInstanceOfSatisfying(
            SourceResult.AccessDenied.class, d -> assertThat(d.httpStatus()).isEqualTo(403));
  }

  @Test
  void another_4xx_is_a_bad_answer_naming_the_status() {
    server.mode.set(TestSourceServer.Mode.BAD_REQUEST);
    assertThat(connector.fetch(source, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class,
            b -> assertThat(b.reason()).contains("HTTP 400").contains("Onbekende parameter"));
    server.mode.set(TestSourceServer.Mode.INVALID_422);
    assertThat(connector.fetch(source, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.BadAnswer.class, b -> assertThat(b.reason()).contains("HTTP 422"));
  }

  @Test
  void failing_source_is_retried_a_bounded_number_of_times_then_unavailable() {
    server.mode.set(TestSourceServer.Mode.FAIL_500);
    assertThat(connector.fetch(source, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.Unavailable.class,
            r -> assertThat(r.reason()).contains("3 attempts").contains("HTTP 500"));
    assertThat(server.calls("/fhir/Patient")).isEqualTo(3);
  }

  @Test
  void too_many_requests_is_retried_after_the_sources_retry_after_then_unavailable() {
    server.mode.set(TestSourceServer.Mode.TOO_MANY);
    long start = System.nanoTime();
    assertThat(connector.fetch(source, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.Unavailable.class, r -> assertThat(r.reason()).contains("HTTP 429"));
    assertThat(server.calls("/fhir/Patient")).isEqualTo(3);
    // Retry-After: 1 (not the 20 ms back-off) between the three attempts.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void a_retry_after_beyond_the_bound_is_unavailable_at_once() {
    server.raw.put(
        "/fhir/Patient",
        r ->
            new TestSourceServer.Raw(
                503, "application/fhir+json", new byte[0], Map.of("Retry-After", "3600"), true));
    assertThat(connector.lookupYouth(source, query()))
        .isInstanceOfSatisfying(
            SourceResult.Unavailable.class, r -> assertThat(r.reason()).contains("3600 s"));
    assertThat(server.calls("/fhir/Patient")).isEqualTo(1);
  }

  @Test
  void slow_source_times_out_instead_of_hanging() {
    server.mode.set(TestSourceServer.Mode.STALL);
    long start = System.nanoTime();
    SourceResult result = connector.fetch(source, query("CarePlan"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result).isInstanceOf(SourceResult.Unavailable.class);
    // 3 attempts × 0.8 s + back-off, far below the 3 s stall each attempt would take.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void source_that_is_down_opens_the_circuit_and_later_calls_fail_fast() {
    SourceEndpoint down = new SourceEndpoint("down", URI.create("http://127.0.0.1:1/fhir"));
    for (int i = 0; i < 2; i++) {
      assertThat(connector.fetch(down, query("CarePlan")))
          .isInstanceOf(SourceResult.Unavailable.class);
    }
    assertThat(connector.breakerState("down"))
        .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    assertThat(connector.fetch(down, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.Unavailable.class, r -> assertThat(r.reason()).contains("circuit open"));
    // Another source is not affected by the open circuit.
    assertThat(connector.fetch(source, query("CarePlan"))).isInstanceOf(SourceResult.Items.class);
  }

  @Test
  void a_type_missing_from_the_capability_statement_is_unsupported_and_not_called() {
    SourceResult.Items items =
        (SourceResult.Items) connector.fetch(source, query("Condition", "CarePlan"));
    assertThat(items.byType().get("Condition")).isEqualTo(SourceResult.Fetched.unsupported());
    assertThat(items.byType().get("CarePlan").resources()).hasSize(1);
    assertThat(server.calls("/fhir/Condition")).isZero();
  }

  @Test
  void the_capability_statement_is_read_once_and_cached() {
    connector.fetch(source, query("CarePlan"));
    connector.lookupYouth(source, query());
    connector.fetch(source, query("Observation"));
    assertThat(server.calls("/fhir/metadata")).isEqualTo(1);
    FhirRestSourceConnector noCache =
        new FhirRestSourceConnector(FAST.withCapabilityCacheTtl(Duration.ZERO));
    noCache.fetch(source, query("CarePlan"));
    noCache.fetch(source, query("CarePlan"));
    assertThat(server.calls("/fhir/metadata")).isEqualTo(3);
  }

  @Test
  void without_a_capability_statement_a_404_on_a_type_is_unsupported_not_an_unknown_youth() {
    server.raw.put("/fhir/metadata", r -> TestSourceServer.Raw.json(500, "{}"));
    SourceResult result = connector.fetch(source, query("Condition", "CarePlan"));
    assertThat(result).isInstanceOf(SourceResult.Items.class);
    SourceResult.Items items = (SourceResult.Items) result;
    assertThat(items.byType().get("Condition").supported()).isFalse();
    assertThat(items.byType().get("CarePlan").resources()).hasSize(1);
    assertThat(server.calls("/fhir/Condition")).isEqualTo(1);
  }

  @Test
  void a_source_without_patient_search_is_unsupported() {
    server.raw.put(
        "/fhir/metadata",
        r ->
            TestSourceServer.Raw.json(
                200,
                "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\","
                    + "\"format\":[\"json\"],\"rest\":[{\"mode\":\"server\",\"resource\":[{\"type\":\"CarePlan\"}]}]}"));
    assertThat(connector.lookupYouth(source, query()))
        .isEqualTo(new SourceResult.Unsupported("Patient search"));
    assertThat(server.calls("/fhir/Patient")).isZero();

    FhirRestSourceConnector other = new FhirRestSourceConnector(FAST);
    server.raw.put("/fhir/metadata", r -> TestSourceServer.Raw.json(404, "{}"));
    server.raw.put(
        "/fhir/Patient",
        r ->
            TestSourceServer.Raw.json(
                404,
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-supported\"}]}"));
    assertThat(other.lookupYouth(source, query()))
        .isEqualTo(new SourceResult.Unsupported("Patient search"));
  }
}
