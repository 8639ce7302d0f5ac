package fr.audience.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.ModelRegistry;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.features.FeatureTables;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily scoring: each user's segment as of D with the latest model trained for D or before, and the
 * segments' profiles. In the daily pipeline a date without any model yet is skipped with a log line
 * (segments start once someone trains a model); the segment assign command fails instead.
 */
public final class SegmentAssignJob implements DailyJob {
  public static final String NAME = "segment-assign";
  private static final Logger LOG = LoggerFactory.getLogger(SegmentAssignJob.class);

  private final SegmentSettings settings;
  private final boolean modelRequired;

  public SegmentAssignJob(SegmentSettings settings, boolean modelRequired) {
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
            SegmentTrainer.MODEL,
            settings.algorithm().configName,
            modelRequired,
            NAME,
            "assign segments",
            "segment",
            "segment train",
            LOG,
            (date, model) -> assign(spark, date, model)));
  }

  private long assign(SparkSession spark, LocalDate date, ModelRegistry.Entry model) {
    spark.sparkContext().setJobDescription(NAME + " " + date + ": score with " + model.version());
    SegmentMetrics metrics = ModelStore.loadMetrics(spark, model.path());
    Dataset<Row> users = SegmentScoring.usersAt(spark, settings, date, "assign segments");
    Column slice = col(FeatureTables.AS_OF_DATE).equalTo(lit(Date.valueOf(date)));
    Dataset<Row> segments =
        SegmentScoring.assign(spark, ModelStore.loadModel(model.path()), metrics, users)
            .withColumn(FeatureTables.AS_OF_DATE, lit(Date.valueOf(date)))
            .withColumn(SegmentTables.MODEL_VERSION, lit(model.version()));
    Tables.replace(spark, settings.lakehouse(), SegmentTables.SEGMENTS, segments, slice);

    spark.sparkContext().setJobDescription(NAME + " " + date + ": profile segments");
    Dataset<Row> written = spark.table(SegmentTables.SEGMENTS.fullName()).filter(slice);
    Tables.replace(
        spark,
        settings.lakehouse(),
        SegmentTables.PROFILES,
        SegmentProfiles.profiles(
            spark,
            written.drop(FeatureTables.AS_OF_DATE, SegmentTables.MODEL_VERSION),
            users.drop(FeatureTables.AS_OF_DATE),
            settings,
            date,
            model.version()),
        slice);
    return written.count();
  }
}
