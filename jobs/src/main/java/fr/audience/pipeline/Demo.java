package fr.audience.pipeline;

import com.typesafe.config.Config;
import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import fr.audience.generate.GeneratorSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The demo's steps besides the pipeline: its generator settings, the truth tables, the summary. */
public final class Demo {
  static final List<String> SUMMARY_TABLES = List.of("bronze.events", "bronze.access_log", "bronze.quarantine",
      "silver.events", "silver.sessions", "silver.user_daily", "silver.subscriptions", "silver.transactions",
      "truth.users", "ops.job_runs");

  private Demo() {}

  public static GeneratorSettings generatorSettings(Config config) {
    return Settings.read(config, c -> new GeneratorSettings(
        c.getInt("audience.generate.users"),
        c.getInt("audience.generate.days"),
        JobOptions.parse("audience.generate.start-date", c.getString("audience.generate.start-date")),
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
    spark.sql("CREATE DATABASE IF NOT EXISTS truth LOCATION '" + lakehouse.databaseLocation("truth") + "'");
    spark.read().option("header", "true").option("inferSchema", "true")
        .csv(truthDir.resolve("users.csv").toAbsolutePath().toString())
        .write().format("delta").mode("overwrite").option("overwriteSchema", "true").saveAsTable("truth.users");
    spark.sql("COMMENT ON TABLE truth.users IS 'Ground truth planted by the generator, per user: latent segment, "
        + "churn probability, purchase-process parameters, true expected value. Never read by the jobs.'");
  }

  static void printSummary(SparkSession spark, PrintStream out) {
    out.println("Tables:");
    for (String table : SUMMARY_TABLES) {
      if (spark.catalog().tableExists(table)) {
        out.printf("  %-24s %,12d rows%n", table, spark.table(table).count());
      }
    }
    out.println("Quarantine by stage and reason:");
    for (Row r : spark.sql("SELECT stage, reason, count(*) AS n FROM bronze.quarantine GROUP BY stage, reason "
        + "ORDER BY stage, n DESC").collectAsList()) {
      out.printf("  %-10s %-22s %,10d%n", r.getString(0), r.getString(1), r.getLong(2));
    }
    Row runs = spark.sql("SELECT count(*), sum(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END), "
        + "round(sum(seconds)) FROM ops.job_runs").first();
    out.printf("Job runs: %d (%d succeeded), %.0f s in all.%n", runs.getLong(0), runs.getLong(1), runs.getDouble(2));
  }
}
