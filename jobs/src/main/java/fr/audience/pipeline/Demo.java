package fr.audience.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.churn.ChurnSettings;
import fr.audience.churn.ChurnTables;
import fr.audience.churn.ChurnTrainer;
import fr.audience.clv.ClvTables;
import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.RunLog;
import fr.audience.core.Settings;
import fr.audience.core.TableSpec;
import fr.audience.features.FeatureTables;
import fr.audience.generate.GeneratorSettings;
import fr.audience.ingest.BronzeTables;
import fr.audience.kpi.KpiJob;
import fr.audience.kpi.KpiTables;
import fr.audience.quality.QualityGate;
import fr.audience.report.ReportJob;
import fr.audience.report.ReportSettings;
import fr.audience.segments.SegmentAssignJob;
import fr.audience.segments.SegmentSettings;
import fr.audience.segments.SegmentTables;
import fr.audience.segments.SegmentTrainer;
import fr.audience.sessions.SilverTables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The demo's steps besides the pipeline: its generator settings, the truth tables, the summary. */
public final class Demo {
  /** The generator's planted truth, registered by {@link #registerTruth}. */
  public static final String TRUTH_USERS = "truth.users";

  static final List<String> SUMMARY_TABLES =
      Stream.concat(
              Stream.of(
                      BronzeTables.EVENTS,
                      BronzeTables.ACCESS_LOG,
                      BronzeTables.QUARANTINE,
                      SilverTables.EVENTS,
                      SilverTables.SESSIONS,
                      SilverTables.USER_DAILY,
                      SilverTables.SUBSCRIPTIONS,
                      SilverTables.TRANSACTIONS,
                      FeatureTables.USER_FEATURES,
                      SegmentTables.SEGMENTS,
                      SegmentTables.PROFILES,
                      ClvTables.CUSTOMER,
                      ChurnTables.CHURN_SCORES,
                      KpiTables.ENGAGEMENT.spec(),
                      KpiTables.CHURN_RISK.spec(),
                      QualityGate.DQ_RESULTS)
                  .map(TableSpec::fullName),
              Stream.of(TRUTH_USERS, RunLog.JOB_RUNS.fullName()))
          .toList();

  /** The jobs that use the models, run again for the last date once the models exist. */
  static final List<String> RESCORE_JOBS =
      List.of(SegmentAssignJob.NAME, ChurnScoreJob.NAME, KpiJob.NAME, ReportJob.NAME);

  private Demo() {}

  public static GeneratorSettings generatorSettings(Config config) {
    return Settings.read(
        config,
        c ->
            new GeneratorSettings(
                c.getInt("audience.generate.users"),
                c.getInt("audience.generate.days"),
                JobOptions.parse(
                    "audience.generate.start-date", c.getString("audience.generate.start-date")),
                c.getLong("audience.generate.seed"),
                Settings.share(c, "audience.generate.bad-fraction"),
                Path.of(c.getString("audience.paths.raw")),
                Settings.share(c, "audience.generate.segment-overlap"),
                c.getInt("audience.generate.history-months"),
                c.getInt("audience.generate.files-per-day")));
  }

  /**
   * Registers the generator's planted truth as truth.users so tests and notebooks can join it by
   * name. Its columns are the generator's own (docs/raw-formats.md), read with the CSV header.
   */
  public static void registerTruth(SparkSession spark, LakehouseSettings lakehouse, Path truthDir) {
    spark.sql(
        "CREATE DATABASE IF NOT EXISTS truth LOCATION '"
            + lakehouse.databaseLocation("truth")
            + "'");
    spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(truthDir.resolve("users.csv").toAbsolutePath().toString())
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .saveAsTable(TRUTH_USERS);
    spark.sql(
        "COMMENT ON TABLE "
            + TRUTH_USERS
            + " IS 'Ground truth planted by the generator, per user: latent segment, "
            + "churn probability, purchase-process parameters, true expected value. Never read by the jobs.'");
  }

  /**
   * Trains the segment and churn models for the demo's last date (what audience_weekly_retrain does
   * every week), then runs the jobs that use them for that date again, so the demo's last day has
   * segments, churn scores, their KPIs and a dashboard that shows them.
   *
   * <p>The demo covers 35 days while a churn label looks 30 days ahead: its churn snapshots are
   * taken daily (audience.demo.churn-snapshot-step-days) to stay inside the data, so the demo's
   * churn metrics are indicative only (docs/churn.md).
   */
  static void trainAndScore(SparkSession spark, Config config, LocalDate date) {
    new SegmentTrainer(SegmentSettings.from(config)).trainTracked(spark, date);
    trainChurn(spark, config, date);
    Config rescore =
        ConfigFactory.parseMap(Map.of(Pipeline.JOBS_KEY, RESCORE_JOBS)).withFallback(config);
    Pipeline.from(rescore).run(spark, DateRange.of(date));
  }

  /** Trains the churn model for the demo's last date, its snapshots daily (see trainAndScore). */
  public static void trainChurn(SparkSession spark, Config config, LocalDate date) {
    Config churnConfig =
        ConfigFactory.parseMap(
                Map.of(
                    "audience.churn.snapshot-step-days",
                    config.getInt("audience.demo.churn-snapshot-step-days")))
            .withFallback(config);
    new ChurnTrainer(ChurnSettings.from(churnConfig)).trainTracked(spark, date);
  }

  static String reportPage(Config config, LocalDate date) {
    return new ReportJob(ReportSettings.from(config)).page(date).toString();
  }

  static void printSummary(SparkSession spark, PrintStream out) {
    out.println("Tables:");
    for (String table : SUMMARY_TABLES) {
      if (spark.catalog().tableExists(table)) {
        out.printf("  %-24s %,12d rows%n", table, spark.table(table).count());
      }
    }
    out.println("Quarantine by stage and reason:");
    for (Row r :
        spark
            .sql(
                "SELECT stage, reason, count(*) AS n FROM "
                    + BronzeTables.QUARANTINE.fullName()
                    + " GROUP BY stage, reason "
                    + "ORDER BY stage, n DESC")
            .collectAsList()) {
      out.printf("  %-10s %-22s %,10d%n", r.getString(0), r.getString(1), r.getLong(2));
    }
    Row runs =
        spark
            .sql(
                "SELECT count(*), sum(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END), "
                    + "round(sum(seconds)) FROM "
                    + RunLog.JOB_RUNS.fullName())
            .first();
    out.printf(
        "Job runs: %d (%d succeeded), %.0f s in all.%n",
        runs.getLong(0), runs.getLong(1), runs.getDouble(2));
  }
}
