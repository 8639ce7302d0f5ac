package fr.audience.sessions;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sessionize", mixinStandardHelpOptions = true,
    description = {"Clean bronze events into silver: deduplicate, drop bots and bad clocks, stitch identities,",
        "cut sessions, and publish silver.events, sessions, user_daily, subscriptions and transactions.",
        "A run for D re-processes D - late-window-days .. D so late events land on their true date."})
public final class SessionizeCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    SessionizeSettings settings = SessionizeSettings.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(SessionizeJob.NAME, settings.lakehouse())) {
      DailyJob.runRecorded(spark, settings.lakehouse(), new SessionizeJob(settings), dates);
    }
    return 0;
  }
}
