package nl.jeugdpoort.gateway.security;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import nl.jeugdpoort.connectors.RequestSigner;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Cluster state of the token service, in the database (issue #15.5), so that it survives a
 * split-brain and a full restart: the key the gateway signs access tokens with (table {@code
 * gateway_key}: made by the first member that needs it — the first insert wins, every member reads
 * that one), and the client assertion ids already used (table {@code used_client_assertion},
 * primary key a SHA-256 of client id and {@code jti}: a replay is refused by the constraint until
 * the assertion expires; expired rows are removed).
 */
@ApplicationScoped
public class GatewayKeys {
  private static final String CURRENT = "current";

  @Inject Database database;

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
   * Signs with the gateway's ES256 key (kid = the key's id in {@code /auth/jwks}): client
   * assertions towards sources' token endpoints and the signed {@code X-Jeugdpoort-Context} header
   * (docs/sources.md).
   */
  public RequestSigner requestSigner() {
    return new RequestSigner() {
      @Override
      public String sign(Map<String, Object> claims) {
        ECKey key = signingKey();
        try {
          SignedJWT jwt =
              new SignedJWT(
                  new JWSHeader.Builder(JWSAlgorithm.ES256)
                      .keyID(key.getKeyID())
                      .type(JOSEObjectType.JWT)
                      .build(),
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
   * Records a client assertion id; false when it was seen before (a replay). The id is remembered
   * until {@code rememberSeconds} have passed (the assertion's expiry plus the allowed clock skew).
   */
  public boolean firstUse(String clientId, String jti, long rememberSeconds) {
    String id = sha256(clientId + "\n" + jti);
    Instant now = Instant.now();
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement expired =
          c.prepareStatement("delete from used_client_assertion where expires_at < ?")) {
        expired.setTimestamp(1, Timestamp.from(now));
        expired.executeUpdate();
      }
      try (PreparedStatement insert =
          c.prepareStatement("insert into used_client_assertion (id, expires_at) values (?, ?)")) {
        insert.setString(1, id);
        insert.setTimestamp(2, Timestamp.from(now.plusSeconds(Math.max(1, rememberSeconds))));
        insert.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (isUniqueViolation(e)) {
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot record the client assertion id", e);
    }
  }

  private ECKey loadOrCreate() {
    try (Connection c = database.dataSource().getConnection()) {
      String json = stored(c);
      if (json == null) {
        ECKey fresh =
            new ECKeyGenerator(Curve.P_256)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate();
        try (PreparedStatement insert =
            c.prepareStatement(
                "insert into gateway_key (name, jwk, created_at) values (?, ?, ?)")) {
          insert.setString(1, CURRENT);
          insert.setString(2, fresh.toJSONString());
          insert.setTimestamp(3, Timestamp.from(Instant.now()));
          insert.executeUpdate();
        } catch (SQLException e) {
          if (!isUniqueViolation(e)) {
            throw e;
          }
        }
        json = stored(c); // the first writer's key, whoever that was
      }
      return ECKey.parse(json);
    } catch (SQLException | JOSEException | ParseException e) {
      throw new IllegalStateException("Cannot create or read the token signing key", e);
    }
  }

  private static String stored(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("select jwk from gateway_key where name = ?")) {
      select.setString(1, CURRENT);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** SQLSTATE 23505 (unique violation) on PostgreSQL and H2. */
  private static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
