package fr.audience.core;

import com.typesafe.config.Config;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;

/**
 * The command of one daily job: read and validate the config, build the job (its settings are
 * checked before Spark starts), then run it over the dates given, recorded in ops.job_runs.
 */
public abstract class DailyJobCommand implements Callable<Integer> {
  @Mixin protected JobOptions options;

  protected abstract DailyJob job(Config config);

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    DailyJob job = job(config);
    LakehouseSettings lakehouse = LakehouseSettings.from(config);
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(job.name(), lakehouse)) {
      DailyJob.runRecorded(spark, lakehouse, job, dates);
    }
    return 0;
  }
}
