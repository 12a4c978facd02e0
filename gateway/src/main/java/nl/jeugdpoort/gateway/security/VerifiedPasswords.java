package nl.jeugdpoort.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Cheap authentication per call (issue #16 item 4): a password that was verified with argon2id is
 * remembered for a short time ({@code jeugdpoort.login.verified-for}, default 5 minutes; {@code
 * PT0S} switches it off), so that HTTP Basic does not pay a hash (tens of milliseconds) on every
 * call.
 *
 * <ul>
 *   <li>The key is an HMAC-SHA-256, under a random key made when the process starts and kept in
 *       memory only, of name, password and remote address: neither the password nor a plain hash of
 *       it is kept, and the entry is useless outside this process.
 *   <li>The entry also holds the stored hash it was verified against: when the password changes (in
 *       the account table, by any means, on any node) the stored hash differs and the password is
 *       checked again at once — the old one is refused. {@link #forget} drops a name's entries
 *       explicitly (on a password change, a wrong password, a throttled attempt).
 *   <li>At most {@code jeugdpoort.login.verified-max} entries (default 10 000); each lives at most
 *       {@code verified-for} after its verification, whatever its use.
 * </ul>
 *
 * One entry is one verified login: {@link LoginAudit} writes a {@code login} success entry when a
 * password is verified, and none for the calls that reuse the verification.
 */
@ApplicationScoped
public class VerifiedPasswords {
  private final Cache<String, Entry> entries;
  private final SecretKeySpec key;
  private final boolean enabled;
  private final AtomicLong hashes = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();

  /** What a verification was checked against. */
  private record Entry(String username, String storedHash) {}

  /**
   * The outcome of {@link #verify}: whether the password matches, and whether it was hashed for it.
   */
  public record Verification(boolean matches, boolean hashed) {}

  /** From the configuration (MicroProfile Config). */
  public VerifiedPasswords() {
    this(
        Duration.parse(
            ConfigProvider.getConfig()
                .getOptionalValue("jeugdpoort.login.verified-for", String.class)
                .orElse("PT5M")),
        ConfigProvider.getConfig()
            .getOptionalValue("jeugdpoort.login.verified-max", Integer.class)
            .orElse(10_000),
        Ticker.systemTicker());
  }

  /** For tests: a given lifetime, size and clock. */
  public VerifiedPasswords(Duration lifetime, int maxEntries, Ticker ticker) {
    if (lifetime.isNegative() || maxEntries < 0) {
      throw new IllegalArgumentException(
          "jeugdpoort.login.verified-for must not be negative, verified-max not below 0");
    }
    this.enabled = !lifetime.isZero() && maxEntries > 0;
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(enabled ? lifetime : Duration.ofNanos(1))
            .maximumSize(Math.max(1, maxEntries))
            .ticker(ticker)
            .build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * Whether {@code password} is the password of {@code username} whose stored hash is {@code
   * storedHash}. {@code hash} (the real argon2id comparison) runs unless exactly this name,
   * password and address were verified against exactly this stored hash within the lifetime. A
   * match is remembered; a mismatch forgets every entry of the name.
   */
  public Verification verify(
      String username, char[] password, String address, String storedHash, BooleanSupplier hash) {
    String k = enabled ? key(username, password, address) : null;
    if (k != null) {
      Entry e = entries.getIfPresent(k);
      if (e != null
          && Objects.equals(e.storedHash(), storedHash)
          && e.username().equals(username)) {
        reused.incrementAndGet();
        return new Verification(true, false);
      }
    }
    hashes.incrementAndGet();
    boolean matches = hash.getAsBoolean();
    if (!matches) {
      forget(username);
    } else if (k != null) {
      entries.put(k, new Entry(username, storedHash));
    }
    return new Verification(matches, true);
  }

  /**
   * Drops every remembered verification of {@code username} (password change, failure, throttling).
   */
  public void forget(String username) {
    if (username != null) {
      entries.asMap().values().removeIf(e -> e.username().equals(username));
    }
  }

  /** How many times a password was actually hashed through {@link #verify} since start. */
  public long hashes() {
    return hashes.get();
  }

  /** How many calls reused a verification since start. */
  public long reused() {
    return reused.get();
  }

  private String key(String username, char[] password, String address) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      byte[] bytes = new byte[pw.remaining()];
      pw.get(bytes);
      mac.update(bytes);
      Arrays.fill(bytes, (byte) 0);
      if (pw.hasArray()) {
        Arrays.fill(pw.array(), (byte) 0);
      }
      mac.update((byte) 0);
      mac.update(String.valueOf(address).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
