package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.ModelRegistry;
import fr.audience.core.RunCounts;
import fr.audience.features.FeatureTables;
import fr.audience.features.UserFeatures;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SilverTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the churn model for a date D: labelled snapshots s with s + horizon <= D (so every label
 * is known at D), the latest ones for validation and earlier ones for training; logistic regression
 * and gradient-boosted trees over a small grid each; the better validation ROC AUC is kept, then
 * refitted on every snapshot.
 *
 * <p>Validation replays training at the first validation snapshot V: the training snapshots end at
 * V - horizon, so every training label is known at V, as every label is known at D when the model
 * is used. Closer training snapshots would label the validation subscribers' own futures: a
 * subscriber who leaves between V and V + horizon is also a churner a week before V, and a model
 * that recognises subscribers from their near-identical features scores the validation snapshot far
 * above what any model can reach on a date it was not trained on.
 */
public final class ChurnTrainer implements fr.audience.core.ModelTrainer {
  public static final String NAME = "churn-train";
  public static final String MODEL = "churn";
  static final String TRUE_PROBABILITY = "true_probability";
  private static final String TRUTH = fr.audience.pipeline.Demo.TRUTH_USERS;
  private static final Logger LOG = LoggerFactory.getLogger(ChurnTrainer.class);

  private final ChurnSettings settings;

