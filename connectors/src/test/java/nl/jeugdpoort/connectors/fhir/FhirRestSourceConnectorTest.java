package nl.jeugdpoort.connectors.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import java.time.Duration;
import java.util.Set;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.connectors.TraceContext;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity (C5), paging to the end or honestly truncated, and search noise, against a real HAPI
 * server.
 */
class FhirRestSourceConnectorTest {
  static final FhirRestSettings FAST =
      new FhirRestSettings(
              Duration.ofMillis(500),
              Duration.ofMillis(800),
              3,
              Duration.ofMillis(20),
              10,
              50f,
              Duration.ofSeconds(30),
              1000)
          .withPageSize(20);
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

  static SourceQuery query(String... types) {
    return query(null, 0, types);
  }

  static SourceQuery query(String patientId, int max, String... types) {
    return new SourceQuery(
        "req-1",
        TestSourceServer.BSN,
        patientId,
        Set.of(types),
        max,
        "care-coordination",
        "Afstemming plan",
        "wijkteam-noord");
  }

  private SourceResult.Fetched fetched(SourceResult result, String type) {
    assertThat(result).isInstanceOf(SourceResult.Items.class);
    return ((SourceResult.Items) result).byType().get(type);
  }

  @Test
  void looks_up_youth_with_related_persons_and_sends_the_purpose() {
    SourceResult result = connector.lookupYouth(source, query());
    assertThat(result)
        .isInstanceOfSatisfying(
            SourceResult.Youth.class,
            youth -> {
              assertThat(youth.patient().getIdElement().getIdPart()).isEqualTo("p1");
              assertThat(youth.relatedPersons())
                  .extracting(r -> r.getIdElement().getIdPart())
                  .containsExactly("rp1");
            });
    assertThat(server.lastPurpose.get()).isEqualTo("care-coordination");
    assertThat(server.requestHeaders)
        .allSatisfy(
            h -> {
              assertThat(h).containsEntry("x-jeugdpoort-requester-organisation", "wijkteam-noord");
              assertThat(h).containsEntry("x-jeugdpoort-explanation", "Afstemming+plan");
              assertThat(h).containsEntry("x-request-id", "req-1");
            });
  }

