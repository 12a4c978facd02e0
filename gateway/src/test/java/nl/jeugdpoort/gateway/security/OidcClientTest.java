package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Connect login against a real OpenID Connect server in this JVM (navikt's
 * mock-oauth2-server): discovery, the authorization request with PKCE, state and nonce, the
 * browser's redirect back, the code exchange and the ID token's check (issue #18, item 4).
 */
class OidcClientTest {
  static MockOAuth2Server server;
  static final URI CALLBACK = URI.create("http://127.0.0.1:8080/portal/oidc/terug");
  static final HttpClient BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  static OidcClient client() {
    return new OidcClient(
        server.issuerUrl("default").toString(), "jeugdpoort", "geheim", "openid profile", "sub");
  }

  /**
   * What the browser does: follows the authorization request; the provider (not interactive)
   * redirects back.
   */
  static URI browse(URI authorization) throws Exception {
    HttpResponse<String> r =
        BROWSER.send(
            HttpRequest.newBuilder(authorization).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void a_login_with_pkce_state_and_nonce_yields_the_providers_subject() throws Exception {
    server.enqueueCallback(new DefaultOAuth2TokenCallback("default", "anouk-bij-de-idp"));
    OidcClient client = client();
    OidcClient.Start start = client.start(CALLBACK);
    String query = start.authorizationUri().getRawQuery();
    assertThat(query)
        .contains("code_challenge_method=S256")
        .contains("code_challenge=")
        .contains("state=")
        .contains("nonce=")
        .contains("response_type=code")
        .contains("client_id=jeugdpoort");
    assertThat(query).doesNotContain(start.pending().verifier());
    URI back = browse(start.authorizationUri());
    assertThat(back.toString()).startsWith(CALLBACK.toString());
    OidcClient.Verified verified = client.finish(start.pending(), back);
    assertThat(verified.subject()).isEqualTo("anouk-bij-de-idp");
    assertThat(verified.claimed()).isEqualTo("anouk-bij-de-idp");
  }

  @Test
  void an_answer_for_another_login_or_with_another_nonce_is_refused() throws Exception {
    OidcClient client = client();
    OidcClient.Start mine = client.start(CALLBACK);
    OidcClient.Start other = client.start(CALLBACK);
    URI back = browse(other.authorizationUri());
    assertThatThrownBy(() -> client.finish(mine.pending(), back))
        .isInstanceOf(OidcClient.OidcException.class)
        .hasMessageContaining("state");
    OidcClient.Start third = client.start(CALLBACK);
    URI answer = browse(third.authorizationUri());
    OidcClient.Pending wrongNonce =
        new OidcClient.Pending(
            third.pending().state(), "another-nonce", third.pending().verifier(), CALLBACK);
    assertThatThrownBy(() -> client.finish(wrongNonce, answer))
        .isInstanceOf(OidcClient.OidcException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(
            () ->
                client.finish(
                    third.pending(),
                    URI.create(CALLBACK + "?error=access_denied&state=" + third.pending().state())))
        .hasMessageContaining("access_denied");
  }
}
