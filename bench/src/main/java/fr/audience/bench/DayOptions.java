package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import fr.audience.core.Settings;
import fr.audience.generate.GeneratorSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The generated benchmark days the ingest and sessionize benchmarks share: their sizes in users,
 * how many files each has, and how many times each size is measured.
 */
public final class DayOptions {
  @Option(
      names = "--users",
      split = ",",
      defaultValue = "240000,960000",
      paramLabel = "N[,N...]",
      description =
          "Readers simulated for each benchmark day, one size per value (~5 KB of JSON each;"
              + " default: ${DEFAULT-VALUE}).")
  List<Integer> users;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Runs per size (default: audience.bench.runs).")
  Integer runs;

  @Option(
      names = "--runs-at-largest",
      paramLabel = "N",
      description =
          "Runs at the largest size, when fewer than --runs are affordable (default: as --runs).")
  Integer runsAtLargest;

  @Option(
      names = "--files-per-day",
      defaultValue = "8",
      paramLabel = "N",
      description = "Gzip files of each day (default: ${DEFAULT-VALUE}).")
  int filesPerDay;

  /** The sizes, smallest first, checked. */
  public List<Integer> sizes(String benchmark) {
    List<Integer> sorted = users.stream().sorted().distinct().toList();
    if (sorted.isEmpty()
        || sorted.get(0) <= 0
        || (runs != null && runs <= 0)
        || (runsAtLargest != null && runsAtLargest <= 0)) {
      throw Errors.cannot(
          "run the " + benchmark + " benchmark",
          "--users, --runs and --runs-at-largest must be positive",
          "Fix the options");
    }
    return sorted;
  }

  /** Runs at {@code size}: --runs-at-largest at the largest, else --runs or the configured runs. */
  public int runs(BenchSettings bench, List<Integer> sizes, int size) {
    int perSize = runs == null ? bench.runs() : runs;
    return size == sizes.get(sizes.size() - 1) && runsAtLargest != null ? runsAtLargest : perSize;
  }

  /**
   * The day of {@code size} users, generated with the configured generator settings under
   * audience.bench.out/days/users-N/raw, where both benchmarks find it.
   */
  public GeneratorSettings day(Config config, BenchSettings bench, int size) {
    Path out = bench.out().resolve("days").resolve("users-" + size).resolve("raw");
    return Settings.read(
        config,
        c ->
            new GeneratorSettings(
                size,
                1,
                JobOptions.parse(
                    "audience.generate.start-date", c.getString("audience.generate.start-date")),
                c.getLong("audience.generate.seed"),
                Settings.share(c, "audience.generate.bad-fraction"),
                out,
                Settings.share(c, "audience.generate.segment-overlap"),
                c.getInt("audience.generate.history-months"),
                filesPerDay));
  }
}