  public ChurnTrainer(ChurnSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String model() {
    return "churn model";
  }

  @Override
  public fr.audience.core.LakehouseSettings lakehouse() {
    return settings.lakehouse();
  }

  /**
   * Snapshot dates, oldest first: the training ones, step-days apart, the last of them horizon-days
   * before the first validation one; then the validation ones, step-days apart, the last at D -
   * horizon.
   */
  public List<LocalDate> snapshots(LocalDate date) {
    long step = settings.snapshotStepDays();
    LocalDate lastValidation = date.minusDays(settings.horizonDays());
    LocalDate firstValidation =
        lastValidation.minusDays((settings.validationSnapshots() - 1) * step);
    LocalDate lastTraining = firstValidation.minusDays(settings.horizonDays());
    List<LocalDate> out = new ArrayList<>();
    for (int i = settings.trainSnapshots() - 1; i >= 0; i--) {
      out.add(lastTraining.minusDays(i * step));
    }
    for (int i = settings.validationSnapshots() - 1; i >= 0; i--) {
      out.add(lastValidation.minusDays(i * step));
    }
    return out;
  }

  /**
   * Features as of each snapshot (same code as gold.user_features) joined to the labelled
   * population.
   */
  public Dataset<Row> labelledSnapshots(SparkSession spark, List<LocalDate> snapshots) {
    Dataset<Row> subscriptions = spark.table(SilverTables.SUBSCRIPTIONS.fullName());
    Dataset<Row> all = null;
    for (LocalDate s : snapshots) {
      Dataset<Row> features =
          UserFeatures.asOf(
              spark,
              spark.table(SilverTables.USER_DAILY.fullName()),
              spark.table(SilverTables.SESSIONS.fullName()),
              subscriptions,
              spark.table(SilverTables.TRANSACTIONS.fullName()),
              DateRange.of(s),
              settings.windowDays());
      all = all == null ? features : all.unionByName(features);
    }
    Dataset<Row> dates =
        spark
            .createDataset(
                snapshots.stream().map(Date::valueOf).toList(),
                org.apache.spark.sql.Encoders.DATE())
            .toDF(FeatureTables.AS_OF_DATE);
    return all.join(
        ChurnLabels.labelled(subscriptions, dates, settings.horizonDays()),
        new String[] {EventFields.USER_ID, FeatureTables.AS_OF_DATE});
  }

  public ChurnMetrics train(SparkSession spark, LocalDate date) {
    List<LocalDate> snapshots = snapshots(date);
    checkInputs(spark, date, snapshots);
    spark
        .sparkContext()
        .setJobDescription(NAME + " " + date + ": features and labels of " + snapshots);
    // Checkpointed, not only cached: the features' plan is large, and every iteration of every
    // candidate would otherwise ship it to its tasks (minutes of overhead on a few thousand rows).
    Dataset<Row> rows = withTruth(spark, labelledSnapshots(spark, snapshots)).localCheckpoint();
    try {
      Fitted fitted = fit(rows, snapshots, date, spark.catalog().tableExists(TRUTH));
      String dir = settings.modelDir(fitted.version());
      save(spark, dir, fitted.model(), fitted.drivers(), fitted.metrics());
      ModelRegistry.register(
          spark,
          settings.lakehouse(),
          new ModelRegistry.Entry(
              MODEL,
              fitted.version(),
              date,
              fitted.metrics().chosen(),
              fitted.metrics().toJson(),
              dir));
      return fitted.metrics();
    } finally {
      rows.unpersist();
    }
  }

  /**
   * The chosen model ending with its {@link ChurnProbability} stage (prior correction and
   * calibration), the logistic regression that words the drivers, and the metrics.json content.
   */
  public record Fitted(
      String version, PipelineModel model, PipelineModel drivers, ChurnMetrics metrics) {}

  /**
   * Fits every candidate on the training snapshots of labelled feature rows (label, as_of_date,
   * true_probability) and measures them on the validation snapshots.
   *
   * <p>The features are prepared and assembled once, cached, and every fit reads those vectors (the
   * logistic regressions share one scaler fitted on the training rows); candidates are fitted
   * {@code fit-parallelism} at a time. Each candidate's validation probabilities come back to the
   * driver in one collect, and every metric (ROC and PR AUC, lift, Brier, reliability, the Platt
   * maps) is computed there from those arrays.
   */
  public Fitted fit(
      Dataset<Row> rows, List<LocalDate> snapshots, LocalDate date, boolean withTruth) {
    List<LocalDate> trainDates = snapshots.subList(0, settings.trainSnapshots());
    List<LocalDate> validationDates =
        snapshots.subList(settings.trainSnapshots(), snapshots.size());
    Column inTraining =
        col(FeatureTables.AS_OF_DATE).leq(Date.valueOf(trainDates.get(trainDates.size() - 1)));
    Column inValidation = col(FeatureTables.AS_OF_DATE).geq(Date.valueOf(validationDates.get(0)));
    Column churned = col(ChurnLabels.LABEL).equalTo(1);
    SparkSession spark = rows.sparkSession();
    spark.sparkContext().setJobDescription(NAME + " " + date + ": model inputs of every row");
    Dataset<Row> vectors =
        ChurnModel.vectors(settings, rows)
            .select(
                col(EventFields.USER_ID),
                col(FeatureTables.AS_OF_DATE),
                col(ChurnLabels.LABEL),
                col(TRUE_PROBABILITY),
                ChurnCalibration.fold().as(FOLD),
                col(ChurnModel.RAW_FEATURES))
            .persist(StorageLevel.MEMORY_AND_DISK());
    ExecutorService pool = Executors.newFixedThreadPool(settings.fitParallelism());
    try {
      // One pass counts both sets and fills the cache.
      Row counts =
          vectors
              .agg(
                  count(when(inTraining, lit(1))),
                  count(when(inTraining.and(churned), lit(1))),
                  count(when(inValidation, lit(1))),
                  count(when(inValidation.and(churned), lit(1))))
              .first();
      long trainRows = counts.getLong(0);
      long positives = counts.getLong(1);
      long negatives = trainRows - positives;
      long valRows = counts.getLong(2);
      long valPositives = counts.getLong(3);
      if (positives == 0 || negatives == 0 || valPositives == 0 || valPositives == valRows) {
        throw Errors.cannot(
            "train the churn model for " + date,
            "the snapshots need churners and stayers in both the "
                + "training ("
                + positives
                + " of "
                + trainRows
                + " churned) and validation ("
                + valPositives
                + " of "
                + valRows
                + ") rows",
            "Train for a later date, with more history, or more audience.churn.train-snapshots");
      }
      double weight = ChurnModel.positiveWeight(positives, negatives, settings.balanceClasses());
      Dataset<Row> train = ChurnModel.withWeight(vectors.filter(inTraining), weight);
      Dataset<Row> validation = vectors.filter(inValidation);

      spark.sparkContext().setJobDescription(NAME + " " + date + ": scaler of the training rows");
      StandardScalerModel scaler = ChurnModel.scaler().fit(train);
      int lrs = settings.lrRegParams().size();
      List<Future<Candidate>> futures = new ArrayList<>();
      List<Callable<Candidate>> grid = new ArrayList<>();
      for (double reg : settings.lrRegParams()) {
        String params = "regParam=" + reg;
        grid.add(
            () ->
                evaluate(
                    ChurnModel.LOGISTIC,
                    params,
                    reg,
                    fitted(
                        date,
                        ChurnModel.LOGISTIC + " " + params,
                        () ->
                            new Transformer[] {
                              scaler,
                              ChurnModel.logisticRegression(reg).fit(scaler.transform(train))
                            }),
                    validation,
                    weight));
      }
      for (int depth : settings.gbtMaxDepths()) {
        String params = "maxDepth=" + depth + ",maxIter=" + settings.gbtMaxIterations();
        grid.add(
            () ->
                evaluate(
                    ChurnModel.GBT,
                    params,
                    depth,
                    fitted(
                        date,
                        ChurnModel.GBT + " " + params,
                        () ->
                            new Transformer[] {
                              ChurnModel.gbtClassifier(settings, depth).fit(train)
                            }),
                    validation,
                    weight));
      }
      // The longest fits first (the deepest trees, then shallower ones, then the regressions), so
      // the last fit to finish does not run alone for long.
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < grid.size(); i++) {
        order.add(i);
      }
      order.sort(
          Comparator.comparingInt(
              (Integer i) -> i < lrs ? 0 : -settings.gbtMaxDepths().get(i - lrs)));
      Future<?>[] byGrid = new Future<?>[grid.size()];
      for (int i : order) {
        byGrid[i] = pool.submit(grid.get(i));
      }
      List<ChurnMetrics.Candidate> candidates = new ArrayList<>();
      Candidate bestLr = null;
      Candidate bestGbt = null;
      for (int i = 0; i < grid.size(); i++) {
        Candidate c = (Candidate) await(byGrid[i]);
        candidates.add(c.describe());
        if (i < lrs) {
          bestLr = bestLr == null || c.auc > bestLr.auc ? c : bestLr;
        } else {
          bestGbt = bestGbt == null || c.auc > bestGbt.auc ? c : bestGbt;
        }
      }
      Candidate best = bestGbt.auc > bestLr.auc ? bestGbt : bestLr;
      Candidate other = best == bestLr ? bestGbt : bestLr;

      // The chosen configuration, and the logistic regression that words the drivers, refitted on
      // every snapshot (training and validation): the model that scores learns from labels up to
      // D - horizon. The training and validation rows are all the rows: the snapshots are one or
      // the other.
      long allPositives = positives + valPositives;
      long allRows = trainRows + valRows;
      double finalWeight =
          ChurnModel.positiveWeight(
              allPositives, allRows - allPositives, settings.balanceClasses());
      Dataset<Row> all = ChurnModel.withWeight(vectors, finalWeight);
      Future<Transformer[]> refit = pool.submit(() -> refitted(best, all, date));
      Candidate lr = bestLr;
      Future<Transformer[]> driversRefit =
          best == bestLr ? refit : pool.submit(() -> refitted(lr, all, date));

      String version = date.toString();
      Scores v = best.validation;
      // The map is fitted on every validation row (its intercept is set again for the refitted
      // model below); the metrics read probabilities calibrated by a map fitted on the other half
      // of the validation subscribers, so they stay held-out.
      ChurnCalibration validated =
          settings.calibrate()
              ? ChurnCalibration.fit(v.probability(), v.label())
              : ChurnCalibration.IDENTITY;
      double[] scored =
          settings.calibrate()
              ? ChurnCalibration.crossFitted(v.probability(), v.label(), v.fold())
              : v.probability();
      String chosenBecause =
          String.format(
              java.util.Locale.ROOT,
              "higher validation ROC AUC: %s (%s) %.4f against %s (%s) %.4f, the best of each"
                  + " family",
              best.algorithm,
              best.params,
              best.auc,
              other.algorithm,
              other.params,
              other.auc);
      // Ranking metrics read the uncalibrated probabilities: the saved map is one increasing
      // function, so the scores keep their order (the two cross-fitted maps would not rank the
      // halves together).
      double[] label = v.label();
      double rocAuc = best.auc;
      double prAuc = ChurnEvaluation.prAuc(v.probability(), label);
      double lift = ChurnEvaluation.liftTopDecile(v.probability(), label);
      double brier = ChurnEvaluation.brier(scored, label);
      double brierUncalibrated = ChurnEvaluation.brier(v.probability(), label);
      Double bayesAuc = null;
      Double trueBrier = null;
      Double brierOnTruthRows = null;
      Double aucOnTruthRows = null;
      Long truthRows = null;
      if (withTruth) {
        boolean[] known = new boolean[label.length];
        long n = 0;
        for (int i = 0; i < known.length; i++) {
          known[i] = !Double.isNaN(v.truth()[i]);
          n += known[i] ? 1 : 0;
        }
        double[] truth = ChurnEvaluation.where(v.truth(), known);
        double[] truthLabel = ChurnEvaluation.where(label, known);
        bayesAuc = ChurnEvaluation.rocAuc(truth, truthLabel);
        trueBrier = ChurnEvaluation.brier(truth, truthLabel);
        // The model's Brier on the same rows as true_brier (rows without a planted truth left
        // out).
        brierOnTruthRows = ChurnEvaluation.brier(ChurnEvaluation.where(scored, known), truthLabel);
        aucOnTruthRows =
            ChurnEvaluation.rocAuc(ChurnEvaluation.where(v.probability(), known), truthLabel);
        truthRows = n;
      }
      List<ChurnMetrics.Reliability> reliability = ChurnEvaluation.reliability(scored, label);

      Transformer[] finalStages = await(refit);
      ChurnCalibration calibration = validated;
      if (settings.calibrate()) {
        // The slope (the squeeze) comes from the held-out rows; the refitted model has learnt
        // every row's churn rate, so the intercept is set again to match it.
        spark
            .sparkContext()
            .setJobDescription(NAME + " " + date + ": refitted probabilities of every row");
        Scores refitted = Scores.of(finalStages, vectors, finalWeight);
        calibration = validated.recentred(refitted.probability(), refitted.label());
      }
      PipelineModel finalModel = ChurnModel.fromFeatureRows(settings, rows, finalStages);
      PipelineModel finalDrivers =
          best == bestLr
              ? finalModel
              : ChurnModel.fromFeatureRows(settings, rows, await(driversRefit));
      List<String> features = ChurnModel.inputs(settings);
      ChurnMetrics m =
          new ChurnMetrics(
              MODEL,
              version,
              date.toString(),
              best.algorithm,
              best.params,
              chosenBecause,
              rocAuc,
              prAuc,
              lift,
              brier,
              brierUncalibrated,
              bayesAuc,
              trueBrier,
              brierOnTruthRows,
              aucOnTruthRows,
              truthRows,
              reliability,
              calibration.describe(),
              validated.describe(),
              ChurnModel.importances(finalModel, features),
              candidates,
              trainDates.stream().map(LocalDate::toString).toList(),
              validationDates.stream().map(LocalDate::toString).toList(),
              trainRows,
              (double) positives / trainRows,
              valRows,
              (double) valPositives / valRows,
              weight,
              allRows,
              (double) allPositives / allRows,
              finalWeight,
              settings.horizonDays(),
              settings.windowDays(),
              features);
      LOG.info(
          "churn model {}: {} chosen, validation ROC AUC {} (logistic {}, gbt {}), Brier {}{}",
          version,
          best.algorithm,
          m.rocAuc(),
          bestLr.auc,
          bestGbt.auc,
          m.brier(),
          withTruth ? ", Bayes ROC AUC " + m.bayesAucRoc() + ", true Brier " + m.trueBrier() : "");
      // The saved model gives the calibrated probability itself: scoring needs no map from the
      // metrics.
      PipelineModel scoring =
          ChurnProbability.of(finalWeight, calibration).appendedTo(finalModel, rows);
      return new Fitted(version, scoring, finalDrivers, m);
    } finally {
      pool.shutdownNow();
      vectors.unpersist();
    }
  }

