package nl.jeugdpoort.policy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One policy decision for a typical request, against the baseline of copying the same 200 source
 * items into a new list, measured in the same run. Run with {@code mvn -pl policy -Pbench verify}
 * (see {@link BenchmarkReport}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private final PolicyEngine engine = new PolicyEngine(PurposeCatalogue.load());
  private final TypicalRequest typical = new TypicalRequest();

  @Benchmark
  public Decision decide() {
    return engine.decide(typical.request, typical.facts);
  }

  @Benchmark
  public List<SourceItem> baselineCopy200Items() {
    List<SourceItem> copy = new ArrayList<>(typical.items.size());
    for (SourceItem item : typical.items) {
      copy.add(item);
    }
    return copy;
  }
}
