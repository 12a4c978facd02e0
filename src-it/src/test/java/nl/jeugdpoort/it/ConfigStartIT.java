package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A wrong setting stops the start (issue #18, item 6): the real Payara Micro with the gateway WAR
 * and a negative duration exits with status 2 and one line naming the key — no stack trace, nothing
 * served. Not an Arquillian test: the gateway must not come up at all. It stops before CDI makes
 * any bean, so the cost is Payara's own boot (about 20 s), not a gateway start.
 */
class ConfigStartIT {
  @Test
  void a_negative_duration_stops_the_start_with_one_line_naming_the_key() throws Exception {
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path log =
        Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "config-start", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Djeugdpoort.connector.read-timeout=-PT1S",
                "-Djeugdpoort.db.url=jdbc:h2:mem:config-start",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar",
                System.getProperty("payara.microJar"),
                "--nocluster",
                "--port",
                String.valueOf(port),
                "--autoBindHttp",
                "--deploy",
                System.getProperty("gateway.war")));
    Process payara =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = payara.waitFor(240, TimeUnit.SECONDS);
    if (!ended) {
      payara.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = read(log);
    assertThat(ended).as("the start stopped by itself; output:\n" + tail(output)).isTrue();
    assertThat(payara.exitValue()).as(tail(output)).isEqualTo(2);
    List<String> lines =
        output.lines().filter(l -> l.startsWith("Jeugdpoort cannot start:")).toList();
    assertThat(lines)
        .containsExactly(
            "Jeugdpoort cannot start: jeugdpoort.connector.read-timeout=-PT1S: must be a positive "
                + "ISO-8601 duration, e.g. PT10S (docs/configuration.md)");
    assertThat(output).doesNotContain("ConfigCheck.").doesNotContain("Jeugdpoort is ready");
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static String tail(String output) {
    return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
  }
}
