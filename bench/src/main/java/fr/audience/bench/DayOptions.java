package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.JobOptions;
import fr.audience.core.Settings;
import fr.audience.generate.GeneratorSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
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

  @Mixin LargestRunsOptions runs;

  @Option(
      names = "--files-per-day",
      defaultValue = "8",
      paramLabel = "N",
      description = "Gzip files of each day (default: ${DEFAULT-VALUE}).")
  int filesPerDay;

  /** The sizes, smallest first, checked. */
  public List<Integer> sizes(String benchmark) {
    List<Integer> sorted = users.stream().sorted().distinct().toList();
    runs.check(benchmark, sorted, true, "--users, --runs and --runs-at-largest must be positive");
    return sorted;
  }

  /** Runs at {@code size}: --runs-at-largest at the largest, else --runs or the configured runs. */
  public int runs(BenchSettings bench, List<Integer> sizes, int size) {
    return runs.at(bench, size == sizes.get(sizes.size() - 1));
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
