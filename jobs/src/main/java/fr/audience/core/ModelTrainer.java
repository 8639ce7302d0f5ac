package fr.audience.core;

import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** A job that trains and registers a model for one date (segment train, churn train). */
public interface ModelTrainer {
  /** Name on the command line and in ops.job_runs. */
  String name();

  /** What the model is called in messages, e.g. "segment model". */
  String model();

  LakehouseSettings lakehouse();

  /** Trains the model for the date, saves and registers it; the counts of the rows it read. */
  RunCounts trainRecorded(SparkSession spark, LocalDate date);

  /** Trains for the date as one run recorded in ops.job_runs. */
  default RunCounts trainTracked(SparkSession spark, LocalDate date) {
    return RunLog.track(
        spark, lakehouse(), name(), DateRange.of(date), runId -> trainRecorded(spark, date));
  }
}
