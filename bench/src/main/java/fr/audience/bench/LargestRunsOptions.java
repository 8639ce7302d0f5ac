package fr.audience.bench;

import picocli.CommandLine.Option;

/**
 * --runs and --runs-at-largest, for the benchmarks whose largest size may take too long to measure
 * as many times as the others.
 */
public final class LargestRunsOptions extends RunsOptions {
  @Option(
      names = "--runs-at-largest",
      paramLabel = "N",
      description =
          "Runs at the largest size, when fewer than --runs are affordable (default: as --runs).")
  Integer runsAtLargest;

  /** Runs at a size: --runs-at-largest at the largest one when given, else {@link #perSize}. */
  public int at(BenchSettings bench, boolean largest) {
    return largest && runsAtLargest != null ? runsAtLargest : perSize(bench);
  }

  @Override
  boolean countsPositive() {
    return super.countsPositive() && (runsAtLargest == null || runsAtLargest > 0);
  }
}
