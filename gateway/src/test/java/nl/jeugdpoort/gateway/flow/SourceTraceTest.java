package nl.jeugdpoort.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.fhir.FhirRestSettings;
import nl.jeugdpoort.connectors.fhir.FhirRestSourceConnector;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import org.junit.jupiter.api.Test;

/**
 * #20.5: the calls of a request's pass to the source carry the request's trace id, each with a span
 * of its own under the pass's span — against a real HTTP server that records what it received.
 */
class SourceTraceTest {
  @Test
  void the_source_receives_the_trace_id_the_request_was_made_in() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          byte[] body =
              "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String trace = AuditTrace.start().traceId();
      DataRequestEntity request =
          new DataRequestEntity(
                  "req-trace",
                  Instant.now(),
                  "dirk",
                  "Dirk",
                  "youth-care-professional",
                  "wijkteam-noord",
                  "111222333",
                  "ggz",
                  "care-coordination",
                  "Afstemming",
                  Set.of("care-plan"),
                  "consent",
                  null,
                  null)
              .traceId(trace);
      AuditTrace.Span pass = AuditTrace.newSpan(trace);
      FhirRestSourceConnector connector = new FhirRestSourceConnector(FhirRestSettings.defaults());
      SourceEndpoint source =
          new SourceEndpoint(
              "ggz", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir"));
      try (AuditTrace.Scope scope = AuditTrace.enter(pass)) {
        connector.lookupYouth(source, YouthLookupStep.query(request));
      }
      assertThat(received)
          .isNotEmpty()
          .allSatisfy(
              h ->
                  assertThat(h)
                      .matches("00-" + trace + "-[0-9a-f]{16}-01")
                      .isNotEqualTo("00-" + trace + "-" + pass.spanId() + "-01"));

      received.clear();
      connector.lookupYouth(source, YouthLookupStep.query(request));
      assertThat(received).as("outside any trace no traceparent").containsOnly("null");
    } finally {
      server.stop(0);
    }
  }
}
