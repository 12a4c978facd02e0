package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.jeugdpoort.gateway.fhir.FrontDoor;

/**
 * Fuzzes the HTTP edge (issue #17, item 7): what the gateway reads from any caller before anything
 * else — the {@code Authorization: Basic} header, the {@code Host} header with the remote and local
 * address (the public URL is learnt only on this machine), the method, a form body or query string,
 * and any JSON or XML body as the structural limits count it. Allowed answers: a result, or for a
 * body a 400 ({@link InvalidRequestException}) — never another exception, which would be a 500.
 */
class HttpEdgeFuzzTest {
  private static final String[] METHODS = {
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "post", ""
  };
  private static final String[] REMOTES = {
    "127.0.0.1", "192.0.2.2", "::1", "10.0.0.7", "", "127.0.0.1.evil"
  };

  @FuzzTest(maxDuration = "15s")
  void any_header_method_or_body_gets_a_clear_answer(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 4)) {
      case 0 -> {
        String[] credentials =
            FhirAuthenticationFilter.basicCredentials(
                (data.consumeBoolean() ? "Basic " : "") + data.consumeRemainingAsString());
        assertThat(credentials).hasSize(2).doesNotContainNull();
      }
      case 1 -> {
        String remote = data.pickValue(REMOTES);
        String local = data.pickValue(REMOTES);
        int port = data.consumeInt(-1, 70_000);
        Optional<String> learnt =
            PublicUrl.learnable(data.consumeRemainingAsString(), remote, local, port);
        learnt.ifPresent(
            origin -> {
              assertThat(origin)
                  .as("only a name of this machine, with the local port")
                  .endsWith(":" + port)
                  .matches(
                      "(localhost|127\\.0\\.0\\.1|\\[::1]|"
                          + java.util.regex.Pattern.quote(local)
                          + "):-?\\d+");
              assertThat(remote.startsWith("127.") || remote.equals("::1") || remote.equals(local))
                  .isTrue();
            });
      }
      case 2 -> {
        String method = data.pickValue(METHODS);
        assertThat(HttpHardeningFilter.hasBody(method))
            .isEqualTo(List.of("POST", "PUT", "PATCH").contains(method));
        Map<String, List<String>> form =
            HttpHardeningFilter.formParameters(data.consumeRemainingAsString());
        form.forEach((k, v) -> assertThat(v).isNotEmpty().doesNotContainNull());
      }
      default -> {
        byte[] body = data.consumeRemainingAsBytes();
        try {
          String json = FrontDoor.jsonProblem(body);
          String xml = FrontDoor.xmlProblem(body);
          if (json != null) {
            assertThat(json).isNotBlank();
          }
          if (xml != null) {
            assertThat(xml).isNotBlank();
          }
        } catch (InvalidRequestException answeredWith400) {
          assertThat(answeredWith400.getMessage()).contains("nesting deeper");
        }
        assertThat(new String(body, StandardCharsets.UTF_8)).isNotNull();
      }
    }
  }
}
