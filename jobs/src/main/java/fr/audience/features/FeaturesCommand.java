package fr.audience.features;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "features", mixinStandardHelpOptions = true,
    description = {"Build gold.user_features as of each date: per user, behaviour over the trailing window",
        "(audience.features.window-days, dates before D only) and subscription state at D.",
        "Re-running a date replaces that date only."})
public final class FeaturesCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    FeaturesSettings settings = FeaturesSettings.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(FeaturesJob.NAME, settings.lakehouse())) {
      DailyJob.runRecorded(spark, settings.lakehouse(), new FeaturesJob(settings), dates);
    }
    return 0;
  }
}
