package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one public base URL of this gateway ({@code jeugdpoort.public-url}, e.g.
 * {@code https://jeugdpoort.example.nl}): the token endpoint's expected audience, the token issuer,
 * discovery, the FHIR server's own links, the portal's redirects, the links in e-mails and the address of
 * the demo sources all come from here — never from a request's {@code Host} header.
 *
 * <p>When the key is not set (the embedded demo), the base is learnt once, from the first request that
 * comes from this machine (a loopback address, or the very address the connection arrived on) <em>and</em>
 * names in its {@code Host} a loopback host ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) or that
 * local address, with the local port; a request from another machine or for another name (DNS rebinding)
 * teaches nothing. Until then the base is {@code http://localhost:<local port><context path>}.
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
    return known().orElseGet(() -> "http://localhost:" + request.getLocalPort() + request.getContextPath());
  }

  /** Every request passes here first ({@link HttpHardeningFilter}). */
  public void observe(HttpServletRequest request) {
    if (learnt.get() != null || known().isPresent()) {
      return;
    }
    String host = request.getHeader("Host");
    String remote = request.getRemoteAddr();
    String local = request.getLocalAddr();
    boolean sameMachine = isLoopback(remote) || (remote != null && remote.equals(local));
    if (host == null || !sameMachine) {
      return;
    }
    String name;
    int port;
    try {
      URI uri = URI.create("http://" + host.trim());
      name = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      port = uri.getPort();
    } catch (IllegalArgumentException malformed) {
      return;
    }
    boolean localName = LOOPBACK_NAMES.contains(name) || (local != null && (name.equals(local) || name.equals("[" + local + "]")));
    if (!localName || port != request.getLocalPort()) {
      return;
    }
    String scheme = request.isSecure() ? "https" : "http";
    learnt.compareAndSet(null, scheme + "://" + name + ":" + port + request.getContextPath());
  }

  private static boolean isLoopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
