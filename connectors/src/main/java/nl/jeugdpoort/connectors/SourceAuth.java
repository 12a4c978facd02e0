package nl.jeugdpoort.connectors;

import java.net.URI;
import java.util.Objects;

/** How the gateway authenticates to a source organisation's system (docs/sources.md). */
public sealed interface SourceAuth {

  /** No authentication. */
  static SourceAuth none() {
    return new None();
  }

  /**
   * The source is called without credentials (the signed context header is still sent if a signer
   * is set).
   */
  record None() implements SourceAuth {}

  /**
   * SMART Backend Services as a client: a {@code private_key_jwt} client assertion signed by {@code
   * signer} (iss = sub = clientId, aud = tokenUrl, jti, iat, exp within 5 minutes), exchanged at
   * {@code tokenUrl} with the {@code client_credentials} grant for an access token, sent as {@code
   * Authorization: Bearer}.
   *
   * @param tokenUrl the source's token endpoint
   * @param clientId the gateway's client id as registered at the source
   * @param scope the scope asked for (e.g. {@code system/*.read}); may be null
   * @param signer signs the client assertion with the gateway's key
   */
  record SmartBackend(URI tokenUrl, String clientId, String scope, RequestSigner signer)
      implements SourceAuth {
    public SmartBackend {
      Objects.requireNonNull(tokenUrl, "tokenUrl");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(signer, "signer");
    }
  }
}
