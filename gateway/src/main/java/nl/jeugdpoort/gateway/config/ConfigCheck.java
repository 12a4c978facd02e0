package nl.jeugdpoort.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the gateway with the form its value must have (issue #18, item 6).
 * docs/configuration.md lists the same keys; {@code ConfigCheckTest} checks that the two agree. A
 * wrong value stops the start ({@link ConfigCheckExtension}) with one line naming the key.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  /** What a value must be. */
  enum Form {
    DURATION("a positive ISO-8601 duration, e.g. PT10S"),
    DURATION_OR_ZERO("an ISO-8601 duration of zero or more, e.g. PT5S"),
    POSITIVE("a whole number of 1 or more"),
    ZERO_OR_MORE("a whole number of 0 or more"),
    NUMBER("a whole number"),
    PORT("a port number, 1 to 65535"),
    BOOLEAN("true or false"),
    URL("an absolute http or https URL"),
    JDBC("a JDBC URL starting with jdbc:h2: or jdbc:postgresql:"),
    EMAIL("an e-mail address"),
    TEXT("any text");

    final String says;

    Form(String says) {
      this.says = says;
    }
  }

  /** The settings and their forms, in the order of docs/configuration.md. */
  static final Map<String, Form> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("jeugdpoort.db.url", Form.JDBC);
    SETTINGS.put("jeugdpoort.db.user", Form.TEXT);
    SETTINGS.put("jeugdpoort.db.password", Form.TEXT);
    SETTINGS.put("jeugdpoort.db.pool-size", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.demo.enabled", Form.BOOLEAN);
    SETTINGS.put("jeugdpoort.demo.seed", Form.NUMBER);
    SETTINGS.put("jeugdpoort.demo.children", Form.ZERO_OR_MORE);
    SETTINGS.put("jeugdpoort.public-url", Form.URL);
    SETTINGS.put("jeugdpoort.self-url", Form.URL);
    SETTINGS.put("jeugdpoort.connector.connect-timeout", Form.DURATION);
    SETTINGS.put("jeugdpoort.connector.read-timeout", Form.DURATION);
    SETTINGS.put("jeugdpoort.connector.max-attempts", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.connector.initial-backoff", Form.DURATION);
    SETTINGS.put("jeugdpoort.connector.breaker-open-for", Form.DURATION);
    SETTINGS.put("jeugdpoort.connector.max-retry-after", Form.DURATION_OR_ZERO);
    SETTINGS.put("jeugdpoort.connector.page-size", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.connector.max-items-per-type", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.connector.max-response-bytes", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.connector.capability-cache-ttl", Form.DURATION);
    SETTINGS.put("jeugdpoort.route.concurrent-requests", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.http.max-body-bytes", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.http.body-timeout", Form.DURATION);
    SETTINGS.put("jeugdpoort.http.max-concurrent-per-address", Form.ZERO_OR_MORE);
    SETTINGS.put("jeugdpoort.http.write-limit", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.http.write-period", Form.DURATION);
    SETTINGS.put("jeugdpoort.login.delay-after", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.login.first-delay", Form.DURATION);
    SETTINGS.put("jeugdpoort.login.max-delay", Form.DURATION);
    SETTINGS.put("jeugdpoort.login.spray-accounts", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.login.spray-window", Form.DURATION);
    SETTINGS.put("jeugdpoort.token.lifetime", Form.DURATION);
    SETTINGS.put("jeugdpoort.mail.host", Form.TEXT);
    SETTINGS.put("jeugdpoort.mail.port", Form.PORT);
    SETTINGS.put("jeugdpoort.mail.username", Form.TEXT);
    SETTINGS.put("jeugdpoort.mail.password", Form.TEXT);
    SETTINGS.put("jeugdpoort.mail.from", Form.EMAIL);
    SETTINGS.put("jeugdpoort.mail.retry-backoff", Form.DURATION);
    SETTINGS.put("jeugdpoort.mail.retry-max", Form.DURATION);
    SETTINGS.put("jeugdpoort.mail.poll-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.notice.poll-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.portal-url", Form.URL);
    SETTINGS.put("jeugdpoort.activation.lifetime", Form.DURATION);
    SETTINGS.put("jeugdpoort.oidc.issuer", Form.URL);
    SETTINGS.put("jeugdpoort.oidc.client-id", Form.TEXT);
    SETTINGS.put("jeugdpoort.oidc.client-secret", Form.TEXT);
    SETTINGS.put("jeugdpoort.oidc.scope", Form.TEXT);
    SETTINGS.put("jeugdpoort.oidc.subject-claim", Form.TEXT);
    SETTINGS.put("jeugdpoort.oidc.label", Form.TEXT);
    SETTINGS.put("jeugdpoort.login.verified-for", Form.DURATION_OR_ZERO);
    SETTINGS.put("jeugdpoort.login.verified-max", Form.ZERO_OR_MORE);
    SETTINGS.put("jeugdpoort.work.poll-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.work.lease", Form.DURATION);
    SETTINGS.put("jeugdpoort.work.retry-backoff", Form.DURATION);
    SETTINGS.put("jeugdpoort.work.source-retries", Form.ZERO_OR_MORE);
    SETTINGS.put("jeugdpoort.work.max-attempts", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.work.start-probe-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.mail.lease", Form.DURATION);
    SETTINGS.put("jeugdpoort.admission.max-backlog", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.admission.retry-after", Form.DURATION);
    SETTINGS.put("jeugdpoort.admission.sync-wait", Form.DURATION_OR_ZERO);
    SETTINGS.put("jeugdpoort.audit.chain-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.audit.checkpoint-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.audit.archive-dir", Form.TEXT);
    SETTINGS.put("jeugdpoort.clock.adjustable", Form.BOOLEAN);
    SETTINGS.put("jeugdpoort.erasure.poll-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.privacy-officer.email", Form.EMAIL);
    SETTINGS.put("jeugdpoort.erasure.confirm-within", Form.DURATION);
    SETTINGS.put("jeugdpoort.subscription.poll-interval", Form.DURATION);
    SETTINGS.put("jeugdpoort.subscription.timeout", Form.DURATION);
    SETTINGS.put("jeugdpoort.subscription.max-attempts", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.subscription.max-per-organisation", Form.POSITIVE);
    SETTINGS.put("jeugdpoort.subscription.allow-local-endpoints", Form.BOOLEAN);
    SETTINGS.put("jeugdpoort.test.failpoint", Form.TEXT);
  }

  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern MAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}");

  /** The known keys, for the documentation test. */
  public static List<String> keys() {
    return List.copyOf(SETTINGS.keySet());
  }

  /**
   * One line per wrong value, naming the key ("jeugdpoort.connector.read-timeout=-PT1S: must be a
   * positive ISO-8601 duration, e.g. PT10S"); empty when every set value has its form. {@code
   * lookup} gives a key's value, empty when it is not set.
   */
  public static List<String> problems(Function<String, Optional<String>> lookup) {
    List<String> problems = new ArrayList<>();
    SETTINGS.forEach(
        (key, form) ->
            lookup
                .apply(key)
                .ifPresent(
                    value -> {
                      if (!fits(form, value.strip())) {
                        String shown =
                            key.endsWith("password") || key.endsWith("secret")
                                ? "(hidden)"
                                : printable(value);
                        problems.add(key + "=" + shown + ": must be " + form.says);
                      }
                    }));
    if (lookup.apply("jeugdpoort.oidc.issuer").filter(v -> !v.isBlank()).isPresent()) {
      for (String needed : List.of("jeugdpoort.oidc.client-id", "jeugdpoort.oidc.client-secret")) {
        if (lookup.apply(needed).filter(v -> !v.isBlank()).isEmpty()) {
          problems.add(needed + ": must be set when jeugdpoort.oidc.issuer is set");
        }
      }
    }
    return problems;
  }

  /**
   * The names that look like settings of this gateway but are none (typos); warned about, not
   * refused.
   */
  public static List<String> unknown(Iterable<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      if (n.startsWith("jeugdpoort.") && !SETTINGS.containsKey(n)) {
        unknown.add(n);
      }
    }
    return unknown;
  }

  static boolean fits(Form form, String v) {
    return switch (form) {
      case DURATION -> duration(v).map(d -> !d.isNegative() && !d.isZero()).orElse(false);
      case DURATION_OR_ZERO -> duration(v).map(d -> !d.isNegative()).orElse(false);
      case POSITIVE -> WHOLE.matcher(v).matches() && Long.parseLong(v) >= 1;
      case ZERO_OR_MORE -> WHOLE.matcher(v).matches() && Long.parseLong(v) >= 0;
      case NUMBER -> WHOLE.matcher(v).matches();
      case PORT ->
          WHOLE.matcher(v).matches() && Long.parseLong(v) >= 1 && Long.parseLong(v) <= 65535;
      case BOOLEAN -> v.equals("true") || v.equals("false");
      case URL -> url(v);
      case JDBC -> v.startsWith("jdbc:h2:") || v.startsWith("jdbc:postgresql:");
      case EMAIL -> MAIL.matcher(v).matches();
      case TEXT -> true;
    };
  }

  private static Optional<Duration> duration(String v) {
    try {
      return Optional.of(Duration.parse(v));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean url(String v) {
    try {
      URI u = new URI(v);
      return u.isAbsolute()
          && u.getHost() != null
          && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 200 ? s.substring(0, 200) + "…" : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
