package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what the security endpoints parse from callers: the scope parameter of a token request and
 * the key set an administrator registers. Allowed answers: a parse result, an
 * IllegalArgumentException with a message (invalid_scope), or a list of problems — never another
 * exception.
 */
class SecurityInputFuzzTest {

  @FuzzTest(maxDuration = "15s")
  void any_scope_or_key_set_text_gets_a_clear_answer(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      keySet(data);
    } else {
      scopes(data);
    }
  }

  private static void scopes(FuzzedDataProvider data) {
    String requested = data.consumeString(200);
    String registered = data.consumeRemainingAsString();
    try {
      SmartScopes r = SmartScopes.parse(registered);
      SmartScopes q = SmartScopes.parse(requested);
      assertThat(r.notCovering(q)).isNotNull();
      assertThat(SmartScopes.parse(q.toString()).texts()).isEqualTo(q.texts());
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains("system scope");
    }
  }

  private static void keySet(FuzzedDataProvider data) {
    String jwks =
        data.consumeBoolean()
            ? "{\"keys\":[{\"kty\":\""
                + data.consumeString(5)
                + "\",\"kid\":\""
                + data.consumeString(10)
                + "\",\"n\":\""
                + data.consumeString(40)
                + "\",\"e\":\""
                + data.consumeString(6)
                + "\",\"crv\":\""
                + data.consumeString(8)
                + "\",\"x\":\""
                + data.consumeString(40)
                + "\",\"y\":\""
                + data.consumeRemainingAsString()
                + "\"}]}"
            : data.consumeRemainingAsString();
    assertThat(ClientKeys.problems(jwks)).isNotNull();
    assertThat(ClientKeys.keyIds(jwks)).isNotNull();
  }
}
