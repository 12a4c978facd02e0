package nl.jeugdpoort.gateway.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import nl.jeugdpoort.gateway.security.PublicUrl;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The base URL under which this gateway reaches itself, for the demo sources it serves: the
 * configured {@code jeugdpoort.self-url} if set (only needed when the public URL is not reachable
 * from the gateway itself), else the configured public base URL ({@code jeugdpoort.public-url}, see
 * {@link PublicUrl}), else the loopback address of the local port of the first request it received
 * (never the Host header).
 */
@ApplicationScoped
public class SelfAddress {
  private final AtomicReference<String> learnt = new AtomicReference<>();

  @Inject
  @ConfigProperty(name = "jeugdpoort.self-url")
  Optional<String> configured;

  @Inject PublicUrl publicUrl;

  /** Remembers the loopback address of the port (and context path) a request came in on. */
  public void learnFromLocalPort(int port, String contextPath) {
    learnt.compareAndSet(
        null, "http://127.0.0.1:" + port + (contextPath == null ? "" : contextPath));
  }

  public Optional<String> baseUrl() {
    return configured
        .filter(s -> !s.isBlank())
        .or(publicUrl::configuredBase)
        .or(() -> Optional.ofNullable(learnt.get()));
  }
}
