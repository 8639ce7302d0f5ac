package fr.audience.generate;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import fr.audience.core.Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    header = "Write synthetic raw input with the ground truth it planted.",
    description =
        "Write synthetic raw input for a French media group (docs/raw-formats.md) with the ground "
            + "truth it planted under <out>/_truth/. Defaults come from audience.generate.* in the config. "
            + "The same seed and options give the same bytes.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Option(names = "--users", description = "Reader accounts to simulate.")
  Integer users;

  @Option(names = "--days", description = "Days of events, from --start-date.")
  Integer days;

  @Option(
      names = "--start-date",
      paramLabel = "YYYY-MM-DD",
      description = "First event date (UTC).")
  String startDate;

  @Option(names = "--seed", description = "Random seed.")
  Long seed;

  @Option(
      names = "--bad-fraction",
      description = "Share of event lines planted as bad input (0..0.5).")
  Double badFraction;

  @Option(
      names = "--segment-overlap",
      description = "0 = crisp latent segments, 0.6 = hard to separate.")
  Double segmentOverlap;

  @Option(
      names = "--history-months",
      description = "Months of billing and shop history before the first day.")
  Integer historyMonths;

  @Option(names = "--files-per-day", description = "Event and access files per day.")
  Integer filesPerDay;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: audience.paths.raw).")
  Path out;

  @Override
  public Integer call() throws Exception {
    GeneratorSettings settings = settings(options.config());
    long start = System.nanoTime();
    GenerationSummary summary = Generator.generate(settings);
    System.out.print(summary.describe());
    System.out.printf(
        "  written to %s in %.1f s%n", settings.out(), (System.nanoTime() - start) / 1e9);
    return 0;
  }

  GeneratorSettings settings(Config config) {
    return Settings.read(
        config,
        c ->
            new GeneratorSettings(
                users != null ? users : c.getInt("audience.generate.users"),
                days != null ? days : c.getInt("audience.generate.days"),
                JobOptions.parse(
                    "--start-date",
                    startDate != null ? startDate : c.getString("audience.generate.start-date")),
                seed != null ? seed : c.getLong("audience.generate.seed"),
                badFraction != null ? badFraction : c.getDouble("audience.generate.bad-fraction"),
                out != null ? out : localRaw(c.getString("audience.paths.raw")),
                segmentOverlap != null
                    ? segmentOverlap
                    : c.getDouble("audience.generate.segment-overlap"),
                historyMonths != null
                    ? historyMonths
                    : c.getInt("audience.generate.history-months"),
                filesPerDay != null ? filesPerDay : c.getInt("audience.generate.files-per-day")));
  }

  /**
   * The generator writes local files: an s3a:// raw location would become a local folder named
   * "s3a:".
   */
  private static Path localRaw(String raw) {
    if (raw.contains("://")) {
      throw Errors.cannot(
          "generate data into " + raw,
          "the generator writes local files only",
          "Give --out a local folder, then upload it (e.g. aws s3 sync <folder> " + raw + ")");
    }
    return Path.of(raw);
  }
}
