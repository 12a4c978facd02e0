package nl.jeugdpoort.gateway.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SMTP server notices go to (MicroProfile Config, {@code jeugdpoort.mail.*}). Without {@code
 * jeugdpoort.mail.host} e-mail is off and notices go to the portal inbox only (the embedded demo).
 */
@ApplicationScoped
public class MailSettings {
  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.host")
  Optional<String> host;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.port", defaultValue = "25")
  int port;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.from", defaultValue = "noreply@jeugdpoort.example")
  String from;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.username")
  Optional<String> username;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.password")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.retry-backoff", defaultValue = "PT5S")
  String retryBackoff;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.retry-max", defaultValue = "PT15M")
  String retryMax;

  @Inject
  @ConfigProperty(name = "jeugdpoort.mail.poll-interval", defaultValue = "PT2S")
  String pollInterval;

  @Inject
  @ConfigProperty(name = "jeugdpoort.portal-url")
  Optional<String> portalUrl;

  @Inject nl.jeugdpoort.gateway.security.PublicUrl publicUrl;

  public boolean enabled() {
    return host.filter(h -> !h.isBlank()).isPresent();
  }

  public String from() {
    return from;
  }

  /**
   * The camel-mail endpoint of the SMTP server (time-outs short: a slow server is a failed
   * attempt).
   */
  public String smtpUri() {
    StringBuilder uri =
        new StringBuilder("smtp://")
            .append(host.orElseThrow())
            .append(':')
            .append(port)
            .append("?connectionTimeout=5000&mail.smtp.timeout=10000&mail.smtp.writetimeout=10000");
    username.ifPresent(
        u -> uri.append("&username=").append(URLEncoder.encode(u, StandardCharsets.UTF_8)));
    password.ifPresent(p -> uri.append("&password=RAW(").append(p).append(')'));
    return uri.toString();
  }

  public Duration retryBackoff() {
    return Duration.parse(retryBackoff);
  }

  public Duration retryMax() {
    return Duration.parse(retryMax);
  }

  public long pollMillis() {
    return Duration.parse(pollInterval).toMillis();
  }

  /**
   * Where families read and answer their notices: {@code jeugdpoort.portal-url} when the portal has
   * an address of its own, else the public base URL ({@code jeugdpoort.public-url}) + {@code
   * /portal/}.
   */
  public String portalUrl() {
    return portalUrl
        .filter(u -> !u.isBlank())
        .or(() -> publicUrl.known().map(b -> b + "/portal/"))
        .orElse("/portal/");
  }
}
