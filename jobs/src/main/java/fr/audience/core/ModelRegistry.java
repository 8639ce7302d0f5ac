package fr.audience.core;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;

/**
 * ops.model_registry: every trained model of every job (segments, churn, ...), where it lives and
 * how it scored.
 */
public final class ModelRegistry {
  public static final TableSpec MODEL_REGISTRY =
      TableSpec.builder(
              "ops",
              "model_registry",
              "One row per trained model: which model, version, the date it was trained for, its metrics and its folder.")
          .column("model", DataTypes.StringType, "Model family: segments, churn, ...")
          .column(
              "version",
              DataTypes.StringType,
              "Version, unique within the model; names its folder under audience.paths.models")
          .column(
              "trained_for_date",
              DataTypes.DateType,
              "Logical date the model was trained for (trained on data before it)")
          .column(
              "algorithm",
              DataTypes.StringType,
              "Algorithm of the model's final stage, as in its configuration")
          .column("metrics", DataTypes.StringType, "Metrics as JSON (the model's metrics.json)")
          .column("path", DataTypes.StringType, "Folder holding the saved model and metrics.json")
          .column(
              "registered_at",
              DataTypes.TimestampType,
              "When the model was registered (UTC); a retrain for the same version replaces the row")
          .build();

  private ModelRegistry() {}

  /** A registered model. */
  public record Entry(
      String model,
      String version,
      LocalDate trainedForDate,
      String algorithm,
      String metrics,
      String path) {}

  /** Adds or replaces (same model and version) a model's row. */
  public static void register(SparkSession spark, LakehouseSettings lakehouse, Entry e) {
    Row row =
        RowFactory.create(
            e.model(),
            e.version(),
            java.sql.Date.valueOf(e.trainedForDate()),
            e.algorithm(),
            e.metrics(),
            e.path(),
            Timestamp.from(Instant.now()));
    Tables.upsert(
        spark,
        lakehouse,
        MODEL_REGISTRY,
        spark.createDataFrame(List.of(row), MODEL_REGISTRY.schema()),
        "true",
        "model",
        "version");
  }

  /**
   * The model trained for the latest date up to {@code date} (before it when {@code
   * strictlyBefore}); among models trained for that date, the one with {@code algorithm}, else the
   * last registered.
   */
  public static Optional<Entry> latest(
      SparkSession spark, String model, LocalDate date, boolean strictlyBefore, String algorithm) {
    if (!spark.catalog().tableExists(MODEL_REGISTRY.fullName())) {
      return Optional.empty();
    }
    Dataset<Row> rows = spark.table(MODEL_REGISTRY.fullName()).filter(col("model").equalTo(model));
    rows =
        strictlyBefore
            ? rows.filter(col("trained_for_date").lt(lit(java.sql.Date.valueOf(date))))
            : rows.filter(col("trained_for_date").leq(lit(java.sql.Date.valueOf(date))));
    List<Row> best =
        rows.orderBy(
                col("trained_for_date").desc(),
                col("algorithm").equalTo(algorithm).desc(),
                col("registered_at").desc())
            .limit(1)
            .collectAsList();
    return best.stream()
        .findFirst()
        .map(
            r ->
                new Entry(
                    r.getAs("model"),
                    r.getAs("version"),
                    r.<java.sql.Date>getAs("trained_for_date").toLocalDate(),
                    r.getAs("algorithm"),
                    r.getAs("metrics"),
                    r.getAs("path")));
  }

  /**
   * Runs {@code score} for each date of the range with the latest model of {@code model} (and
   * {@code algorithm}, "" for any) trained for that date or before. A date without such a model
   * fails the run when {@code required} (the scoring commands), else it is skipped, with one
   * warning for the whole range (the daily pipeline, before the first training). Returns the sum of
   * what {@code score} counted.
   *
   * @param action what the job does, for the error ("score churn")
   * @param noun the model's name in messages ("churn")
   * @param trainCommand the command that trains it ("churn train")
   */
  public static long scoreEachDate(
      SparkSession spark,
      DateRange dates,
      String model,
      String algorithm,
      boolean required,
      String job,
      String action,
      String noun,
      String trainCommand,
      Logger log,
      BiFunction<LocalDate, Entry, Long> score) {
    long total = 0;
    List<LocalDate> skipped = new ArrayList<>();
    for (LocalDate date : dates.dates()) {
      Optional<Entry> entry = latest(spark, model, date, false, algorithm);
      if (entry.isEmpty()) {
        if (required) {
          throw Errors.modelMissing(action + " for " + date, noun, date, trainCommand);
        }
        skipped.add(date);
        continue;
      }
      total += score.apply(date, entry.get());
    }
    if (!skipped.isEmpty()) {
      log.warn(
          "{} skipped {} date(s) from {} to {}: no {} model yet: run bin/audience {} --date {}",
          job,
          skipped.size(),
          skipped.get(0),
          skipped.get(skipped.size() - 1),
          noun,
          trainCommand,
          skipped.get(skipped.size() - 1));
    }
    return total;
  }
}
