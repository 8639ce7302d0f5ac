package fr.audience.bench;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Tables;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import fr.audience.segments.ModelStore;
import fr.audience.segments.SegmentAssignJob;
import fr.audience.segments.SegmentMetrics;
import fr.audience.segments.SegmentModel;
import fr.audience.segments.SegmentScoring;
import fr.audience.segments.SegmentSettings;
import fr.audience.segments.SegmentTrainer;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Times the segment model's real training ({@link SegmentTrainer}: read gold.user_features, fit the
 * MLlib pipeline, save, register) and assignment ({@link SegmentAssignJob}: score every user, write
 * gold.segments and gold.segment_profiles) in a scratch lakehouse, with each phase's memory peaks.
 */
public final class SegmentBenchmark {
  /**
   * One timed phase: wall seconds, memory peaks, and k-means iterations where the phase reports
   * them (else 0).
   */
  public record Run(double seconds, MemoryProbe.Peak peak, int iterations) {}

  /**
   * One training with k chosen over the configured range: which k won, among how many candidates.
   */
  public record SearchRun(Run run, int chosenK, int candidates, double bestScore) {}

  private final SparkSession spark;
  private final SegmentSettings fixedK;
  private final SegmentSettings searchK;
  private final LocalDate date;
  private final MemoryProbe probe;

  /** The bare fits' input for the users loaded last (see {@link #preparedVectors}). */
  private Dataset<Row> vectors;

  /**
   * {@code fixedK} and {@code searchK} differ only in their k range; both point at the scratch
   * lakehouse. Every size is written to, trained and assigned for the same {@code date}, so no
   * training finds a previous model (first training: id matching and changed share not timed).
   */
  public SegmentBenchmark(
      SparkSession spark, SegmentSettings fixedK, SegmentSettings searchK, LocalDate date) {
    this.spark = spark;
    this.fixedK = fixedK;
    this.searchK = searchK;
    this.date = date;
    this.probe = new MemoryProbe(spark);
  }

