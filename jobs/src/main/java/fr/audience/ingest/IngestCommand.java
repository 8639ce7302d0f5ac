package fr.audience.ingest;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Load one delivery date of raw events and access logs into bronze.events and bronze.access_log.",
        "Rejected records go to bronze.quarantine with a reason; reference files replace their bronze tables.",
        "Re-running a date replaces that date only."})
public final class IngestCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    IngestSettings settings = IngestSettings.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(IngestJob.NAME, settings.lakehouse())) {
      DailyJob.runRecorded(spark, settings.lakehouse(), new IngestJob(settings), dates);
    }
    return 0;
  }
}
