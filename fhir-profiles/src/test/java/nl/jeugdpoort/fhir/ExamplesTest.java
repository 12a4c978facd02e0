package nl.jeugdpoort.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in {@code src/examples} against its profile: the valid ones without errors, the
 * invalid ones with the expected error (element and problem).
 */
class ExamplesTest {
  private static JeugdpoortValidator validator;

  /** Invalid example → a fragment the error must contain. */
  private static final Map<String, String> EXPECTED =
      Map.ofEntries(
          Map.entry("Task-invalid-bsn", "jp-bsn-1"),
          Map.entry("Task-invalid-intent", "order"),
          Map.entry("Task-invalid-input-type", "favourite-colour"),
          Map.entry("Task-invalid-erasure-status", "jp-erasure-1"),
          Map.entry("Task-invalid-erasure-no-focus", "Task.focus"),
          Map.entry("Patient-invalid-youth-bsn", "jp-youth-1"),
          Map.entry("Patient-invalid-youth-no-bsn", "jp-youth-2"),
          Map.entry("Consent-invalid-consent-deny", "permit"),
          Map.entry("Consent-invalid-consent-purpose", "marketing"),
          Map.entry("Consent-invalid-objection-permit", "deny"),
          Map.entry("Communication-invalid-notice-no-recipient", "Communication.recipient"),
          Map.entry("Communication-invalid-notice-medium", "carrier-pigeon"),
          Map.entry("AuditEvent-invalid-disclosure-no-chain", "jp-audit-1"),
          Map.entry("AuditEvent-invalid-disclosure-subtype", "jp-audit-2"),
          Map.entry("Bundle-invalid-release-no-nordsclcd", "jp-release-1"),
          Map.entry("Bundle-invalid-release-type", "collection"),
          Map.entry("DocumentReference-invalid-recording-no-hash", "registered-hash"),
          Map.entry("DocumentReference-invalid-recording-kind", "holiday-video"));

  @BeforeAll
  static void build() {
    validator = new JeugdpoortValidator(FhirContext.forR4Cached());
  }

  static Stream<Arguments> examples() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("src", "examples"))) {
      return files
          .sorted()
          .map(f -> Arguments.of(f.getFileName().toString().replace(".json", ""), f))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void example(String name, Path file) throws Exception {
    String json = Files.readString(file);
    String profile = Gatherer.profileOf(json);
    ValidationResult result = validator.validate(json, profile);
    List<String> errors = JeugdpoortValidator.errors(result);
    if (name.contains("-valid-")) {
      assertThat(errors).as(name + " is valid").isEmpty();
    } else {
      assertThat(EXPECTED).as("expected error of " + name).containsKey(name);
      assertThat(errors).as(name + " is invalid").isNotEmpty();
      assertThat(errors)
          .as(name + " names the problem")
          .anySatisfy(m -> assertThat(m).contains(EXPECTED.get(name)));
    }
  }

  /** Reads meta.profile of an example. */
  static final class Gatherer {
    static String profileOf(String json) throws Exception {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      return node.path("meta").path("profile").get(0).asText();
    }
  }
}
