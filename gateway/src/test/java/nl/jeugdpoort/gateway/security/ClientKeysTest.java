package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

class ClientKeysTest {

  @Test
  void public_rsa_and_ec_keys_with_ids_may_be_registered() throws Exception {
    JWKSet set =
        new JWKSet(
            java.util.List.of(
                new RSAKeyGenerator(2048).keyID("rsa").generate().toPublicJWK(),
                new ECKeyGenerator(Curve.P_384).keyID("ec").generate().toPublicJWK()));
    assertThat(ClientKeys.problems(set.toString())).isEmpty();
    assertThat(ClientKeys.keyIds(set.toString())).containsExactly("rsa", "ec");
  }

  @Test
  void private_weak_anonymous_symmetric_and_malformed_key_sets_are_refused_with_the_reason()
      throws Exception {
    assertThat(
            ClientKeys.problems(
                new JWKSet(new RSAKeyGenerator(2048).keyID("k").generate()).toString(false)))
        .anySatisfy(p -> assertThat(p).contains("private key material"));
    assertThat(
            ClientKeys.problems(
                new JWKSet(new RSAKeyGenerator(1024, true).keyID("k").generate().toPublicJWK())
                    .toString()))
        .anySatisfy(p -> assertThat(p).contains("1024 bits"));
    assertThat(
            ClientKeys.problems(
                new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString()))
        .anySatisfy(p -> assertThat(p).contains("kid"));
    assertThat(
            ClientKeys.problems(
                new JWKSet(new OctetSequenceKeyGenerator(256).keyID("k").generate())
                    .toString(false)))
        .anySatisfy(p -> assertThat(p).contains("RSA or EC"));
    assertThat(ClientKeys.problems("{\"keys\":[]}")).containsExactly("jwks holds no keys");
    assertThat(ClientKeys.problems("not json"))
        .singleElement()
        .asString()
        .contains("not a JSON Web Key Set");
    assertThat(ClientKeys.problems("null"))
        .as("Nimbus throws a NullPointerException here")
        .singleElement()
        .asString()
        .contains("not a JSON Web Key Set");
    assertThat(ClientKeys.keyIds("null")).isEmpty();
  }
}