  @Override
  public RunCounts trainRecorded(SparkSession spark, LocalDate date) {
    return RunCounts.output(train(spark, date).trainRows());
  }

  /** Cross-fitting fold of a row in the cached vectors. */
  private static final String FOLD = "_fold";

  /**
   * Labels, folds, planted probabilities (NaN where none) and a model's prior-corrected churn
   * probabilities of some rows, in one collect.
   */
  private record Scores(double[] label, int[] fold, double[] truth, double[] probability) {
    static Scores of(Transformer[] stages, Dataset<Row> rows, double weight) {
      Dataset<Row> out = rows;
      for (Transformer t : stages) {
        out = t.transform(out);
      }
      List<Row> collected =
          out.select(
                  col(ChurnLabels.LABEL).cast("double"),
                  col(FOLD),
                  col(TRUE_PROBABILITY).cast("double"),
                  ChurnModel.probability(weight))
              .collectAsList();
      int n = collected.size();
      double[] label = new double[n];
      int[] fold = new int[n];
      double[] truth = new double[n];
      double[] probability = new double[n];
      for (int i = 0; i < n; i++) {
        Row r = collected.get(i);
        label[i] = r.getDouble(0);
        fold[i] = r.getInt(1);
        truth[i] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
        probability[i] = r.getDouble(3);
      }
      return new Scores(label, fold, truth, probability);
    }
  }

