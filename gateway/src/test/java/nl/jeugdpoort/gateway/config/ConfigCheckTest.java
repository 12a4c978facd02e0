package nl.jeugdpoort.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every setting is checked, known to the code and documented (issue #18, item 6). */
class ConfigCheckTest {
  @Test
  void a_wrong_value_is_named_by_its_key_with_what_it_must_be() {
    Map<String, String> set =
        Map.of(
            "jeugdpoort.connector.read-timeout", "-PT1S",
            "jeugdpoort.connector.max-attempts", "0",
            "jeugdpoort.public-url", "jeugdpoort.example.nl",
            "jeugdpoort.demo.enabled", "yes",
            "jeugdpoort.mail.port", "70000",
            "jeugdpoort.db.url", "jdbc:mysql://x/y",
            "jeugdpoort.db.password", "geheim-maar-fout",
            "jeugdpoort.http.write-period", "ten seconds");
    List<String> problems = ConfigCheck.problems(k -> Optional.ofNullable(set.get(k)));
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "jeugdpoort.db.url=jdbc:mysql://x/y: must be a JDBC URL starting with jdbc:h2: or jdbc:postgresql:",
            "jeugdpoort.demo.enabled=yes: must be true or false",
            "jeugdpoort.public-url=jeugdpoort.example.nl: must be an absolute http or https URL",
            "jeugdpoort.connector.read-timeout=-PT1S: must be a positive ISO-8601 duration, e.g. PT10S",
            "jeugdpoort.connector.max-attempts=0: must be a whole number of 1 or more",
            "jeugdpoort.http.write-period=ten seconds: must be a positive ISO-8601 duration, e.g. PT10S",
            "jeugdpoort.mail.port=70000: must be a port number, 1 to 65535");
    assertThat(String.join("\n", problems)).doesNotContain("geheim");
    Map<String, String> oidc =
        Map.of(
            "jeugdpoort.oidc.issuer",
            "https://idp.example.nl/realms/jeugd",
            "jeugdpoort.oidc.client-secret",
            "zeer-geheim");
    assertThat(ConfigCheck.problems(k -> Optional.ofNullable(oidc.get(k))))
        .containsExactly(
            "jeugdpoort.oidc.client-id: must be set when jeugdpoort.oidc.issuer is set");
    assertThat(
            ConfigCheck.problems(
                k ->
                    Optional.ofNullable(
                        Map.of("jeugdpoort.oidc.client-secret", "x y\u0007").get(k))))
        .isEmpty();
  }

  @Test
  void the_shipped_defaults_and_the_test_settings_pass() throws IOException {
    java.util.Properties defaults = new java.util.Properties();
    try (var in =
        Files.newInputStream(
            Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
      defaults.load(in);
    }
    assertThat(ConfigCheck.problems(k -> Optional.ofNullable(defaults.getProperty(k)))).isEmpty();
    assertThat(ConfigCheck.unknown(defaults.stringPropertyNames())).isEmpty();
    assertThat(
            ConfigCheck.problems(
                k ->
                    Optional.of(
                            Map.of(
                                    "jeugdpoort.connector.max-retry-after",
                                    "PT0S",
                                    "jeugdpoort.http.max-concurrent-per-address",
                                    "0")
                                .getOrDefault(k, ""))
                        .filter(v -> !v.isEmpty())))
        .isEmpty();
    assertThat(
            ConfigCheck.unknown(
                List.of("jeugdpoort.conector.read-timeout", "jeugdpoort.db.url", "other.key")))
        .containsExactly("jeugdpoort.conector.read-timeout");
  }

  @Test
  void every_setting_the_code_reads_is_checked_and_documented_and_every_documented_one_exists()
      throws IOException {
    Set<String> inCode = new TreeSet<>();
    Pattern read =
        Pattern.compile(
            "(?:name = |getOptionalValue\\(|getValue\\(|getProperty\\()\"(jeugdpoort\\.[a-z0-9.-]+)\"");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = read.matcher(Files.readString(f));
        while (m.find()) {
          inCode.add(m.group(1));
        }
      }
    }
    assertThat(inCode).isNotEmpty();
    assertThat(new TreeSet<>(ConfigCheck.keys())).isEqualTo(inCode);
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\|([^|]*)\\|").matcher(docs);
    while (row.find()) {
      Matcher key = Pattern.compile("`(jeugdpoort\\.[a-z0-9.-]+)`").matcher(row.group(1));
      while (key.find()) {
        documented.add(key.group(1));
      }
    }
    assertThat(documented).isEqualTo(new TreeSet<>(ConfigCheck.keys()));
  }
}
