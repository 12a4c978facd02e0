package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import nl.jeugdpoort.gateway.audit.AuditTrace;
import org.junit.jupiter.api.Test;

/**
 * #20.5: the span of a call to the gateway — in the caller's trace when its {@code traceparent} is
 * valid (W3C Trace Context), else in a new trace; never the caller's own span id.
 */
class TraceParentTest {
  private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void a_valid_traceparent_continues_the_callers_trace_with_a_span_of_the_gateway() {
    AuditTrace.Span span = HttpHardeningFilter.span(CALLER);
    assertThat(span.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
    assertThat(HttpHardeningFilter.span(CALLER).spanId()).isNotEqualTo(span.spanId());
    assertThat(HttpHardeningFilter.span("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        .extracting(AuditTrace.Span::traceId)
        .as("not sampled by the caller: still its trace")
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void an_absent_or_invalid_traceparent_starts_a_new_trace_and_is_never_an_error() {
    for (String invalid :
        new String[] {
          null,
          "",
          "garbage",
          CALLER.toUpperCase(),
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          CALLER + "-extra",
          CALLER.substring(0, 54)
        }) {
      AuditTrace.Span span = HttpHardeningFilter.span(invalid);
      assertThat(span.traceId())
          .as(String.valueOf(invalid))
          .matches("[0-9a-f]{32}")
          .isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(span.spanId()).matches("[0-9a-f]{16}");
    }
  }
}
