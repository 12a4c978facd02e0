package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one public base URL of this gateway ({@code jeugdpoort.public-url}, e.g. {@code
 * https://jeugdpoort.example.nl}): the token endpoint's expected audience, the token issuer,
 * discovery, the FHIR server's own links, the portal's redirects, the links in e-mails and the
 * address of the demo sources all come from here — never from a request's {@code Host} header.
 *
 * <p>When the key is not set (the embedded demo), the base is learnt once, from the first request
 * that comes from this machine (a loopback address, or the very address the connection arrived on)
 * <em>and</em> names in its {@code Host} a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) or that local address, with the local port; a request from another machine or for
 * another name (DNS rebinding) teaches nothing. Until then the base is {@code
 * http://localhost:<local port><context path>}.
 */
@ApplicationScoped
public class PublicUrl {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
  private final AtomicReference<String> learnt = new AtomicReference<>();

  @Inject
  @ConfigProperty(name = "jeugdpoort.public-url")
  Optional<String> configured;

  /** The configured base, if {@code jeugdpoort.public-url} is set (no trailing slash). */
  public Optional<String> configuredBase() {
    return configured.map(String::trim).filter(s -> !s.isEmpty()).map(PublicUrl::withoutSlash);
  }

  /** The configured base, or the one learnt on this machine, if any (no trailing slash). */
  public Optional<String> known() {
    return configuredBase().or(() -> Optional.ofNullable(learnt.get()));
  }

  /** The base for answering {@code request}; learns it from the request only as described above. */
  public String base(HttpServletRequest request) {
    observe(request);
    return known()
        .orElseGet(() -> "http://localhost:" + request.getLocalPort() + request.getContextPath());
  }

  /** Every request passes here first ({@link HttpHardeningFilter}). */
  public void observe(HttpServletRequest request) {
    if (learnt.get() != null || known().isPresent()) {
      return;
    }
    String scheme = request.isSecure() ? "https" : "http";
    learnable(
            request.getHeader("Host"),
            request.getRemoteAddr(),
            request.getLocalAddr(),
            request.getLocalPort())
        .ifPresent(
            origin ->
                learnt.compareAndSet(null, scheme + "://" + origin + request.getContextPath()));
  }

  /**
   * The {@code host:port} to learn from a request with this {@code Host} header, remote and local
   * address and local port, if the rule above allows it. Never throws.
   */
  static Optional<String> learnable(String host, String remote, String local, int localPort) {
    boolean sameMachine = isLoopback(remote) || (remote != null && remote.equals(local));
    if (host == null || !sameMachine) {
      return Optional.empty();
    }
    String name;
    int port;
    try {
      URI uri = new URI("http://" + host.trim());
      if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
          || uri.getRawQuery() != null
          || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      name = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      port = uri.getPort();
    } catch (java.net.URISyntaxException | RuntimeException malformed) {
      return Optional.empty();
    }
    boolean localName =
        LOOPBACK_NAMES.contains(name)
            || (local != null && (name.equals(local) || name.equals("[" + local + "]")));
    if (name.isEmpty() || !localName || port != localPort) {
      return Optional.empty();
    }
    return Optional.of(name + ":" + port);
  }

  /** A loopback address literal (127.0.0.0/8 or ::1), without any name lookup. */
  private static boolean isLoopback(String address) {
    return address != null
        && (address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
            || address.equals("::1")
            || address.equals("0:0:0:0:0:0:0:1")
            || address.equals("[::1]"));
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
