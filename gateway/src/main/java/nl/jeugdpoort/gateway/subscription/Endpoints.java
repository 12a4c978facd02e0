package nl.jeugdpoort.gateway.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the gateway may post a notification (server-side request forgery): an absolute {@code
 * https} URL without user info or fragment, whose host resolves to public addresses only — never
 * loopback, private (RFC 1918, IPv6 unique local), link-local, carrier-grade NAT, multicast or
 * unspecified ones. Checked when a subscription is made and again before every post (the name may
 * resolve differently later). With {@code allowLocal} (a closed test network) plain {@code http}
 * and every address are accepted.
 */
public final class Endpoints {
  private Endpoints() {}

  /** Why {@code url} is not an endpoint the gateway posts to, if it is not. */
  public static Optional<String> problem(String url, boolean allowLocal) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("channel.endpoint: not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("https") || (allowLocal && scheme.equals("http")))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      return Optional.of(
          "channel.endpoint: an absolute https URL without user info or fragment, e.g. "
              + "https://systeem.example.nl/jeugdpoort/meldingen");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      return Optional.of("channel.endpoint: the host " + uri.getHost() + " cannot be resolved");
    }
    if (!allowLocal) {
      for (InetAddress a : addresses) {
        if (!isPublic(a)) {
          return Optional.of(
              "channel.endpoint: the host "
                  + uri.getHost()
                  + " resolves to an internal address; Jeugdpoort posts only to public addresses");
        }
      }
    }
    return Optional.empty();
  }

  /** True for an address on the public internet. */
  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return false; // unique local fc00::/7
      }
      if (first == 0x20 && second == 0x02) {
        return false; // 6to4 2002::/16: an IPv4 address inside
      }
      if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
        return false; // Teredo 2001::/32
      }
      if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
        return false; // documentation 2001:db8::/32
      }
      if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return false; // NAT64 64:ff9b::/96
      }
      boolean compatible = true; // ::a.b.c.d (IPv4-compatible, deprecated)
      for (int i = 0; i < 12; i++) {
        compatible &= b[i] == 0;
      }
      if (compatible) {
        return false;
      }
      boolean mapped = true; // ::ffff:a.b.c.d: judge the IPv4 address
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }
}
