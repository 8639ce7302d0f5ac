package fr.audience.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.churn.ChurnSettings;
import fr.audience.churn.ChurnTrainer;
import fr.audience.core.SparkSessions;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
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
   * One run at one size. The baselines are measured on the same cached rows in the same run: one
   * plain MLlib logistic regression fit (the features assembled as they are, default settings) and
   * the chosen model's bare transform (its probability column only, no band, drivers or revenue).
   */
  private record Timing(
      double trainSeconds,
      double plainFitSeconds,
      double scoreSeconds,
      double plainScoreSeconds,
      double auc) {}

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
      Timing warmUp =
          measure(spark, settings, trainer, snapshots, Math.max(1000, ordered.get(0) / 50), SEED);
      System.out.printf("  warm-up (not recorded): %s%n", warmUp);
      long seed = SEED;
      for (long size : ordered) {
        int n = runs.at(bench, size == ordered.get(ordered.size() - 1));
        List<Double> train = new ArrayList<>();
        List<Double> score = new ArrayList<>();
        List<Double> plainFit = new ArrayList<>();
        List<Double> plainScore = new ArrayList<>();
        double auc = 0;
        for (int run = 1; run <= n; run++) {
          Timing t = measure(spark, settings, trainer, snapshots, size, ++seed);
          train.add(t.trainSeconds());
          score.add(t.scoreSeconds());
          plainFit.add(t.plainFitSeconds());
          plainScore.add(t.plainScoreSeconds());
          auc = t.auc();
          loads.add(Machine.otherProcessesLoad());
          System.out.printf(
              "  %,d subscribers, run %d: training %.1f s (plain fit %.1f s), scoring %.1f s (plain transform %.1f s), "
                  + "validation ROC AUC %.3f (load %.1f)%n",
              size,
              run,
              t.trainSeconds(),
              t.plainFitSeconds(),
              t.scoreSeconds(),
              t.plainScoreSeconds(),
              t.auc(),
              loads.get(loads.size() - 1));
        }
        Stats tr = Stats.of(train);
        Stats sc = Stats.of(score);
        Stats pf = Stats.of(plainFit);
        Stats ps = Stats.of(plainScore);
        rows.append(
            String.format(
                Locale.ROOT,
                "| %,d | %d | %.1f (%.1f-%.1f) | %.1f | x%.1f | %.1f (%.1f-%.1f) | %.1f | x%.1f | %,.0f | %.3f |%n",
                size,
                n,
                tr.median(),
                tr.min(),
                tr.max(),
                pf.median(),
                tr.median() / pf.median(),
                sc.median(),
                sc.min(),
                sc.max(),
                ps.median(),
                sc.median() / ps.median(),
                size / sc.median(),
                auc));
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

            Rows are synthetic feature rows drawn like the generator's subscribers (plan, per-period cancel
            probability from a logit-normal around the plan's mean, activity falling with that probability as in
            the generator, the other features random), spread over the %d snapshots of a training run (%d for
            training, %d for validation). **Training** is `ChurnTrainer.fit` on N such rows: every candidate of
            the grid (%d logistic regressions, %d gradient-boosted trees of %d trees), each evaluated on the
            validation snapshot, then the chosen model's metrics. **Scoring** is N active subscribers through the
            chosen model: probability, risk band, three worded drivers and revenue at risk, written to a no-op
            sink (the Delta write of gold.churn_scores is not included). Baselines, measured in the same runs
            on the same cached rows: **plain fit** = one MLlib `LogisticRegression.fit` with default settings on
            the features assembled as they are (the cost of a single model, against the whole grid, the refits
            and the metrics); **plain transform** = the chosen model's bare transform, its probability column
            only. Median (min-max) seconds; ratios are median over median.

            | subscribers | runs | training s | plain fit s | training / plain fit | scoring s | plain transform s | scoring / plain transform | scored per s | validation ROC AUC |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
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
                settings.lrRegParams().size(),
                settings.gbtMaxDepths().size(),
                settings.gbtMaxIterations(),
                rows);
        options.writeSection("churn", body);
      }
      System.out.println("Written to " + options.report());
    }
    return 0;
  }

  private static Timing measure(
      SparkSession spark,
      ChurnSettings settings,
      ChurnTrainer trainer,
      List<LocalDate> snapshots,
      long size,
      long seed) {
    Dataset<Row> rows =
        synthetic(spark, settings, snapshots, size, seed).persist(StorageLevel.MEMORY_AND_DISK());
    rows.count();
    long t0 = System.nanoTime();
    ChurnTrainer.Fitted fitted = trainer.fit(rows, snapshots, DATE, false);
    long t1 = System.nanoTime();
    Dataset<Row> subscribers =
        synthetic(spark, settings, List.of(DATE), size, seed + 1)
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
        (t5 - t4) / 1e9,
        (t3 - t2) / 1e9,
        (t4 - t3) / 1e9,
        fitted.metrics().rocAuc());
  }

  /**
   * {@code size} feature rows spread evenly over the snapshots, with a label drawn from each row's
   * probability.
   */
  static Dataset<Row> synthetic(
      SparkSession spark, ChurnSettings settings, List<LocalDate> snapshots, long size, long seed) {
    Column u = rand(seed);
    Column plan =
        when(u.lt(0.6), lit("digital")).when(u.lt(0.85), lit("print")).otherwise(lit("bundle"));
    Column meanLogit =
        when(plan.equalTo("digital"), lit(-1.8))
            .when(plan.equalTo("print"), lit(-2.6))
            .otherwise(lit(-2.9));
    Dataset<Row> base =
        spark
            .range(size)
            .toDF("id")
            .withColumn("subscription_plan", plan)
            .withColumn("_logit", meanLogit.plus(randn(seed + 1).multiply(1.4)))
            .withColumn("_engagement", exp(col("_logit").minus(meanLogit).multiply(-0.5)));
    Column activeProb =
        least(
            lit(0.97),
            col("_engagement").multiply(0.5).multiply(exp(randn(seed + 2).multiply(0.25))));
    Column[] snapshotDates =
        snapshots.stream().map(d -> lit(Date.valueOf(d))).toArray(Column[]::new);
    Dataset<Row> out =
        base.withColumn("user_id", col("id").cast("string"))
            .withColumn(
                "as_of_date",
                org.apache
                    .spark
                    .sql
                    .functions
                    .array(snapshotDates)
                    .getItem(col("id").mod(snapshots.size()).cast("int")))
            .withColumn("_theta", lit(1.0).divide(lit(1.0).plus(exp(col("_logit").multiply(-1)))))
            .withColumn(
                "label", when(rand(seed + 3).lt(col("_theta")), lit(1.0)).otherwise(lit(0.0)))
            .withColumn("true_probability", col("_theta"))
            .withColumn("subscription_status", lit("active"))
            .withColumn(
                "subscription_monthly_price_eur",
                when(plan.equalTo("digital"), lit(9.99))
                    .when(plan.equalTo("print"), lit(29.9))
                    .otherwise(lit(34.9)));
    int k = 10;
    for (String f : settings.features()) {
      if (f.equals("subscription_monthly_price_eur")) {
        continue;
      }
      Column value =
          switch (f) {
            case "active_days" -> floor(activeProb.multiply(settings.windowDays()));
            case "recency_days" -> floor(lit(1.0).divide(activeProb)).cast("int");
            case "visits_per_week" ->
                activeProb
                    .multiply(7)
                    .multiply(org.apache.spark.sql.functions.sqrt(col("_engagement")));
            case "subscription_tenure_days" -> floor(rand(seed + k).multiply(720)).plus(1);
            default -> rand(seed + k);
          };
      out = out.withColumn(f, value);
      k++;
    }
    return out.drop("id", "_logit", "_engagement", "_theta");
  }
}
