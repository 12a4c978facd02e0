package nl.jeugdpoort.gateway.security;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import nl.jeugdpoort.connectors.RequestSigner;

/**
 * Cluster state of the token service, in Payara's Hazelcast member: the key the gateway signs access
 * tokens with (made by the first node that needs it, shared by all nodes, gone when the whole cluster
 * stops — tokens live five minutes, so a restart only means asking for a new one), and the client
 * assertion ids already used (refused on replay until the assertion expires).
 */
@ApplicationScoped
public class GatewayKeys {
  private static final String KEYS = "jeugdpoort-token-signing-key";
  private static final String USED_ASSERTIONS = "jeugdpoort-used-client-assertions";

  @Resource(lookup = "payara/Hazelcast")
  HazelcastInstance hazelcast;

  private volatile ECKey signingKey;

  /** The ES256 key access tokens are signed with. */
  public ECKey signingKey() {
    ECKey key = signingKey;
    if (key == null) {
      synchronized (this) {
        if (signingKey == null) {
          signingKey = loadOrCreate();
        }
        key = signingKey;
      }
    }
    return key;
  }

  /**
   * Signs with the gateway's ES256 key (kid = the key's id in {@code /auth/jwks}): client assertions towards
   * sources' token endpoints and the signed {@code X-Jeugdpoort-Context} header (docs/sources.md).
   */
  public RequestSigner requestSigner() {
    return new RequestSigner() {
      @Override
      public String sign(Map<String, Object> claims) {
        ECKey key = signingKey();
        try {
          SignedJWT jwt = new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
              JWTClaimsSet.parse(claims));
          jwt.sign(new ECDSASigner(key));
          return jwt.serialize();
        } catch (JOSEException | ParseException e) {
          throw new IllegalStateException("Cannot sign with the gateway key", e);
        }
      }

      @Override
      public String keyId() {
        return signingKey().getKeyID();
      }
    };
  }

  /** The public half, published at {@code /auth/jwks}. */
  public JWKSet publicKeys() {
    return new JWKSet(signingKey().toPublicJWK());
  }

  /**
   * Records a client assertion id; false when it was seen before (a replay). The id is remembered until
   * {@code rememberSeconds} have passed (the assertion's expiry plus the allowed clock skew).
   */
  public boolean firstUse(String clientId, String jti, long rememberSeconds) {
    IMap<String, Boolean> used = hazelcast.getMap(USED_ASSERTIONS);
    return used.putIfAbsent(clientId + "\n" + jti, Boolean.TRUE, Math.max(1, rememberSeconds), TimeUnit.SECONDS) == null;
  }

  private ECKey loadOrCreate() {
    IMap<String, String> keys = hazelcast.getMap(KEYS);
    try {
      String json = keys.get("current");
      if (json == null) {
        ECKey fresh = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        String existing = keys.putIfAbsent("current", fresh.toJSONString());
        json = existing == null ? fresh.toJSONString() : existing;
      }
      return ECKey.parse(json);
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException("Cannot create or read the token signing key", e);
    }
  }
}
