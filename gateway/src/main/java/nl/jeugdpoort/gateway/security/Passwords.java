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

  @Override
  protected HashRequest createHashRequest(ByteSource plaintext) {
    return new HashRequest.Builder()
        .setSource(plaintext)
        .setAlgorithmName("argon2id")
        .addParameter("Argon2.memoryKib", String.valueOf(MEMORY_KIB))
        .addParameter("Argon2.iterations", String.valueOf(ITERATIONS))
        .addParameter("Argon2.parallelism", String.valueOf(PARALLELISM))
        .build();
  }
}
