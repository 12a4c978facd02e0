package nl.jeugdpoort.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import nl.jeugdpoort.connectors.RequestSigner;
import nl.jeugdpoort.connectors.SourceAuth;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import org.junit.jupiter.api.Test;

/**
 * A source's authentication is built from its organisation row, and fails closed when incomplete.
 */
class SourceDirectoryTest {
  private static final RequestSigner SIGNER =
      new RequestSigner() {
        @Override
        public String sign(Map<String, Object> claims) {
          return "signed";
        }

        @Override
        public String keyId() {
          return "k1";
        }
      };

  private static OrganisationEntity org(String mode, String tokenUrl, String clientId) {
    return new OrganisationEntity("ggz", "GGZ", "source", "https://ggz.example/fhir")
        .sourceAuth(mode, tokenUrl, clientId, "system/*.read");
  }

  @Test
  void no_mode_or_none_is_no_authentication() {
    assertThat(SourceDirectory.auth(org(null, null, null), SIGNER)).contains(SourceAuth.none());
    assertThat(SourceDirectory.auth(org("none", null, null), SIGNER)).contains(SourceAuth.none());
  }

  @Test
  void smart_backend_uses_the_rows_token_url_client_and_scope_with_the_gateway_signer() {
    assertThat(
            SourceDirectory.auth(
                org("smart-backend", "https://ggz.example/token", "jeugdpoort"), SIGNER))
        .contains(
            new SourceAuth.SmartBackend(
                URI.create("https://ggz.example/token"), "jeugdpoort", "system/*.read", SIGNER));
  }

  @Test
  void incomplete_or_unknown_settings_give_no_endpoint() {
    assertThat(SourceDirectory.auth(org("smart-backend", null, "jeugdpoort"), SIGNER)).isEmpty();
    assertThat(SourceDirectory.auth(org("smart-backend", "relative/token", "jeugdpoort"), SIGNER))
        .isEmpty();
    assertThat(
            SourceDirectory.auth(org("smart-backend", "https://ggz.example/token", null), SIGNER))
        .isEmpty();
    assertThat(SourceDirectory.auth(org("mtls", null, null), SIGNER)).isEmpty();
  }
}
