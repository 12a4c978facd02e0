package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 item 4: a verified password is not hashed again within its lifetime, and no longer than
 * that.
 */
class VerifiedPasswordsTest {
  private final Passwords passwords = new Passwords();
  private final DefaultPasswordService matcher = new DefaultPasswordService();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger argon2 = new AtomicInteger();

  private VerifiedPasswords.Verification check(
      VerifiedPasswords verified, String user, String password, String address, String stored) {
    return verified.verify(
        user,
        password.toCharArray(),
        address,
        stored,
        () -> {
          argon2.incrementAndGet();
          return matcher.passwordsMatch(password, stored);
        });
  }

  @Test
  void
      a_repeated_call_reuses_the_verification_and_a_wrong_or_changed_password_is_hashed_and_refused_at_once() {
    VerifiedPasswords verified = new VerifiedPasswords(Duration.ofMinutes(5), 100, nanos::get);
    String hash = passwords.encryptPassword("demo-anna");

    assertThat(check(verified, "anna", "demo-anna", "10.0.0.1", hash))
        .isEqualTo(new VerifiedPasswords.Verification(true, true));
    for (int i = 0; i < 10; i++) {
      assertThat(check(verified, "anna", "demo-anna", "10.0.0.1", hash))
          .isEqualTo(new VerifiedPasswords.Verification(true, false));
    }
    assertThat(argon2).as("one argon2id hash for eleven calls").hasValue(1);
    assertThat(verified.hashes()).isEqualTo(1);
    assertThat(verified.reused()).isEqualTo(10);

    assertThat(check(verified, "anna", "demo-annA", "10.0.0.1", hash).matches())
        .as("another password is hashed")
        .isFalse();
    assertThat(argon2).hasValue(2);
    assertThat(check(verified, "anna", "demo-anna", "10.0.0.1", hash).hashed())
        .as("a wrong password forgets the name's verifications")
        .isTrue();
    assertThat(check(verified, "anna", "demo-anna", "10.0.0.2", hash).hashed())
        .as("another address is a new login")
        .isTrue();

    String changed = passwords.encryptPassword("nieuw-wachtwoord");
    assertThat(check(verified, "anna", "demo-anna", "10.0.0.1", changed))
        .as("the password changed: the old one is refused at once")
        .isEqualTo(new VerifiedPasswords.Verification(false, true));
    assertThat(check(verified, "anna", "nieuw-wachtwoord", "10.0.0.1", changed).matches()).isTrue();
    assertThat(check(verified, "anna", "nieuw-wachtwoord", "10.0.0.1", changed).hashed()).isFalse();
    verified.forget("anna");
    assertThat(check(verified, "anna", "nieuw-wachtwoord", "10.0.0.1", changed).hashed())
        .as("forgotten (e.g. throttled)")
        .isTrue();
  }

  @Test
  void a_verification_lives_at_most_its_lifetime_and_the_cache_can_be_switched_off() {
    VerifiedPasswords verified = new VerifiedPasswords(Duration.ofMinutes(5), 100, nanos::get);
    String hash = passwords.encryptPassword("demo-dirk");
    check(verified, "dirk", "demo-dirk", "10.0.0.1", hash);
    nanos.addAndGet(TimeUnit.MINUTES.toNanos(4));
    assertThat(check(verified, "dirk", "demo-dirk", "10.0.0.1", hash).hashed()).isFalse();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
    assertThat(check(verified, "dirk", "demo-dirk", "10.0.0.1", hash).hashed())
        .as("5 minutes after the verification, whatever its use")
        .isTrue();

    VerifiedPasswords off = new VerifiedPasswords(Duration.ZERO, 100, nanos::get);
    check(off, "dirk", "demo-dirk", "10.0.0.1", hash);
    assertThat(check(off, "dirk", "demo-dirk", "10.0.0.1", hash).hashed())
        .as("PT0S: every call hashed")
        .isTrue();
  }
}
