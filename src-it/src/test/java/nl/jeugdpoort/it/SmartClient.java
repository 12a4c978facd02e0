package nl.jeugdpoort.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * An organisation's system as SMART Backend Services sees it: an RSA key pair and signed client
 * assertions.
 */
final class SmartClient {
  final String clientId;
  final RSAKey key;

  SmartClient(String clientId) {
    this.clientId = clientId;
    try {
      this.key =
          new RSAKeyGenerator(2048)
              .keyID(clientId + "-key")
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS384)
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key set to register. */
  String jwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /** The admin API body that registers this client. */
  String registration(String organisation, String role, String scopes) {
    return "{\"clientId\":\""
        + clientId
        + "\",\"organisationId\":\""
        + organisation
        + "\",\"actingRole\":\""
        + role
        + "\",\"scopes\":\""
        + scopes
        + "\",\"jwks\":"
        + jwks()
        + "}";
  }

  /** A client assertion for {@code tokenUrl}, valid for {@code seconds}, with a fresh jti. */
  String assertion(String tokenUrl, long seconds) {
    return assertion(tokenUrl, seconds, UUID.randomUUID().toString(), key);
  }

  String assertion(String tokenUrl, long seconds, String jti, RSAKey signingKey) {
    return assertion(tokenUrl, seconds, jti, signingKey, Instant.now());
  }

  /** With {@code iat} = {@code issuedAt} (null: none). */
  String assertion(String tokenUrl, long seconds, String jti, RSAKey signingKey, Instant issuedAt) {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(tokenUrl)
            .expirationTime(Date.from(Instant.now().plusSeconds(seconds)))
            .jwtID(jti);
    if (issuedAt != null) {
      builder.issueTime(Date.from(issuedAt));
    }
    JWTClaimsSet claims = builder.build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS384)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(signingKey));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