  /**
   * A fitted candidate: its configuration (hyper = regParam or maxDepth, what a refit needs) and
   * its validation scores.
   */
  private record Candidate(
      String algorithm, String params, double hyper, Scores validation, double auc) {
    ChurnMetrics.Candidate describe() {
      return new ChurnMetrics.Candidate(algorithm, params, auc);
    }
  }

  private Transformer[] fitted(
      LocalDate date, String what, java.util.function.Supplier<Transformer[]> fit) {
    SparkContext sc = SparkContext.getOrCreate();
    sc.setJobDescription(NAME + " " + date + ": fit " + what);
    return fit.get();
  }

  private Candidate evaluate(
      String algorithm,
      String params,
      double hyper,
      Transformer[] stages,
      Dataset<Row> validation,
      double weight) {
    Scores scores = Scores.of(stages, validation, weight);
    double auc = ChurnEvaluation.rocAuc(scores.probability(), scores.label());
    LOG.info("churn candidate {} {}: validation ROC AUC {}", algorithm, params, auc);
    return new Candidate(algorithm, params, hyper, scores, auc);
  }

  /** {@code c}'s configuration fitted on {@code all} (weighted) vectors. */
  private Transformer[] refitted(Candidate c, Dataset<Row> all, LocalDate date) {
    return fitted(
        date,
        "refit " + c.algorithm + " " + c.params,
        () -> {
          if (c.algorithm.equals(ChurnModel.GBT)) {
            return new Transformer[] {ChurnModel.gbtClassifier(settings, (int) c.hyper).fit(all)};
          }
          StandardScalerModel scaler = ChurnModel.scaler().fit(all);
          return new Transformer[] {
            scaler, ChurnModel.logisticRegression(c.hyper).fit(scaler.transform(all))
          };
        });
  }

