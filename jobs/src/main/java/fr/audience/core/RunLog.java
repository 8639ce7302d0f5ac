package fr.audience.core;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ops.job_runs: one row per job run, success or failure, with its counts and duration. */
public final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

  public static final TableSpec JOB_RUNS =
      TableSpec.builder(
              "ops",
              "job_runs",
              "One row per job run: what ran, for which dates, how it ended and what it counted.")
          .column(
              "run_id",
              DataTypes.StringType,
              "Unique id of the run; tags the rows and quarantined records it wrote")
          .column(
              "job",
              DataTypes.StringType,
              "Job name, as on the command line (ingest, sessionize, ...)")
          .column("date_from", DataTypes.DateType, "First logical date processed")
          .column("date_to", DataTypes.DateType, "Last logical date processed")
          .column("status", DataTypes.StringType, "SUCCEEDED or FAILED")
          .column("rows_in", DataTypes.LongType, "Records read")
          .column("rows_out", DataTypes.LongType, "Records written to the job's main table")
          .column(
              "rows_quarantined",
              DataTypes.LongType,
              "Records rejected to bronze.quarantine with a reason")
          .column("rows_deduplicated", DataTypes.LongType, "Duplicate records dropped")
          .column("seconds", DataTypes.DoubleType, "Wall-clock duration of the run, seconds")
          .column("started_at", DataTypes.TimestampType, "Start of the run (UTC)")
          .column(
              "message", DataTypes.StringType, "Empty on success; the one-line error on failure")
          .build();

  private RunLog() {}

  /**
   * Runs {@code work} with a fresh run id and records how it ended; failures are recorded then
   * rethrown.
   */
  public static RunCounts track(
      SparkSession spark,
      LakehouseSettings lakehouse,
      String job,
      DateRange dates,
      Function<String, RunCounts> work) {
    String runId = job + "-" + dates.from() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now();
    spark.sparkContext().setJobGroup(runId, job + " " + dates, false);
    try {
      RunCounts counts = work.apply(runId);
      record(spark, lakehouse, runId, job, dates, "SUCCEEDED", counts, start, "");
      LOG.info(
          "{} {}: in={} out={} quarantined={} deduplicated={}",
          job,
          dates,
          counts.rowsIn(),
          counts.rowsOut(),
          counts.rowsQuarantined(),
          counts.rowsDeduplicated());
      return counts;
    } catch (RuntimeException e) {
      String message = e instanceof AudienceException ? e.getMessage() : String.valueOf(e);
      try {
        record(
            spark,
            lakehouse,
            runId,
            job,
            dates,
            "FAILED",
            new RunCounts(0, 0, 0, 0),
            start,
            message);
      } catch (RuntimeException logFailure) {
        e.addSuppressed(logFailure);
      }
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static void record(
      SparkSession spark,
      LakehouseSettings lakehouse,
      String runId,
      String job,
      DateRange dates,
      String status,
      RunCounts c,
      Instant start,
      String message) {
    double seconds = (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
    Row row =
        RowFactory.create(
            runId,
            job,
            java.sql.Date.valueOf(dates.from()),
            java.sql.Date.valueOf(dates.to()),
            status,
            c.rowsIn(),
            c.rowsOut(),
            c.rowsQuarantined(),
            c.rowsDeduplicated(),
            seconds,
            Timestamp.from(start),
            message);
    Tables.append(
        spark, lakehouse, JOB_RUNS, spark.createDataFrame(List.of(row), JOB_RUNS.schema()));
  }

  public static java.sql.Date sqlDate(LocalDate date) {
    return java.sql.Date.valueOf(date);
  }
}
