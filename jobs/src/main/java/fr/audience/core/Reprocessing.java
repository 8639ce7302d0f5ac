package fr.audience.core;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * ops.pending_reprocessing: delivery dates whose bronze changed after they were first ingested (a
 * late file, a delivery replaced), so the silver and gold dates built from them are stale. Ingest
 * marks them before it publishes; {@code run} and {@code catch-up} re-process every marked date and
 * the windows that include it, then clear the marks they processed. A mark left by a failed
 * re-processing stays for the next run.
 */
public final class Reprocessing {
  public static final TableSpec PENDING =
      TableSpec.builder(
              "ops",
              "pending_reprocessing",
              "Delivery dates whose bronze changed after their first ingest: the silver and gold"
                  + " dates built from them wait for run or catch-up to re-process them.")
          .column("delivery_date", DataTypes.DateType, "Delivery date whose bronze changed")
          .column("reason", DataTypes.StringType, "What changed (files added, changed, removed)")
          .column("run_id", DataTypes.StringType, "The ingest run that changed it")
          .column("marked_at", DataTypes.TimestampType, "When the ingest run marked it (UTC)")
          .build();

  private Reprocessing() {}

  /** Marks a delivery date for re-processing. */
  public static void mark(
      SparkSession spark,
      LakehouseSettings lakehouse,
      LocalDate deliveryDate,
      String reason,
      String runId) {
    Row row =
        RowFactory.create(
            java.sql.Date.valueOf(deliveryDate), reason, runId, Timestamp.from(Instant.now()));
    Tables.append(spark, lakehouse, PENDING, spark.createDataFrame(List.of(row), PENDING.schema()));
  }

  /**
   * Marks present now, of delivery dates up to {@code upTo}: the earliest marked date and when the
   * last one was made.
   */
  public record Pending(LocalDate earliest, LocalDate upTo, Timestamp lastMarkedAt, long marks) {}

  /** The marks of delivery dates up to {@code upTo} present now, if any. */
  public static Optional<Pending> pending(SparkSession spark, LocalDate upTo) {
    if (!spark.catalog().tableExists(PENDING.fullName())) {
      return Optional.empty();
    }
    Row r =
        spark
            .table(PENDING.fullName())
            .filter(col("delivery_date").leq(java.sql.Date.valueOf(upTo)))
            .agg(
                functions.min(col("delivery_date")),
                functions.max(col("marked_at")),
                functions.count(functions.lit(1)))
            .first();
    if (r.getLong(2) == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Pending(r.getDate(0).toLocalDate(), upTo, r.getTimestamp(1), r.getLong(2)));
  }

  /** Clears the marks {@code processed} covered: none made since, none of a later date. */
  public static void clear(SparkSession spark, Pending processed) {
    DeltaTable.forName(spark, PENDING.fullName())
        .delete(
            col("marked_at")
                .leq(functions.lit(processed.lastMarkedAt()))
                .and(col("delivery_date").leq(java.sql.Date.valueOf(processed.upTo()))));
  }
}
