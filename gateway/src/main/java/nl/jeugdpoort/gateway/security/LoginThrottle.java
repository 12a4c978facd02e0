package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Growing delays instead of a lock (issue #17, item 4): a stranger cannot lock anyone out, and
 * guessing stays slow.
 *
 * <ul>
 *   <li><b>Per name and address.</b> After {@code jeugdpoort.login.delay-after} failed logins in a
 *       row (default 3) for one name from one address, that name is refused from that address for
 *       {@code first-delay} (default 1 s), doubling with every further failure up to {@code
 *       max-delay} (default 15 min). The real user, from another address, is not slowed; a success
 *       clears it.
 *   <li><b>Per address (spraying).</b> When one address fails for {@code
 *       jeugdpoort.login.spray-accounts} (default 5) different names within {@code spray-window}
 *       (default 15 min), every login from it is refused for {@code first-delay}, doubling with
 *       every further name, up to {@code max-delay}; the first time in a window {@link #check}
 *       reports it so that the privacy officers are alerted.
 * </ul>
 *
 * A refused (throttled) attempt checks no password and counts no further failure. The state is kept
 * per gateway node, in memory, for at most {@code spray-window} after the last failure (and at most
 * {@link #MAX_ENTRIES} entries).
 */
@ApplicationScoped
public class LoginThrottle {
  static final int MAX_ENTRIES = 100_000;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.login.delay-after", defaultValue = "3")
  int delayAfter;

  @Inject
  @ConfigProperty(name = "jeugdpoort.login.first-delay", defaultValue = "PT1S")
  String firstDelay;

  @Inject
  @ConfigProperty(name = "jeugdpoort.login.max-delay", defaultValue = "PT15M")
  String maxDelay;

  @Inject
  @ConfigProperty(name = "jeugdpoort.login.spray-accounts", defaultValue = "5")
  int sprayAccounts;

  @Inject
  @ConfigProperty(name = "jeugdpoort.login.spray-window", defaultValue = "PT15M")
  String sprayWindow;

  private final Map<String, Failures> byNameAndAddress = new ConcurrentHashMap<>();
  private final Map<String, Spray> byAddress = new ConcurrentHashMap<>();

  private record Failures(int count, Instant last) {}

  private static final class Spray {
    final Set<String> names = new HashSet<>();
    Instant last;
    boolean alerted;
  }

  /** Why an attempt is refused before its password is checked, if it is. */
  public record Refusal(String reason, Duration retryAfter) {}

  /**
   * Whether {@code name} from {@code address} must wait; null address (no HTTP) is never throttled.
   */
  public Optional<Refusal> check(String name, String address) {
    if (address == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Spray spray = byAddress.get(address);
    if (spray != null) {
      synchronized (spray) {
        int over = spray.names.size() - sprayAccounts;
        if (over >= 0) {
          Instant until = spray.last.plus(delay(over));
          if (now.isBefore(until)) {
            return Optional.of(
                new Refusal(
                    "address throttled: failed logins for "
                        + spray.names.size()
                        + " names from this address (spraying)",
                    Duration.between(now, until)));
          }
        }
      }
    }
    Failures f = byNameAndAddress.get(key(name, address));
    if (f != null && f.count() >= delayAfter) {
      Instant until = f.last().plus(delay(f.count() - delayAfter));
      if (now.isBefore(until)) {
        return Optional.of(
            new Refusal(
                "throttled after " + f.count() + " failed logins from this address",
                Duration.between(now, until)));
      }
    }
    return Optional.empty();
  }

  /**
   * Counts a failed login (wrong password or unknown name). Returns true when this failure makes
   * the address a sprayer for the first time in its window (the caller alerts the privacy
   * officers).
   */
  public boolean failed(String name, String address) {
    if (address == null) {
      return false;
    }
    Instant now = clock.instant();
    forgetOld(now);
    byNameAndAddress.merge(
        key(name, address), new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    Spray spray = byAddress.computeIfAbsent(address, a -> new Spray());
    synchronized (spray) {
      spray.names.add(normal(name));
      spray.last = now;
      if (spray.names.size() >= sprayAccounts && !spray.alerted) {
        spray.alerted = true;
        return true;
      }
    }
    return false;
  }

  /**
   * A successful login clears the failures of that name from that address (not the spraying count).
   */
  public void succeeded(String name, String address) {
    if (address != null) {
      byNameAndAddress.remove(key(name, address));
    }
  }

  /** The names an address failed for in its current window (for the alert). */
  public Set<String> sprayedNames(String address) {
    Spray spray = byAddress.get(address);
    if (spray == null) {
      return Set.of();
    }
    synchronized (spray) {
      return Set.copyOf(spray.names);
    }
  }

  private Duration delay(int step) {
    Duration first = Duration.parse(firstDelay);
    Duration max = Duration.parse(maxDelay);
    Duration d = first.multipliedBy(1L << Math.min(step, 30));
    return d.compareTo(max) > 0 || d.isNegative() ? max : d;
  }

  private void forgetOld(Instant now) {
    Instant horizon = now.minus(Duration.parse(sprayWindow));
    Duration max = Duration.parse(maxDelay);
    byNameAndAddress
        .values()
        .removeIf(f -> f.last().isBefore(horizon) && f.last().plus(max).isBefore(now));
    byAddress
        .values()
        .removeIf(
            s -> {
              synchronized (s) {
                return s.last.isBefore(horizon);
              }
            });
    if (byNameAndAddress.size() > MAX_ENTRIES) {
      byNameAndAddress.clear();
    }
    if (byAddress.size() > MAX_ENTRIES) {
      byAddress.clear();
    }
  }

  private static String key(String name, String address) {
    return normal(name) + "\u0000" + address;
  }

  private static String normal(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return n.length() > 64 ? n.substring(0, 64) : n;
  }
}
