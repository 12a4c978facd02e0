package nl.jeugdpoort.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * A timed harness, run with the tests: the cost of validating a typical data-request Task against
 * the cost of parsing it, in the same run. It reports figures and asserts only that validation
 * works; timings are not asserted (machines differ).
 */
class ValidationCostReport {
  private static final int ROUNDS = 200;

  @Test
  void report_parse_and_validate_cost_of_a_typical_request() throws Exception {
    FhirContext fhir = FhirContext.forR4Cached();
    String json = Files.readString(Path.of("src", "examples", "Task-valid-data-request.json"));
    long buildStart = System.nanoTime();
    JeugdpoortValidator validator = new JeugdpoortValidator(fhir);
    long built = System.nanoTime() - buildStart;
    long firstStart = System.nanoTime();
    validator.validate(fhir.newJsonParser().parseResource(Task.class, json), Profiles.DATA_REQUEST);
    long first = System.nanoTime() - firstStart;

    long[] parse = new long[ROUNDS];
    long[] validate = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long t0 = System.nanoTime();
      Task task = fhir.newJsonParser().parseResource(Task.class, json);
      long t1 = System.nanoTime();
      var result = validator.validate(task, Profiles.DATA_REQUEST);
      long t2 = System.nanoTime();
      parse[i] = t1 - t0;
      validate[i] = t2 - t1;
      assertThat(result.getMessages()).noneMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    }
    double parseMedian = median(parse) / 1000.0;
    double validateMedian = median(validate) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "%n=== Validation cost of a typical data-request Task (%d rounds) ===%n",
        ROUNDS);
    System.out.printf(
        Locale.ROOT,
        "validator built in %d ms; first validation (snapshots, caches) %d ms%n",
        built / 1_000_000,
        first / 1_000_000);
    System.out.printf(
        Locale.ROOT, "parse    median %8.1f us   p99 %8.1f us%n", parseMedian, p99(parse) / 1000.0);
    System.out.printf(
        Locale.ROOT,
        "validate median %8.1f us   p99 %8.1f us%n",
        validateMedian,
        p99(validate) / 1000.0);
    System.out.printf(
        Locale.ROOT, "validate / parse (medians): %.1f%n", validateMedian / parseMedian);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double p99(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.floor(sorted.length * 0.99) - 1];
  }
}
