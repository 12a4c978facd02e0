package nl.jeugdpoort.gateway.security;

import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.apache.shiro.crypto.hash.HashRequest;
import org.apache.shiro.lang.util.ByteSource;

/**
 * Password hashing: argon2id in Shiro 2's crypt format, with OWASP's recommended minimum parameters
 * (19 MiB memory, 2 iterations, 1 lane). Shiro's default (64 MiB, 4 lanes) costs about five times
 * as much per login on 2 cores. Verification reads the parameters from the stored hash, so they can
 * be raised later without invalidating existing passwords.
 */
public final class Passwords extends DefaultPasswordService {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;

  /**
   * The demo accounts' cost: their passwords are public (docs/demo.md), so hardness buys nothing.
   */
  static final int DEMO_MEMORY_KIB = 1024;

  static final int DEMO_ITERATIONS = 1;

  private final int memoryKib;
  private final int iterations;

  /** The password service for every real account. */
  public Passwords() {
    this(MEMORY_KIB, ITERATIONS);
  }

  private Passwords(int memoryKib, int iterations) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
  }

  /**
   * For the demo accounts only, whose passwords ({@code demo-{name}}) are printed at start and
   * published: argon2id at its lowest cost (1 MiB, 1 iteration), so that seeding the demo's many
   * family accounts does not take seconds of the start-up (issue #16, item 6). Verification reads
   * the parameters from the stored hash, so both kinds are checked by the same service.
   */
  public static Passwords forPublicDemoPasswords() {
    return new Passwords(DEMO_MEMORY_KIB, DEMO_ITERATIONS);
  }

  @Override
  protected HashRequest createHashRequest(ByteSource plaintext) {
    return new HashRequest.Builder()
        .setSource(plaintext)
        .setAlgorithmName("argon2id")
        .addParameter("Argon2.memoryKib", String.valueOf(memoryKib))
        .addParameter("Argon2.iterations", String.valueOf(iterations))
        .addParameter("Argon2.parallelism", String.valueOf(PARALLELISM))
        .build();
  }
}
