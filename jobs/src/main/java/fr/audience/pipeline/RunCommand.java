package fr.audience.pipeline;

import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Run the whole daily pipeline for a date or a range (backfill).",
    description =
        "Run the daily pipeline (the jobs of audience.pipeline.jobs, in its order) for a date or a range. "
            + "Each job processes the range in one pass, with the same tables as date by date (clv fits once, as of the "
            + "last date). segment assign and churn score skip, saying so, the dates no model was trained for yet. Use "
            + "it to backfill: every job replaces only the dates it processes.")
public final class RunCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    Pipeline pipeline = Pipeline.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create("run", pipeline.lakehouse())) {
      pipeline.run(spark, dates);
    }
    return 0;
  }
}
