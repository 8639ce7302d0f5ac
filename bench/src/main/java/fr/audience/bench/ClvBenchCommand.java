package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.clv.ClvSettings;
import fr.audience.core.SparkSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    header = "Time the CLV fit and scoring at each number of customers.",
    description =
        "Simulate buyers from the BG/NBD and Gamma-Gamma models, scale them to each size and time, "
            + "audience.bench.runs times each, the fit (grouping by (x, t_x, T) in Spark, then maximum likelihood) "
            + "and the scoring of every customer, on a local Spark using every core. No lakehouse needed. "
            + "Writes the figures and the fit time's growth between sizes to the report's clv section.")
public final class ClvBenchCommand implements Callable<Integer> {
  private static final int WINDOW_DAYS = 730;
  private static final long SEED = 20050101L;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100000,1000000",
      paramLabel = "N[,N...]",
      description = "Numbers of customers to time, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Mixin RunsOptions runs;

  @Option(
      names = "--template",
      defaultValue = "20000",
      paramLabel = "N",
      description =
          "Buyers simulated from the models, then copied up to each size (default: ${DEFAULT-VALUE}).")
  int templateBuyers;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    BenchSettings bench = BenchSettings.from(options.config(List.of()));
    int runsPerSize = runs.perSize(bench);
    List<Long> ordered = sizes.stream().sorted().toList();
    runs.check(
        "clv", ordered, templateBuyers > 0, "--runs, --template and every size must be positive");
    ScratchLakehouse scratch = ScratchLakehouse.emptied(bench, "clv");
    int cores = scratch.cores();
    Config config = options.config(scratch.layers());
    ClvSettings settings = ClvSettings.from(config);

    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.otherProcessesLoad()));
    List<ClvReport.Size> measured = new ArrayList<>();
    try (SparkSession spark = SparkSessions.create("bench-clv", settings.lakehouse())) {
      Dataset<Row> template =
          ClvTemplate.toDataset(
                  spark,
                  ClvTemplate.simulate(ClvTemplate.Model.CDNOW, templateBuyers, WINDOW_DAYS, SEED),
                  settings.unitDays())
              .cache();
      System.out.printf("Template: %,d simulated buyers%n", template.count());
      ClvBenchmark.Timing warmUp =
          ClvBenchmark.run(spark, template, ordered.get(0), settings, SEED);
      System.out.printf("  warm-up (not recorded): %s%n", warmUp);
      long seed = SEED;
      for (long size : ordered) {
        List<ClvBenchmark.Timing> timings = new ArrayList<>();
        for (int run = 1; run <= runsPerSize; run++) {
          ClvBenchmark.Timing t = ClvBenchmark.run(spark, template, size, settings, ++seed);
          timings.add(t);
          loads.add(Machine.otherProcessesLoad());
          System.out.printf(
              "  %,d customers, run %d: %,d groups, grouping %.2f s, maximum likelihood %.2f s,"
                  + " scoring %.2f s (load %.1f)%n",
              size,
              run,
              t.groups(),
              t.groupSeconds(),
              t.mleSeconds(),
              t.scoreSeconds(),
              loads.get(loads.size() - 1));
        }
        measured.add(new ClvReport.Size(size, timings));
      }
      ClvReport.Result result =
          new ClvReport.Result(
              started,
              Machine.current(),
              spark.version(),
              cores,
              templateBuyers,
              settings.rfmGridDays(),
              settings.timeUnit(),
              loads,
              measured);
      options.writeSection("clv", ClvReport.render(result));
      System.out.printf(
          "%nFit time growth %,d -> %,d customers: x%.2f. Written to %s%n",
          ordered.get(0),
          ordered.get(ordered.size() - 1),
          ClvReport.growth(
              measured.get(0), measured.get(measured.size() - 1), ClvBenchmark.Timing::fitSeconds),
          options.report());
    }
    return 0;
  }
}
