package nl.jeugdpoort.connectors.fhir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;
import nl.jeugdpoort.connectors.RequestSigner;

/**
 * The gateway's side in the tests: an ES256 key, its public half as a JWK set, signing with Nimbus.
 */
final class TestSigner implements RequestSigner {
  private final ECKey key;

  TestSigner() {
    try {
      key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  @Override
  public String sign(Map<String, Object> claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
              JWTClaimsSet.parse(claims));
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String keyId() {
    return key.getKeyID();
  }
}