  /**
   * Replaces gold.user_features as of the date by {@code users} synthetic rows; returns seconds.
   */
  public double load(List<SegmentBenchData.Profile> profiles, long users, long seed) {
    vectors = null;
    int partitions = Math.max(Runtime.getRuntime().availableProcessors(), (int) (users / 250_000));
    long start = System.nanoTime();
    spark.sparkContext().setJobDescription("bench segments: write " + users + " synthetic users");
    Tables.replace(
        spark,
        fixedK.lakehouse(),
        FeatureTables.USER_FEATURES,
        SegmentBenchData.rows(spark, profiles, users, date, seed, partitions),
        functions.col(FeatureTables.AS_OF_DATE).equalTo(functions.lit(Date.valueOf(date))));
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Training with k fixed (k-min = k-max): one candidate scored by silhouette, then the final fit.
   */
  public Run trainFixedK() {
    return timed(() -> new SegmentTrainer(fixedK).train(spark, date)).run();
  }

  /** Training with k chosen over the configured k-min .. k-max. */
  public SearchRun trainSearchingK() {
    Timed<SegmentMetrics> t = timed(() -> new SegmentTrainer(searchK).train(spark, date));
    SegmentMetrics m = t.value();
    double best =
        m.candidates().stream()
            .filter(c -> c.k() == m.k())
            .findFirst()
            .map(SegmentMetrics.Candidate::score)
            .orElse(Double.NaN);
    return new SearchRun(t.run(), m.k(), m.candidates().size(), best);
  }

  /**
   * The training floor: one bare MLlib fit of the configured clusterer (k-means here) with k, the
   * seed, the iterations and the tolerance of {@code settings}, as training builds it ({@link
   * SegmentModel#clusterer}), on the features the trained model's preprocessing gives, computed
   * beforehand (not timed) into a local checkpoint. The fit starts from those vectors and, as MLlib
   * does with input it finds uncached, caches them with their norms for its iterations. It leaves
   * out reading the table, the preprocessing, the silhouette, saving and registering.
   */
  public Run bareFit(int k) {
    Dataset<Row> vectors = preparedVectors();
    spark.sparkContext().setJobDescription("bench segments: bare k-means fit, k = " + k);
    Estimator<?> clusterer = SegmentModel.clusterer(fixedK, k);
    Timed<Model<?>> t = timed(() -> clusterer.fit(vectors));
    return new Run(t.run().seconds(), t.run().peak(), SegmentModel.summary(t.value()).numIter());
  }

  /**
   * What any training must do before its fits, timed alone: read the features as training reads
   * them, fit the model's preprocessing, compute every user's vector once (cached, then dropped).
   * With the bare fit it bounds how close to the bare fit a training can get.
   */
  public Run inputs() {
    return timed(
            () -> {
              Dataset<Row> users =
                  SegmentScoring.usersAt(spark, fixedK, date, "benchmark inputs")
                      .persist(StorageLevel.MEMORY_AND_DISK());
              PipelineModel prep = SegmentModel.fitPreprocessing(users, fixedK);
              spark.sparkContext().setJobDescription("bench segments: the inputs' vectors");
              Dataset<Row> vectors =
                  prep.transform(users)
                      .select(SegmentModel.FEATURES)
                      .persist(StorageLevel.MEMORY_AND_DISK());
              long n = vectors.count();
              vectors.unpersist();
              users.unpersist();
              return n;
            })
        .run();
  }

  /** The bare fits a k search needs: one per candidate k, summed. */
  public Run bareFits(int kMin, int kMax) {
    double seconds = 0;
    int iterations = 0;
    MemoryProbe.Peak peak = null;
    for (int k = kMin; k <= kMax; k++) {
      Run run = bareFit(k);
      seconds += run.seconds();
      iterations += run.iterations();
      peak = peak == null ? run.peak() : peak.max(run.peak());
    }
    return new Run(seconds, peak, iterations);
  }

  /**
   * The assignment floor: the trained model's bare {@code transform} of the same users, its user
   * ids and clusters written as a Delta table by path (no catalog, no ids, distances or profiles).
   */
  public Run bareAssign() {
    PipelineModel model = trainedModel();
    Dataset<Row> users = SegmentScoring.usersAt(spark, fixedK, date, "benchmark assignment");
    String path = fixedK.lakehouse().lakehouse() + "/_bench_bare_assign";
    spark.sparkContext().setJobDescription("bench segments: bare transform and Delta write");
    return timed(
            () -> {
              model
                  .transform(users)
                  .select(EventFields.USER_ID, SegmentModel.CLUSTER)
                  .write()
                  .format("delta")
                  .mode("overwrite")
                  .save(path);
              return path;
            })
        .run();
  }

  private PipelineModel trainedModel() {
    return ModelStore.loadModel(fixedK.modelDir(new SegmentTrainer(fixedK).version(date)));
  }

  /** The current size's users through the trained model's preprocessing, checkpointed once. */
  private Dataset<Row> preparedVectors() {
    if (vectors == null) {
      PipelineModel prep = (PipelineModel) trainedModel().stages()[0];
      spark.sparkContext().setJobDescription("bench segments: prepare the bare fits' vectors");
      vectors =
          prep.transform(SegmentScoring.usersAt(spark, fixedK, date, "benchmark k-means"))
              .select(SegmentModel.FEATURES)
              .localCheckpoint(true);
    }
    return vectors;
  }

  /**
   * The segment assign job for the date, recorded in the scratch ops.job_runs as the command does.
   */
  public Run assign() {
    return timed(
            () ->
                DailyJob.runRecorded(
                    spark,
                    fixedK.lakehouse(),
                    new SegmentAssignJob(fixedK, true),
                    DateRange.of(date)))
        .run();
  }

  private record Timed<T>(T value, Run run) {}

  private <T> Timed<T> timed(Supplier<T> phase) {
    probe.start();
    long start = System.nanoTime();
    T value = phase.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Timed<>(value, new Run(seconds, probe.stop(), 0));
  }
}
