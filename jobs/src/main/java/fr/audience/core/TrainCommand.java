package fr.audience.core;

import com.typesafe.config.Config;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;

/**
 * The command of one model training: read and validate the config, build the trainer (its settings
 * are checked before Spark starts), then train for the one date given, recorded in ops.job_runs.
 */
public abstract class TrainCommand implements Callable<Integer> {
  @Mixin protected JobOptions options;

  protected abstract ModelTrainer trainer(Config config);

  @Override
  public Integer call() throws Exception {
    ModelTrainer trainer = trainer(options.config());
    DateRange dates = options.dates();
    if (!dates.from().equals(dates.to())) {
      throw Errors.trainingRange(trainer.model(), dates);
    }
    try (SparkSession spark = SparkSessions.create(trainer.name(), trainer.lakehouse())) {
      trainer.trainTracked(spark, dates.from());
    }
    return 0;
  }
}
