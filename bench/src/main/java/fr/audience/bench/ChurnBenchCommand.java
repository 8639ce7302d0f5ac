package fr.audience.bench;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import fr.audience.churn.ChurnMetrics;
import fr.audience.churn.ChurnModel;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.churn.ChurnSettings;
import fr.audience.churn.ChurnTrainer;
import fr.audience.churn.SyntheticChurnRows;
import fr.audience.core.SparkSessions;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "churn",
    mixinStandardHelpOptions = true,
    header = "Time churn training and scoring at each number of subscribers.",
    description =
        "Time the churn model's training (every candidate of the grid, validation metrics) and the "
            + "scoring of every subscriber (probability, band, drivers, revenue at risk) on synthetic feature rows "
            + "drawn like the generator's subscribers, at each size, on a local Spark using every core. "
            + "Writes the figures to the report's churn section.")
public final class ChurnBenchCommand implements Callable<Integer> {
  private static final long SEED = 20260401L;
  private static final LocalDate DATE = LocalDate.parse("2026-06-01");

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100000,1000000",
      paramLabel = "N[,N...]",
      description = "Numbers of subscribers to time (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Mixin LargestRunsOptions runs;

  @Mixin BenchOptions options;

  /**
   * One run at one size. The baselines are measured on the same rows in the same run: the bare fits
   * training needs (every candidate of the grid on the cached training vectors, one after the
   * other, then the chosen configuration, and the logistic regression of the drivers when trees are
   * chosen, on every cached vector), one plain MLlib logistic regression fit (the features
   * assembled as they are, default settings) and the chosen model's bare transform (its probability
   * column only, no band, drivers or revenue).
   */
  private record Timing(
      double trainSeconds,
      double gridSeconds,
      double refitSeconds,
      double plainFitSeconds,
      double scoreSeconds,
      double plainScoreSeconds,
      double auc,
      String chosen,
      MemoryProbe.Peak trainPeak,
      MemoryProbe.Peak floorPeak) {
    double floorSeconds() {
      return gridSeconds + refitSeconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings bench = BenchSettings.from(options.config(List.of()));
    List<Long> ordered = sizes.stream().sorted().toList();
    runs.check("churn", ordered, true, "--runs, --runs-at-largest and every size must be positive");
    ScratchLakehouse scratch = ScratchLakehouse.emptied(bench, "churn");
    int cores = scratch.cores();
    Config config = options.config(scratch.layers());
    ChurnSettings settings = ChurnSettings.from(config);
    ChurnTrainer trainer = new ChurnTrainer(settings);
    List<LocalDate> snapshots = trainer.snapshots(DATE);

    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.otherProcessesLoad()));
    StringBuilder rows = new StringBuilder();
    try (SparkSession spark = SparkSessions.create("bench-churn", settings.lakehouse())) {
      MemoryProbe probe = new MemoryProbe(spark);
      Timing warmUp =
          measure(
              spark,
              probe,
              settings,
              trainer,
              snapshots,
              Math.max(1000, ordered.get(0) / 50),
              SEED);
      System.out.printf("  warm-up (not recorded): %s%n", warmUp);
      long seed = SEED;
      for (long size : ordered) {
        int n = runs.at(bench, size == ordered.get(ordered.size() - 1));
        List<Timing> timings = new ArrayList<>();
        for (int run = 1; run <= n; run++) {
          Timing t = measure(spark, probe, settings, trainer, snapshots, size, ++seed);
          timings.add(t);
          loads.add(Machine.otherProcessesLoad());
          System.out.printf(
              "  %,d subscribers, run %d: training %.1f s (bare fits %.1f s: grid %.1f, refits %.1f;"
                  + " plain fit %.1f s), scoring %.1f s (plain transform %.1f s), %s chosen,"
                  + " validation ROC AUC %.3f (load %.1f)%n",
              size,
              run,
              t.trainSeconds(),
              t.floorSeconds(),
              t.gridSeconds(),
              t.refitSeconds(),
              t.plainFitSeconds(),
              t.scoreSeconds(),
              t.plainScoreSeconds(),
              t.chosen(),
              t.auc(),
              loads.get(loads.size() - 1));
        }
        Stats tr = stats(timings, Timing::trainSeconds);
        Stats fl = stats(timings, Timing::floorSeconds);
        Stats gr = stats(timings, Timing::gridSeconds);
        Stats rf = stats(timings, Timing::refitSeconds);
        Stats pf = stats(timings, Timing::plainFitSeconds);
        Stats sc = stats(timings, Timing::scoreSeconds);
        Stats ps = stats(timings, Timing::plainScoreSeconds);
        MemoryProbe.Peak trainPeak =
            timings.stream().map(Timing::trainPeak).reduce(MemoryProbe.Peak::max).orElseThrow();
        MemoryProbe.Peak floorPeak =
            timings.stream().map(Timing::floorPeak).reduce(MemoryProbe.Peak::max).orElseThrow();
        Timing last = timings.get(timings.size() - 1);
        rows.append(
            String.format(
                Locale.ROOT,
                "| %,d | %d | %s | %.1f (%.1f-%.1f) | %.1f (grid %.1f + refits %.1f) | **x%.2f** |"
                    + " %.1f | x%.1f | %.0f / %.0f | %.0f / %.0f | %.1f (%.1f-%.1f) | %.1f | x%.1f |"
                    + " %,.0f | %.3f |%n",
                size,
                n,
                last.chosen(),
                tr.median(),
                tr.min(),
                tr.max(),
                fl.median(),
                gr.median(),
                rf.median(),
                tr.median() / fl.median(),
                pf.median(),
                gr.median() / pf.median(),
                trainPeak.heapBytes() / 1e6,
                trainPeak.oldGenBytes() / 1e6,
                floorPeak.heapBytes() / 1e6,
                floorPeak.oldGenBytes() / 1e6,
                sc.median(),
                sc.min(),
                sc.max(),
                ps.median(),
                sc.median() / ps.median(),
                size / sc.median(),
                last.auc()));
        // Written after each size, so a long largest size leaves the smaller ones' figures behind.
        Machine machine = Machine.current();
        String body =
            String.format(
                Locale.ROOT,
                """
            ## Churn

            `bin/audience bench churn` (run %s, Spark %s, local[%d]): the churn model's training and scoring
            times. Machine: %s, %d cores, %.0f GB RAM, JVM heap %.1f GB, %s. Cores kept busy by other
            processes during the run (from /proc/stat, this JVM left out): %s (figures taken under load are upper
            bounds).

            Rows are synthetic feature rows drawn like the generator's subscribers (`SyntheticChurnRows`: plan,
            per-period cancel probability from a logit-normal around the plan's mean, activity falling with that
            probability as in the generator, the other features random), spread over the %d snapshots of a
            training run (%d for training, %d for validation), in %d partitions. **Training** is
            `ChurnTrainer.fit` on N such rows: the features prepared and assembled once, every candidate of the
            grid (%d logistic regressions, %d gradient-boosted trees of %d trees) fitted %d at a time and
            evaluated on the validation snapshot, the chosen configuration refitted on every snapshot (with the
            logistic regression that words the drivers when trees are chosen), the metrics and calibration on
            the driver. **Bare fits** (the floor, measured in the same run on the same rows, interleaved with
            training, after one unrecorded warm-up at a small size): the same MLlib estimators with the same
            parameters on the model inputs already assembled and cached (`ChurnModel.vectors`, not timed), one
            after the other: the scaler and every candidate on the training vectors (grid), then the chosen
            configuration, and the drivers' regression when trees are chosen, on every vector (refits). They
            leave out the feature preparation, the validation scoring, every metric and the calibration.
            **Plain fit** = one MLlib `LogisticRegression.fit` with default settings on the features assembled
            as they are: grid / plain fit is the cost of searching a grid of models rather than fitting one.
            **Scoring** is N active subscribers through the chosen model: probability, risk band, three worded
            drivers and revenue at risk, written to a no-op sink (the Delta write of gold.churn_scores is not
            included); **plain transform** = the chosen model's bare transform, its probability column only.
            Memory: JVM heap peak / old generation peak in MB (driver and executors share the JVM; the heap
            peak sums the pools' peaks, an upper bound), largest over the runs. Median (min-max) seconds;
            ratios are median over median. The goal is training at most 1.5 times its bare fits.

            | subscribers | runs | chosen | training s | bare fits s | training / bare fits | plain fit s | grid / plain fit | training heap / old MB | bare fits heap / old MB | scoring s | plain transform s | scoring / plain transform | scored per s | validation ROC AUC |
            |---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            %s""",
                started,
                spark.version(),
                cores,
                machine.cpu(),
                machine.cores(),
                machine.memoryGb(),
                machine.maxHeapGb(),
                machine.java(),
                loads.stream().map(l -> String.format(Locale.ROOT, "%.1f", l)).toList(),
                snapshots.size(),
                settings.trainSnapshots(),
                settings.validationSnapshots(),
                spark.sparkContext().defaultParallelism(),
                settings.lrRegParams().size(),
                settings.gbtMaxDepths().size(),
                settings.gbtMaxIterations(),
                settings.fitParallelism(),
                rows);
        options.writeSection("churn", body);
      }
      System.out.println("Written to " + options.report());
    }
    return 0;
  }

  private static Stats stats(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
    return Stats.of(timings.stream().map(t -> f.applyAsDouble(t)).toList());
  }

  private static Timing measure(
      SparkSession spark,
      MemoryProbe probe,
      ChurnSettings settings,
      ChurnTrainer trainer,
      List<LocalDate> snapshots,
      long size,
      long seed) {
    Dataset<Row> rows =
        SyntheticChurnRows.of(spark, settings, snapshots, size, seed)
            .persist(StorageLevel.MEMORY_AND_DISK());
    rows.count();
    probe.start();
    long t0 = System.nanoTime();
    ChurnTrainer.Fitted fitted = trainer.fit(rows, snapshots, DATE, false);
    long t1 = System.nanoTime();
    MemoryProbe.Peak trainPeak = probe.stop();
    ChurnMetrics m = fitted.metrics();

    // The floor: the same estimators on the model inputs already assembled and cached.
    Column lastTraining =
        col("as_of_date").leq(Date.valueOf(snapshots.get(settings.trainSnapshots() - 1)));
    Dataset<Row> vectors =
        ChurnModel.vectors(settings, rows)
            .select(col("label"), col("as_of_date"), col(ChurnModel.RAW_FEATURES));
    Dataset<Row> train =
        ChurnModel.withWeight(vectors.filter(lastTraining), m.validationPositiveWeight())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> all =
        ChurnModel.withWeight(vectors, m.positiveWeight()).persist(StorageLevel.MEMORY_AND_DISK());
    train.count();
    all.count();
    probe.start();
    long f0 = System.nanoTime();
    StandardScalerModel scaler = ChurnModel.scaler().fit(train);
    for (double reg : settings.lrRegParams()) {
      ChurnModel.logisticRegression(reg).fit(scaler.transform(train));
    }
    for (int depth : settings.gbtMaxDepths()) {
      ChurnModel.gbtClassifier(settings, depth).fit(train);
    }
    long f1 = System.nanoTime();
    double bestReg = settings.lrRegParams().get(0);
    double bestAuc = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < settings.lrRegParams().size(); i++) {
      if (m.candidates().get(i).rocAuc() > bestAuc) {
        bestAuc = m.candidates().get(i).rocAuc();
        bestReg = settings.lrRegParams().get(i);
      }
    }
    if (m.chosen().equals("gbt")) {
      int depth = Integer.parseInt(m.chosenParams().replaceAll(".*maxDepth=(\\d+).*", "$1"));
      ChurnModel.gbtClassifier(settings, depth).fit(all);
    }
    StandardScalerModel allScaler = ChurnModel.scaler().fit(all);
    ChurnModel.logisticRegression(bestReg).fit(allScaler.transform(all));
    long f2 = System.nanoTime();
    MemoryProbe.Peak floorPeak = probe.stop();
    train.unpersist();
    all.unpersist();

    Dataset<Row> subscribers =
        SyntheticChurnRows.of(spark, settings, List.of(DATE), size, seed + 1)
            .persist(StorageLevel.MEMORY_AND_DISK());
    subscribers.count();
    long t2 = System.nanoTime();
    new ChurnScoreJob(settings, true)
        .scores(
            subscribers,
            ChurnScoreJob.Loaded.of(fitted.model(), fitted.drivers(), fitted.metrics()),
            DATE,
            fitted.version())
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    long t3 = System.nanoTime();
    fitted
        .model()
        .transform(subscribers)
        .select("probability")
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    long t4 = System.nanoTime();
    new LogisticRegression()
        .fit(
            new VectorAssembler()
                .setInputCols(settings.features().toArray(String[]::new))
                .setOutputCol("features")
                .transform(rows));
    long t5 = System.nanoTime();
    rows.unpersist();
    subscribers.unpersist();
    return new Timing(
        (t1 - t0) / 1e9,
        (f1 - f0) / 1e9,
        (f2 - f1) / 1e9,
        (t5 - t4) / 1e9,
        (t3 - t2) / 1e9,
        (t4 - t3) / 1e9,
        m.rocAuc(),
        m.chosen(),
        trainPeak,
        floorPeak);
  }
}
