package nl.jeugdpoort.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceContextTest {
  @Test
  void a_valid_traceparent_is_read_and_written_back_the_same() {
    String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    TraceContext trace = TraceContext.parse(header).orElseThrow();
    assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(trace.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(trace.header()).isEqualTo(header);
    assertThat(TraceContext.parse(" " + header + "\t"))
        .as("HTTP's optional white space")
        .contains(trace);
    assertThat(TraceContext.parse(header.toUpperCase())).as("upper-case hex is not W3C").isEmpty();
    assertThat(
            TraceContext.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"))
        .as("a later version is read by its first four fields")
        .contains(trace);
    assertThat(TraceContext.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01what"))
        .as("a later version: the fourth field must end there")
        .isEmpty();
  }

  @Test
  void an_invalid_traceparent_is_ignored_as_the_w3c_rules_say() {
    assertThat(TraceContext.parse(null)).isEmpty();
    assertThat(TraceContext.parse("")).isEmpty();
    assertThat(TraceContext.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .as("version ff")
        .isEmpty();
    assertThat(TraceContext.parse("0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .as("short version")
        .isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"))
        .as("short flags")
        .isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g"))
        .as("not hex")
        .isEmpty();
    assertThat(TraceContext.parse("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"))
        .isEmpty();
    assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .as("zero trace")
        .isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
        .as("zero span")
        .isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"))
        .as("short")
        .isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
        .isEmpty();
    assertThatThrownBy(() -> new TraceContext("x", "00f067aa0ba902b7", "01"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_new_trace_and_a_child_span() {
    TraceContext root = TraceContext.start();
    TraceContext child = root.child();
    assertThat(root.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(child.traceId()).isEqualTo(root.traceId());
    assertThat(child.spanId()).isNotEqualTo(root.spanId());
    assertThat(TraceContext.start().traceId()).isNotEqualTo(root.traceId());
  }
}