  /** The value of a fit run on the pool; its failure rethrown as it was. */
  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a churn model fit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The generator's true probability where its truth is registered: each renewal date in [s, s +
   * horizon) is cancelled with the user's planted theta, so P = 1 - (1 - theta)^renewals.
   */
  private Dataset<Row> withTruth(SparkSession spark, Dataset<Row> rows) {
    if (!spark.catalog().tableExists(TRUTH)) {
      return rows.withColumn(TRUE_PROBABILITY, lit(null).cast("double"));
    }
    return rows.join(
            spark
                .table(TRUTH)
                .select(col(EventFields.USER_ID), col("churn_theta").cast("double").as("_theta")),
            new String[] {EventFields.USER_ID},
            "left")
        .withColumn(
            TRUE_PROBABILITY,
            lit(1.0).minus(pow(lit(1.0).minus(col("_theta")), renewalsInHorizon())))
        .drop("_theta");
  }

  private org.apache.spark.sql.Column renewalsInHorizon() {
    // days_to_renewal: the first renewal on or after s; then one every period.
    return when(col("days_to_renewal").isNull(), lit(0))
        .otherwise(
            greatest(
                lit(0),
                floor(
                        lit(settings.horizonDays() - 1)
                            .minus(col("days_to_renewal"))
                            .divide(col(ChurnLabels.PERIOD_DAYS)))
                    .plus(1)));
  }

  private void checkInputs(SparkSession spark, LocalDate date, List<LocalDate> snapshots) {
    for (var input :
        List.of(
            SilverTables.USER_DAILY,
            SilverTables.SESSIONS,
            SilverTables.SUBSCRIPTIONS,
            SilverTables.TRANSACTIONS)) {
      if (!spark.catalog().tableExists(input.fullName())) {
        throw Errors.inputMissing(
            "train the churn model for " + date,
            input.fullName(),
            SessionizeJob.NAME,
            DateRange.of(date.minusDays(1)));
      }
    }
    Row range =
        spark
            .table(SilverTables.USER_DAILY.fullName())
            .agg(
                org.apache.spark.sql.functions.min(EventFields.EVENT_DATE),
                org.apache.spark.sql.functions.max(EventFields.EVENT_DATE))
            .first();
    if (range.isNullAt(1) || range.getDate(1).toLocalDate().isBefore(date.minusDays(1))) {
      throw Errors.cannot(
          "train the churn model for " + date,
          "labels need silver data up to "
              + date.minusDays(1)
              + " but "
              + SilverTables.USER_DAILY.fullName()
              + " ends "
              + (range.isNullAt(1) ? "empty" : range.getDate(1)),
          "Run: bin/audience sessionize --date "
              + date.minusDays(1)
              + ", or train for an earlier date");
    }
    LocalDate first = range.getDate(0).toLocalDate();
    LocalDate needed = snapshots.get(0).minusDays(settings.windowDays());
    if (first.isAfter(needed)) {
      LOG.warn(
          "churn training for {}: silver data starts {}, so the features of the earliest snapshot {} cover "
              + "less than the {}-day window",
          date,
          first,
          snapshots.get(0),
          settings.windowDays());
    }
  }

  private static void save(
      SparkSession spark,
      String dir,
      PipelineModel model,
      PipelineModel drivers,
      ChurnMetrics metrics) {
    try {
      model.write().overwrite().save(dir + "/model");
      drivers.write().overwrite().save(dir + "/drivers");
      Path path = new Path(dir + "/metrics.json");
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(metrics.toJson().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.modelUnwritable("churn model", dir, e);
    }
  }
}
