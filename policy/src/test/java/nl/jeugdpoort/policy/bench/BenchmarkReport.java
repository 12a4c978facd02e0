package nl.jeugdpoort.policy.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link DecisionBenchmark} and prints median and p99 of a decision, of the baseline copy, and
 * their ratio. Targets (issue #3): median ratio ≤ 20 and median decision under 50 µs on 2 cores.
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder().include(DecisionBenchmark.class.getSimpleName()).build();
    Collection<RunResult> results = new Runner(options).run();
    Statistics decide = null;
    Statistics copy = null;
    for (RunResult r : results) {
      Result<?> primary = r.getPrimaryResult();
      if (r.getParams().getBenchmark().endsWith(".decide")) {
        decide = primary.getStatistics();
      } else {
        copy = primary.getStatistics();
      }
    }
    double ratio = decide.getPercentile(50) / copy.getPercentile(50);
    System.out.println();
    System.out.println("=== Jeugdpoort policy benchmark (ns per operation) ===");
    System.out.printf(
        Locale.ROOT,
        "decision       median %10.0f   p99 %10.0f%n",
        decide.getPercentile(50),
        decide.getPercentile(99));
    System.out.printf(
        Locale.ROOT,
        "copy 200 items median %10.0f   p99 %10.0f%n",
        copy.getPercentile(50),
        copy.getPercentile(99));
    System.out.printf(
        Locale.ROOT, "ratio (median decision / median copy): %.1f  (target <= 20)%n", ratio);
    System.out.printf(
        Locale.ROOT,
        "median decision: %.1f us  (target < 50 us)%n",
        decide.getPercentile(50) / 1000.0);
  }
}
