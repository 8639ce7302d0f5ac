package fr.audience.core;

import org.apache.spark.sql.SparkSession;

/**
 * A job of the daily pipeline. It processes a date range in one pass (a single date being the usual
 * case); processing a range gives the same tables as processing its dates one by one.
 */
public interface DailyJob {
  /** Name on the command line and in ops.job_runs. */
  String name();

  RunCounts run(SparkSession spark, DateRange dates, String runId);

  /** Runs the job over the range as one recorded run. */
  static RunCounts runRecorded(
      SparkSession spark, LakehouseSettings lakehouse, DailyJob job, DateRange dates) {
    return RunLog.track(spark, lakehouse, job.name(), dates, runId -> job.run(spark, dates, runId));
  }
}
