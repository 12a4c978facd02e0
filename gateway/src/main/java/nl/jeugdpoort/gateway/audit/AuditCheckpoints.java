package nl.jeugdpoort.gateway.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Signed checkpoints of the audit chain (A2, #20.3): the head of the chain — its seq, its hash and
 * the time — signed by the gateway's ES256 key as a compact JWS ({@code typ} {@value #TYPE}). A
 * verifier who holds a checkpoint can tell a rewritten tail, since the rewritten entry at that seq
 * no longer has that hash. Each checkpoint is stored with the public key that signed it; every key
 * that ever signed one is published at {@code /auth/audit-jwks}, so checkpoints stay verifiable
 * after the key changes.
 */
public final class AuditCheckpoints {
  /** The JWS {@code typ} of a checkpoint. */
  public static final String TYPE = "jeugdpoort-audit-checkpoint+jwt";

  private final Database database;
  private final Clock clock;
  private final Supplier<ECKey> key;

  public AuditCheckpoints(Database database, Clock clock, Supplier<ECKey> key) {
    this.database = database;
    this.clock = clock;
    this.key = key;
  }

  /**
   * A stored checkpoint.
   *
   * @param seq the seq of the last chained entry it covers (0: the chain was empty)
   * @param hash that entry's hash
   * @param signedAt when it was signed
   * @param reason {@code interval}, {@code export}, {@code request} or {@code archive}
   * @param jws the compact JWS
   */
  public record Checkpoint(long seq, String hash, Instant signedAt, String reason, String jws) {}

  /** Signs the current chain head and stores the checkpoint. */
  public Checkpoint sign(String reason) {
    Object[] head =
        database.read(
            em ->
                (Object[])
                    em.createNativeQuery("select seq, hash from audit_chain_head where id = 1")
                        .getSingleResult());
    return signAt(((Number) head[0]).longValue(), (String) head[1], reason);
  }

  /**
   * A compact JWS (ES256) of {@code claims} with {@code key}, its key id and {@code typ}: the form
   * of the checkpoints and of the families' disclosure receipts.
   */
  static String signJws(ECKey key, String type, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .type(new JOSEObjectType(type))
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign " + type, e);
    }
  }

  /**
   * Signs the chain at {@code seq}, whose entry has {@code hash} (the archive's boundary), and
   * stores it.
   */
  Checkpoint signAt(long seq, String hash, String reason) {
    ECKey signing = key.get();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String id = UUID.randomUUID().toString();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("jeugdpoort")
            .jwtID(id)
            .issueTime(Date.from(now))
            .claim("seq", seq)
            .claim("hash", hash)
            .claim("reason", reason)
            .build();
    String jws = signJws(signing, TYPE, claims);
    String publicJwk = signing.toPublicJWK().toJSONString();
    database.write(
        em ->
            em.createNativeQuery(
                    "insert into audit_checkpoint (id, seq, hash, signed_at, reason, key_id,"
                        + " public_jwk, jws) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, id)
                .setParameter(2, seq)
                .setParameter(3, hash)
                .setParameter(4, Timestamp.from(now))
                .setParameter(5, reason)
                .setParameter(6, signing.getKeyID())
                .setParameter(7, publicJwk)
                .setParameter(8, jws)
                .executeUpdate());
    return new Checkpoint(seq, hash, now, reason, jws);
  }

  /**
   * Signs a checkpoint for the interval unless the head has not moved since the latest checkpoint.
   */
  public Optional<Checkpoint> signIfMoved() {
    long head =
        database.read(
            em ->
                ((Number)
                        em.createNativeQuery("select seq from audit_chain_head where id = 1")
                            .getSingleResult())
                    .longValue());
    Optional<Checkpoint> latest = latest();
    if (latest.isPresent() && latest.get().seq() == head) {
      return Optional.empty();
    }
    return Optional.of(sign("interval"));
  }

  /** The newest checkpoint, if any. */
  public Optional<Checkpoint> latest() {
    List<Checkpoint> list = list(1);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  /** The newest {@code max} checkpoints, newest first. */
  public List<Checkpoint> list(int max) {
    List<?> rows =
        database.read(
            em ->
                em.createNativeQuery(
                        "select seq, hash, signed_at, reason, jws from audit_checkpoint order by signed_at desc, seq desc")
                    .setMaxResults(max)
                    .getResultList());
    List<Checkpoint> out = new ArrayList<>();
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      out.add(
          new Checkpoint(
              ((Number) r[0]).longValue(),
              (String) r[1],
              ((Timestamp) r[2]).toInstant(),
              (String) r[3],
              (String) r[4]));
    }
    return out;
  }

  /**
   * Every public key that signed a checkpoint, as a JWK Set (the current key first when it signed
   * one).
   */
  public JWKSet keys() {
    List<?> rows =
        database.read(
            em ->
                em.createNativeQuery(
                        "select key_id, min(public_jwk) from audit_checkpoint group by key_id order by max(signed_at) desc")
                    .getResultList());
    Map<String, JWK> keys = new LinkedHashMap<>();
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      try {
        keys.put((String) r[0], JWK.parse((String) r[1]));
      } catch (ParseException e) {
        throw new IllegalStateException("stored checkpoint key " + r[0] + " unreadable", e);
      }
    }
    return new JWKSet(new ArrayList<>(keys.values()));
  }
}
