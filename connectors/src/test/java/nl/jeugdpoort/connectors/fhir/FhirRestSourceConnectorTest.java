package nl.jeugdpoort.connectors.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FhirRestSourceConnectorTest {
  private static TestSourceServer server;
  private static final FhirRestSettings FAST = new FhirRestSettings(
      Duration.ofMillis(500), Duration.ofMillis(800), 3, Duration.ofMillis(20), 10, 50f, Duration.ofSeconds(30), 5);
  private FhirRestSourceConnector connector;
  private SourceEndpoint source;
  private final SourceQuery query = new SourceQuery("req-1", TestSourceServer.BSN,
      Map.of("care-plan", "CarePlan"), "care-coordination", "Afstemming plan", "wijkteam-noord");

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
    server.mode.set(TestSourceServer.Mode.ANSWER);
    server.calls.set(0);
    connector = new FhirRestSourceConnector(FAST);
    source = new SourceEndpoint("ggz", server.baseUrl());
  }

  @Test
  void looks_up_youth_with_related_persons_and_sends_the_purpose() {
    SourceResult result = connector.lookupYouth(source, query);
    assertThat(result).isInstanceOf(SourceResult.Youth.class);
    SourceResult.Youth youth = (SourceResult.Youth) result;
    assertThat(youth.patient().getIdElement().getIdPart()).isEqualTo("p1");
    assertThat(youth.relatedPersons()).hasSize(1);
    assertThat(server.lastPurpose.get()).isEqualTo("care-coordination");
  }

  @Test
  void fetches_items_by_category_tag() {
    SourceResult result = connector.fetch(source, query);
    assertThat(result).isInstanceOf(SourceResult.Items.class);
    assertThat(((SourceResult.Items) result).byCategory().get("care-plan"))
        .singleElement()
        .isInstanceOfSatisfying(CarePlan.class, p -> assertThat(p.getTitle()).isEqualTo("Plan"));
  }

  @Test
  void unknown_bsn_is_unknown_youth() {
    SourceQuery other = new SourceQuery("r", "123456782", Map.of(), "care-coordination", "x", "w");
    assertThat(connector.lookupYouth(source, other)).isInstanceOf(SourceResult.UnknownYouth.class);
  }

  @Test
  void source_refusal_is_passed_on_and_not_retried() {
    server.mode.set(TestSourceServer.Mode.REFUSE);
    SourceResult result = connector.fetch(source, query);
    assertThat(result).isInstanceOfSatisfying(SourceResult.Refused.class,
        r -> assertThat(r.reason()).contains("Beroepsgeheim"));
    assertThat(server.calls.get()).isEqualTo(1);
  }

  @Test
  void failing_source_is_retried_a_bounded_number_of_times_then_unavailable() {
    server.mode.set(TestSourceServer.Mode.FAIL_500);
    SourceResult result = connector.fetch(source, query);
    assertThat(result).isInstanceOfSatisfying(SourceResult.Unavailable.class,
        r -> assertThat(r.reason()).contains("3 attempts").contains("HTTP 500"));
    assertThat(server.calls.get()).isEqualTo(3);
  }

  @Test
  void slow_source_times_out_instead_of_hanging() {
    server.mode.set(TestSourceServer.Mode.STALL);
    long start = System.nanoTime();
    SourceResult result = connector.fetch(source, query);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result).isInstanceOf(SourceResult.Unavailable.class);
    // 3 attempts × 0.8 s read timeout + back-off, far below the 3 s stall each attempt would take.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void source_that_is_down_opens_the_circuit_and_later_calls_fail_fast() {
    SourceEndpoint down = new SourceEndpoint("down", URI.create("http://127.0.0.1:1/fhir"));
    for (int i = 0; i < 2; i++) {
      assertThat(connector.fetch(down, query)).isInstanceOf(SourceResult.Unavailable.class);
    }
    assertThat(connector.breakerState("down"))
        .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    SourceResult fast = connector.fetch(down, query);
    assertThat(fast).isInstanceOfSatisfying(SourceResult.Unavailable.class,
        r -> assertThat(r.reason()).contains("circuit open"));
    // Another source is not affected by the open circuit.
    assertThat(connector.fetch(source, query)).isInstanceOf(SourceResult.Items.class);
  }
}
