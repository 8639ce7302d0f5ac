package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.JobOptions;
import fr.audience.core.Settings;
import fr.audience.generate.GeneratorSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Time ingest against a single-thread gunzip and Jackson parse.",
    description =
        "Generate (or reuse) one day of at least audience.bench.ingest-min-bytes of raw JSON under "
            + "audience.bench.out, then time, audience.bench.runs times each, a single-thread Java baseline "
            + "(gunzip + Jackson streaming parse) and the ingest job into a scratch lakehouse on every core. "
            + "Writes the figures, their ratio and where Spark's time goes to the report's ingest section.")
public final class IngestBenchCommand implements Callable<Integer> {
  @Option(
      names = "--users",
      defaultValue = "240000",
      description =
          "Readers simulated for the benchmark day (~5 KB of JSON each; default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--files-per-day",
      defaultValue = "8",
      description = "Gzip files of the day (default: ${DEFAULT-VALUE}).")
  int filesPerDay;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    Config config = options.config(List.of());
    BenchSettings bench = BenchSettings.from(config);
    GeneratorSettings generator =
        generatorSettings(config, bench.out().resolve("ingest").resolve("raw"));
    IngestResult result = IngestBenchmark.run(bench, generator, options::config);
    options.writeSection("ingest", IngestReport.render(result));
    System.out.printf(
        "%nRatio Spark per core / baseline: %.2f. Written to %s%n",
        result.ratioPerCore(), options.report());
    return 0;
  }

  private GeneratorSettings generatorSettings(Config config, Path out) {
    return Settings.read(
        config,
        c ->
            new GeneratorSettings(
                users,
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