  @Test
  void every_call_carries_the_request_trace_with_a_span_of_its_own() {
    TraceContext trace =
        TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
    SourceQuery traced =
        new SourceQuery(
            "req-1",
            TestSourceServer.BSN,
            null,
            Set.of("CarePlan"),
            0,
            "care-coordination",
            "Afstemming plan",
            "wijkteam-noord",
            trace);
    connector.lookupYouth(source, traced);
    connector.fetch(source, traced);
    assertThat(server.requestHeaders)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            h ->
                assertThat(h.get("traceparent"))
                    .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                    .isNotEqualTo(trace.header()));
    assertThat(server.requestHeaders.stream().map(h -> h.get("traceparent")).distinct().count())
        .as("a new span per call")
        .isEqualTo(server.requestHeaders.size());
    server.reset();
    connector.lookupYouth(source, query());
    assertThat(server.requestHeaders)
        .allSatisfy(h -> assertThat(h).doesNotContainKey("traceparent"));
  }

  @Test
  void fetches_the_items_of_a_type_without_asking_for_a_category_tag() {
    SourceResult.Fetched plans = fetched(connector.fetch(source, query("CarePlan")), "CarePlan");
    assertThat(plans.resources())
        .singleElement()
        .isInstanceOfSatisfying(CarePlan.class, p -> assertThat(p.getTitle()).isEqualTo("Plan"));
    assertThat(plans.supported()).isTrue();
    assertThat(plans.truncated()).isFalse();
    assertThat(plans.reportedTotal()).isEqualTo(1);
  }

  @Test
  void patient_type_is_the_youth_itself() {
    SourceResult.Fetched patient = fetched(connector.fetch(source, query("Patient")), "Patient");
    assertThat(patient.resources())
        .singleElement()
        .isInstanceOfSatisfying(
            Patient.class, p -> assertThat(p.getIdElement().getIdPart()).isEqualTo("p1"));
  }

  @Test
  void unknown_bsn_is_unknown_youth() {
    SourceQuery other =
        new SourceQuery("r", "123456782", null, Set.of(), 0, "care-coordination", "x", "w");
    assertThat(connector.lookupYouth(source, other)).isInstanceOf(SourceResult.UnknownYouth.class);
  }

  @Test
  void c5_two_patients_for_one_bsn_is_ambiguous_and_nothing_is_fetched() {
    server.records.add(TestSourceServer.patient("p3", TestSourceServer.BSN));
    assertThat(connector.lookupYouth(source, query()))
        .isEqualTo(new SourceResult.AmbiguousYouth(2));
    assertThat(connector.fetch(source, query("CarePlan", "Patient")))
        .isEqualTo(new SourceResult.AmbiguousYouth(2));
    assertThat(server.calls("/fhir/CarePlan")).isZero();
    assertThat(server.calls("/fhir/RelatedPerson")).isZero();
  }

  @Test
  void c5_a_patient_in_the_answer_without_this_bsn_is_not_the_youth() {
    // A source that ignores the identifier parameter answers with another child too: only p1
    // carries the BSN.
    server.noise.put("Patient", java.util.List.of(TestSourceServer.patient("p2", "999888777")));
    assertThat(connector.lookupYouth(source, query()))
        .isInstanceOfSatisfying(
            SourceResult.Youth.class,
            y -> assertThat(y.patient().getIdElement().getIdPart()).isEqualTo("p1"));
  }

  @Test
  void c5_fetch_rechecks_that_the_bsn_still_resolves_to_the_patient_found_at_lookup() {
    assertThat(connector.fetch(source, query("p1", 0, "CarePlan")))
        .isInstanceOf(SourceResult.Items.class);
    assertThat(connector.fetch(source, query("p-other", 0, "CarePlan")))
        .isEqualTo(new SourceResult.AmbiguousYouth(1));
    server.records.add(TestSourceServer.patient("p3", TestSourceServer.BSN));
    assertThat(connector.fetch(source, query("p1", 0, "CarePlan")))
        .isEqualTo(new SourceResult.AmbiguousYouth(2));
  }

  @Test
  void follows_every_page_to_the_end_393_observations_in_pages_of_20() {
    for (int i = 0; i < 393; i++) {
      server.records.add(TestSourceServer.observation("o" + i, "Patient/p1"));
    }
    SourceResult.Fetched observations =
        fetched(connector.fetch(source, query("Observation")), "Observation");
    assertThat(observations.resources()).hasSize(393);
    assertThat(observations.resources())
        .extracting(r -> r.getIdElement().getIdPart())
        .doesNotHaveDuplicates();
    assertThat(observations.truncated()).isFalse();
    assertThat(observations.reportedTotal()).isEqualTo(393);
    assertThat(server.calls("/fhir")).as("next pages (HAPI's _getpages)").isEqualTo(19);
  }

  @Test
  void hitting_the_bound_is_reported_as_truncated_with_the_sources_total() {
    for (int i = 0; i < 393; i++) {
      server.records.add(TestSourceServer.observation("o" + i, "Patient/p1"));
    }
    SourceResult.Fetched observations =
        fetched(connector.fetch(source, query(null, 150, "Observation")), "Observation");
    assertThat(observations.resources()).hasSize(150);
    assertThat(observations.truncated()).isTrue();
    assertThat(observations.reportedTotal()).isEqualTo(393);

    FhirRestSourceConnector bounded = new FhirRestSourceConnector(FAST.withMaxItemsPerType(45));
    SourceResult.Fetched bySetting =
        fetched(bounded.fetch(source, query("Observation")), "Observation");
    assertThat(bySetting.resources()).hasSize(45);
    assertThat(bySetting.truncated()).isTrue();
  }

  @Test
  void exactly_the_bound_on_the_last_page_is_not_truncated_but_a_next_link_after_it_is() {
    for (int i = 0; i < 40; i++) {
      server.records.add(TestSourceServer.observation("o" + i, "Patient/p1"));
    }
    SourceResult.Fetched all =
        fetched(connector.fetch(source, query(null, 40, "Observation")), "Observation");
    assertThat(all.resources()).hasSize(40);
    assertThat(all.truncated()).isFalse();
    // After the 20th item the source still offers a next page: the connector cannot know it is
    // empty.
    SourceResult.Fetched first =
        fetched(connector.fetch(source, query(null, 20, "Observation")), "Observation");
    assertThat(first.resources()).hasSize(20);
    assertThat(first.truncated()).isTrue();
  }

  @Test
  void search_noise_and_other_patients_items_are_dropped_and_counted() {
    server.records.add(TestSourceServer.observation("own", "Patient/p1"));
    server.records.add(TestSourceServer.observation("absolute", server.baseUrl() + "/Patient/p1"));
    OperationOutcome outcome = TestSourceServer.outcome("Zoekopdracht uitgevoerd");
    outcome.setId("null");
    Practitioner included = new Practitioner();
    included.setId("pr1");
    server.noise.put(
        "Observation",
        java.util.List.of(
            TestSourceServer.asNoise(outcome, BundleEntrySearchModeEnum.OUTCOME),
            TestSourceServer.asNoise(included, BundleEntrySearchModeEnum.INCLUDE),
            TestSourceServer.observation("other-child", "Patient/p2"),
            TestSourceServer.observation(
                "other-server", "http://elsewhere.example/fhir/Patient/p1"),
            TestSourceServer.observation("no-subject", "Patient/p1").setSubject(null),
            TestSourceServer.asNoise(
                TestSourceServer.observation("included-obs", "Patient/p1"),
                BundleEntrySearchModeEnum.INCLUDE)));
    SourceResult.Fetched observations =
        fetched(connector.fetch(source, query("Observation")), "Observation");
    assertThat(observations.resources())
        .extracting(r -> r.getIdElement().getIdPart())
        .containsExactlyInAnyOrder("own", "absolute");
    assertThat(observations.resources()).allMatch(Observation.class::isInstance);
    assertThat(observations.dropped()).isEqualTo(6);
  }

  @Test
  void related_persons_of_another_patient_are_not_the_youths() {
    server.noise.put(
        "RelatedPerson",
        java.util.List.of(
            (Resource)
                new org.hl7.fhir.r4.model.RelatedPerson(
                        new org.hl7.fhir.r4.model.Reference("Patient/p2"))
                    .setId("rp-x")));
    SourceResult result = connector.lookupYouth(source, query());
    assertThat(result)
        .isInstanceOfSatisfying(
            SourceResult.Youth.class,
            y ->
                assertThat(y.relatedPersons())
                    .extracting(r -> r.getIdElement().getIdPart())
                    .containsExactly("rp1"));
  }
}
