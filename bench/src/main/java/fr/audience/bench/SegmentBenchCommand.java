package fr.audience.bench;

import fr.audience.core.SparkSessions;
import fr.audience.segments.SegmentSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "segments",
    mixinStandardHelpOptions = true,
    header = "Time segment training and assignment, with memory peaks.",
    description =
        "Write synthetic gold.user_features rows drawn from planted reader profiles for each size into a "
            + "scratch lakehouse, then time, audience.bench.runs times each, the segment training (fixed k, and "
            + "the automatic k search at --search-sizes) against the bare MLlib k-means fits it needs, and the segment "
            + "assign job against a bare transform and Delta write, with a fixed number of iterations (tolerance 0) "
            + "and each phase's JVM heap and Spark execution memory peaks. Writes the report's segments section.")
public final class SegmentBenchCommand implements Callable<Integer> {
  private static final long SEED = 20261126L;
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100000,1000000",
      paramLabel = "N[,N...]",
      description = "Numbers of users to time, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Mixin LargestRunsOptions runs;

  @Option(
      names = "--search-sizes",
      split = ",",
      defaultValue = "100000",
      paramLabel = "N[,N...]",
      description =
          "Sizes where the automatic k search over k-min..k-max is timed, once (default: ${DEFAULT-VALUE};"
              + " it costs about one training per candidate k).")
  List<Long> searchSizes;

  @Option(
      names = "--profiles",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "Reader profiles planted in the synthetic users, 2..9 (default: ${DEFAULT-VALUE}).")
  int profiles;

  @Option(
      names = "--k",
      paramLabel = "N",
      description = "Fixed k of the timed trainings (default: --profiles).")
  Integer k;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "k-means iterations of every timed fit, run to the end (tolerance 0; default: ${DEFAULT-VALUE}).")
  int iterations;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    BenchSettings bench = BenchSettings.from(options.config(List.of()));
    int fixedK = k == null ? profiles : k;
    List<Long> ordered = sizes.stream().sorted().toList();
    runs.check(
        "segments",
        ordered,
        fixedK >= 2 && profiles >= 2 && profiles <= 9 && iterations >= 1,
        "--runs, --runs-at-largest, --iterations and every size must be positive, --k at least 2,"
            + " --profiles 2..9");
    ScratchLakehouse scratch = ScratchLakehouse.emptied(bench, "segments");
    int cores = scratch.cores();
    String tolerance = "audience.segments.tolerance=0";
    String maxIterations = "audience.segments.max-iterations=" + iterations;
    SegmentSettings search =
        SegmentSettings.from(options.config(scratch.layersWith(tolerance, maxIterations)));
    SegmentSettings fixed =
        SegmentSettings.from(
            options.config(
                scratch.layersWith(
                    tolerance,
                    maxIterations,
                    "audience.segments.k-min=" + fixedK,
                    "audience.segments.k-max=" + fixedK)));

    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.otherProcessesLoad()));
    List<SegmentReport.Size> measured = new ArrayList<>();
    List<SegmentBenchData.Profile> planted = SegmentBenchData.plant(profiles, SEED);
    try (SparkSession spark = SparkSessions.create("bench-segments", fixed.lakehouse())) {
      SegmentBenchmark b = new SegmentBenchmark(spark, fixed, search, DATE);
      for (long size : ordered) {
        double loadSeconds = b.load(planted, size, SEED + size);
        System.out.printf("%,d synthetic users written in %.1f s%n", size, loadSeconds);
        if (size == ordered.get(0)) {
          b.trainFixedK();
          b.assign();
          System.out.println("  warm-up done (not recorded)");
        }
        int n = runs.at(bench, size == ordered.get(ordered.size() - 1) && ordered.size() > 1);
        List<SegmentBenchmark.Run> train = new ArrayList<>();
        List<SegmentBenchmark.Run> bare = new ArrayList<>();
        List<SegmentBenchmark.Run> inputs = new ArrayList<>();
        List<SegmentBenchmark.Run> assign = new ArrayList<>();
        List<SegmentBenchmark.Run> bareAssign = new ArrayList<>();
        for (int run = 1; run <= n; run++) {
          train.add(b.trainFixedK());
          bare.add(b.bareFit(fixedK));
          inputs.add(b.inputs());
          assign.add(b.assign());
          bareAssign.add(b.bareAssign());
          loads.add(Machine.otherProcessesLoad());
          System.out.printf(
              Locale.ROOT,
              "  %,d users, run %d: train %.1f s, bare k-means fit %.1f s (%d iterations),"
                  + " inputs %.1f s, assign %.1f s, bare transform and write %.1f s; heap peaks %.0f / %.0f / %.0f MB"
                  + " (load %.1f)%n",
              size,
              run,
              last(train).seconds(),
              last(bare).seconds(),
              last(bare).iterations(),
              last(inputs).seconds(),
              last(assign).seconds(),
              last(bareAssign).seconds(),
              last(train).peak().heapBytes() / 1e6,
              last(bare).peak().heapBytes() / 1e6,
              last(assign).peak().heapBytes() / 1e6,
              loads.get(loads.size() - 1));
        }
        List<SegmentBenchmark.SearchRun> searched = new ArrayList<>();
        List<SegmentBenchmark.Run> searchFloor = new ArrayList<>();
        if (searchSizes.contains(size)) {
          SegmentBenchmark.SearchRun s = b.trainSearchingK();
          searched.add(s);
          searchFloor.add(b.bareFits(search.kMin(), search.kMax()));
          loads.add(Machine.otherProcessesLoad());
          System.out.printf(
              Locale.ROOT,
              "  search over %d candidates: %.1f s, k = %d (silhouette %.3f), their bare fits %.1f s,"
                  + " heap peak %.0f MB (load %.1f)%n",
              s.candidates(),
              s.run().seconds(),
              s.chosenK(),
              s.bestScore(),
              last(searchFloor).seconds(),
              s.run().peak().heapBytes() / 1e6,
              loads.get(loads.size() - 1));
        }
        measured.add(
            new SegmentReport.Size(
                size, loadSeconds, train, bare, inputs, assign, bareAssign, searched, searchFloor));
        // Written after each size, so a run stopped during the long largest size keeps the others'
        // figures.
        SegmentReport.Result result =
            new SegmentReport.Result(
                started,
                Machine.current(),
                spark.version(),
                cores,
                fixed.algorithm().configName,
                profiles,
                fixedK,
                search.kMin(),
                search.kMax(),
                fixed.maxIterations(),
                fixed.scoreSampleSize(),
                List.copyOf(loads),
                List.copyOf(measured),
                ordered.subList(measured.size(), ordered.size()));
        options.writeSection("segments", SegmentReport.render(result));
        System.out.printf("Written to %s%n", options.report());
      }
    }
    return 0;
  }

  private static SegmentBenchmark.Run last(List<SegmentBenchmark.Run> runs) {
    return runs.get(runs.size() - 1);
  }
}
