package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void hashes_are_argon2id_with_salt_and_verify_with_shiros_default_matcher() {
    Passwords passwords = new Passwords();
    String hash = passwords.encryptPassword("demo-anna");
    assertThat(hash)
        .startsWith("$shiro2$argon2id$")
        .contains("m=19456")
        .contains("t=2")
        .contains("p=1")
        .doesNotContain("demo-anna");
    assertThat(passwords.encryptPassword("demo-anna")).as("salted").isNotEqualTo(hash);
    DefaultPasswordService matcher = new DefaultPasswordService();
    assertThat(matcher.passwordsMatch("demo-anna", hash)).isTrue();
    assertThat(matcher.passwordsMatch("demo-ann", hash)).isFalse();
  }

  @Test
  void the_public_demo_passwords_are_hashed_at_the_lowest_cost_and_verified_alike() {
    String demo = Passwords.forPublicDemoPasswords().encryptPassword("demo-anna");
    assertThat(demo).startsWith("$shiro2$argon2id$").contains("m=1024").contains("t=1");
    // One service verifies both kinds: the parameters are read from the stored hash.
    Passwords passwords = new Passwords();
    assertThat(passwords.passwordsMatch("demo-anna", demo)).isTrue();
    assertThat(passwords.passwordsMatch("demo-ann", demo)).isFalse();
    assertThat(passwords.encryptPassword("demo-anna")).contains("m=19456");
  }
}
