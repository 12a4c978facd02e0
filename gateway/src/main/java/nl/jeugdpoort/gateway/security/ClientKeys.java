package nl.jeugdpoort.gateway.security;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a public key set (JWKS) an administrator registers for an organisation's system: only
 * public keys, each with a {@code kid}, RSA of at least 2048 bits or EC on P-256 or P-384 — the
 * keys SMART Backend Services clients sign with (RS384, ES384; RS256, ES256 accepted too).
 */
public final class ClientKeys {
  private ClientKeys() {}

  /** The problems with {@code jwks}; empty when it may be registered. */
  public static List<String> problems(String jwks) {
    List<String> problems = new ArrayList<>();
    JWKSet set;
    try {
      set = JWKSet.parse(jwks == null ? "" : jwks);
    } catch (ParseException | RuntimeException e) {
      // Nimbus answers some malformed texts (e.g. "null") with a NullPointerException (found by
      // fuzzing).
      return List.of(
          "jwks is not a JSON Web Key Set ({\"keys\":[...]})"
              + (e instanceof ParseException
                  ? ": " + SecurityAudit.printable(e.getMessage())
                  : ""));
    }
    if (set.getKeys().isEmpty()) {
      problems.add("jwks holds no keys");
    }
    Set<String> ids = new HashSet<>();
    for (JWK key : set.getKeys()) {
      String kid = key.getKeyID();
      String name = kid == null ? "a key" : "key '" + SecurityAudit.printable(kid) + "'";
      if (kid == null || kid.isBlank()) {
        problems.add("every key needs a kid (the client names it in its assertion header)");
      } else if (!ids.add(kid)) {
        problems.add("kid '" + SecurityAudit.printable(kid) + "' occurs twice");
      }
      if (key.isPrivate()) {
        problems.add(name + " contains private key material; register only the public key");
      }
      if (key instanceof RSAKey rsa) {
        if (rsa.size() < 2048) {
          problems.add(name + " is RSA of " + rsa.size() + " bits; at least 2048 are required");
        }
      } else if (key instanceof ECKey ec) {
        if (!Curve.P_256.equals(ec.getCurve()) && !Curve.P_384.equals(ec.getCurve())) {
          problems.add(name + " is on curve " + ec.getCurve() + "; use P-256 or P-384");
        }
      } else {
        problems.add(name + " has key type " + key.getKeyType() + "; use RSA or EC");
      }
    }
    return problems;
  }

  /** The key ids of a registered set. */
  public static List<String> keyIds(String jwks) {
    try {
      return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
    } catch (ParseException | RuntimeException e) {
      return List.of();
    }
  }
}
