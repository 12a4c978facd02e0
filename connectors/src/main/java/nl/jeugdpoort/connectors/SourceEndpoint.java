package nl.jeugdpoort.connectors;

import java.net.URI;
import java.util.Objects;

/**
 * Where a source organisation's system answers, and how the gateway identifies itself there.
 *
 * @param organisationId the organisation's id in Jeugdpoort
 * @param baseUrl the FHIR base URL of its system
 * @param auth how the gateway authenticates to it ({@link SourceAuth#none()} for none)
 * @param contextSigner signs the {@code X-Jeugdpoort-Context} header of every call (purpose,
 *     explanation, requester, request id, audience) so the source can verify them against the
 *     gateway's JWKS; may be null, then the header is left out — unless {@code auth} is {@link
 *     SourceAuth.SmartBackend}, whose signer is then used
 */
public record SourceEndpoint(
    String organisationId, URI baseUrl, SourceAuth auth, RequestSigner contextSigner) {
  public SourceEndpoint {
    Objects.requireNonNull(organisationId, "organisationId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    auth = auth == null ? SourceAuth.none() : auth;
    if (contextSigner == null && auth instanceof SourceAuth.SmartBackend smart) {
      contextSigner = smart.signer();
    }
  }

  /**
   * A source reached with the given authentication; the context header is signed by its signer, if
   * any.
   */
  public SourceEndpoint(String organisationId, URI baseUrl, SourceAuth auth) {
    this(organisationId, baseUrl, auth, null);
  }

  /** A source reached without authentication and without a signed context header. */
  public SourceEndpoint(String organisationId, URI baseUrl) {
    this(organisationId, baseUrl, SourceAuth.none(), null);
  }
}
