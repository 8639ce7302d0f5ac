package fr.audience.core;

import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** A job of the daily pipeline: processes one logical date and reports its counts. */
public interface DailyJob {
  /** Name on the command line and in ops.job_runs. */
  String name();

  RunCounts run(SparkSession spark, LocalDate date, String runId);

  /** Runs the job for each date of the range, one recorded run per date. */
  static void runEach(SparkSession spark, LakehouseSettings lakehouse, DailyJob job, DateRange dates) {
    for (LocalDate date : dates.dates()) {
      spark.sparkContext().setLocalProperty("callSite.short", job.name() + " " + date);
      RunLog.track(spark, lakehouse, job.name(), DateRange.of(date), runId -> job.run(spark, date, runId));
    }
  }
}
