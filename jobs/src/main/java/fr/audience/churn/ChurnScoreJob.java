package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.ModelRegistry;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily scoring: every subscriber active at D in gold.user_features gets a churn probability from
 * the latest churn model trained for D or before, its risk band, drivers and revenue at risk. In
 * the daily pipeline a date without any model yet is skipped with a log line; the churn score
 * command fails instead.
 */
public final class ChurnScoreJob implements DailyJob {
  public static final String NAME = "churn-score";
  private static final Logger LOG = LoggerFactory.getLogger(ChurnScoreJob.class);

  private final ChurnSettings settings;
  private final boolean modelRequired;

  public ChurnScoreJob(ChurnSettings settings, boolean modelRequired) {
    this.settings = settings;
    this.modelRequired = modelRequired;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    return RunCounts.output(
        ModelRegistry.scoreEachDate(
            spark,
            dates,
            ChurnTrainer.MODEL,
            "",
            modelRequired,
            NAME,
            "score churn",
            "churn",
            "churn train",
            LOG,
            (date, model) -> score(spark, date, model)));
  }

  private long score(SparkSession spark, LocalDate date, ModelRegistry.Entry entry) {
    spark.sparkContext().setJobDescription(NAME + " " + date + ": score with " + entry.version());
    Column slice = col(FeatureTables.AS_OF_DATE).equalTo(lit(Date.valueOf(date)));
    if (!spark.catalog().tableExists(FeatureTables.USER_FEATURES.fullName())
        || spark.table(FeatureTables.USER_FEATURES.fullName()).filter(slice).isEmpty()) {
      throw Errors.inputMissing(
          "score churn for " + date,
          FeatureTables.USER_FEATURES.fullName(),
          "has no row as of " + date,
          "features",
          DateRange.of(date));
    }
    Dataset<Row> subscribers =
        spark
            .table(FeatureTables.USER_FEATURES.fullName())
            .filter(slice.and(col("subscription_status").equalTo("active")));
    Tables.replace(
        spark,
        settings.lakehouse(),
        ChurnTables.CHURN_SCORES,
        scores(subscribers, loadModel(entry), date, entry.version()),
        slice);
    return spark.table(ChurnTables.CHURN_SCORES.fullName()).filter(slice).count();
  }

  /**
   * A saved model: the chosen pipeline, the logistic one whose contributions word the drivers, what
   * its metrics say scoring needs.
   *
   * @param legacyProbability for a model saved before it ended with a {@link ChurnProbability}
   *     stage, that stage rebuilt from its metrics (positive_weight, calibration) and applied after
   *     it; null for a current model
   */
  public record Loaded(
      PipelineModel model,
      ChurnProbability legacyProbability,
      PipelineModel drivers,
      List<String> inputs,
      int horizonDays) {

    /**
     * A model and its metrics; the probability stage is rebuilt from them only when the model lacks
     * it.
     */
    public static Loaded of(PipelineModel model, PipelineModel drivers, ChurnMetrics metrics) {
      ChurnProbability legacy =
          ChurnProbability.in(model).isPresent()
              ? null
              : ChurnProbability.of(metrics.positiveWeight(), metrics.scoringCalibration());
      return new Loaded(model, legacy, drivers, metrics.features(), metrics.horizonDays());
    }

    /**
     * Feature rows with the calibrated churn probability column ({@link ChurnTables#PROBABILITY}).
     */
    public Dataset<Row> transform(Dataset<Row> features) {
      Dataset<Row> out = model.transform(features);
      return legacyProbability == null ? out : legacyProbability.transform(out);
    }
  }

  public static Loaded loadModel(ModelRegistry.Entry entry) {
    try {
      return Loaded.of(
          PipelineModel.load(entry.path() + "/model"),
          PipelineModel.load(entry.path() + "/drivers"),
          ChurnMetrics.fromJson(entry.metrics()));
    } catch (RuntimeException e) {
      throw Errors.modelUnreadable(
          "churn model " + entry.version(),
          entry.path(),
          e,
          "churn train --date " + entry.trainedForDate());
    }
  }

  /** gold.churn_scores rows for the active subscribers' feature rows. */
  public Dataset<Row> scores(
      Dataset<Row> subscribers, Loaded model, LocalDate date, String version) {
    Column p = col(ChurnTables.PROBABILITY);
    Column band = lit(ChurnTables.RISK_BANDS.get(ChurnTables.RISK_BANDS.size() - 1));
    for (int i = settings.riskBands().size() - 1; i >= 0; i--) {
      band =
          when(p.lt(settings.riskBands().get(i)), lit(ChurnTables.RISK_BANDS.get(i)))
              .otherwise(band);
    }
    Column monthly = col("subscription_monthly_price_eur");
    return model
        .transform(subscribers)
        .select(
            col(EventFields.USER_ID),
            p,
            band.as("risk_band"),
            ChurnModel.drivers(model.drivers(), model.inputs()).as("top_drivers"),
            col("subscription_plan").as("plan"),
            monthly.as("monthly_revenue_eur"),
            p.multiply(monthly).multiply(model.horizonDays() / 30.0).as("revenue_at_risk_eur"),
            lit(version).as("model_version"),
            lit(Date.valueOf(date)).as(FeatureTables.AS_OF_DATE));
  }
}
