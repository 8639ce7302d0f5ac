package fr.audience.pipeline;

import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = Pipeline.CATCH_UP,
    mixinStandardHelpOptions = true,
    header = "Ingest late files and re-process the dates they touch, before a date.",
    description =
        "Before the date given (or the first of a range): ingests again the delivery folders of the last "
            + "audience.pipeline.late-file-days days that gained or changed files since they were ingested "
            + "(ops.ingested_files), then re-processes every date marked in ops.pending_reprocessing (by those "
            + "ingests or a manual ingest of an old date): sessionize from the earliest marked date, the jobs "
            + "after it from the true dates that delivery can hold, up to the day before. The daily DAG runs it "
            + "before ingest; run does the same on its own. Nothing to catch up runs nothing.")
public final class CatchUpCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    Pipeline pipeline = Pipeline.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(Pipeline.CATCH_UP, pipeline.lakehouse())) {
      pipeline.catchUp(spark, dates.from());
    }
    return 0;
  }
}
