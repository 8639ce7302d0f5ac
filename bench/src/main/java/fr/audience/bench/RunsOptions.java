package fr.audience.bench;

import fr.audience.core.Errors;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How many times a benchmark measures each size: --runs, else audience.bench.runs (checked positive
 * when read). {@link LargestRunsOptions} adds a separate count for the largest size.
 */
public class RunsOptions {
  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Runs per size (default: audience.bench.runs).")
  Integer runs;

  /** Runs per size: --runs, else audience.bench.runs. */
  public int perSize(BenchSettings bench) {
    return runs == null ? bench.runs() : runs;
  }

  /**
   * Fails with {@code rule} unless there is a size, every size and every run count given is
   * positive, and the benchmark's other options are valid ({@code othersValid}).
   */
  public void check(
      String benchmark, List<? extends Number> sizes, boolean othersValid, String rule) {
    if (sizes.isEmpty()
        || !sizes.stream().allMatch(s -> s.longValue() > 0)
        || !countsPositive()
        || !othersValid) {
      throw Errors.cannot("run the " + benchmark + " benchmark", rule, "Fix the options");
    }
  }

  /** Whether every run count given on the command line is positive. */
  boolean countsPositive() {
    return runs == null || runs > 0;
  }
}
