package nl.jeugdpoort.connectors;

import java.util.Map;

/**
 * Signs claims as a compact JWS with the gateway's key; its public key is published at the
 * gateway's JWKS URL, so a source can verify what the gateway signed. The gateway implements it.
 */
public interface RequestSigner {

  /**
   * The claims as a compact JWS (header.payload.signature), with {@link #keyId()} as {@code kid}.
   */
  String sign(Map<String, Object> claims);

  /** The id of the signing key in the gateway's JWKS. */
  String keyId();
}
