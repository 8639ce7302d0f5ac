package fr.audience.pipeline;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.RunLog;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SessionizeSettings;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The daily pipeline: every job in order, date after date (a backfill is the same loop). */
public final class Pipeline {
  private final LakehouseSettings lakehouse;
  private final List<DailyJob> jobs;

  private Pipeline(LakehouseSettings lakehouse, List<DailyJob> jobs) {
    this.lakehouse = lakehouse;
    this.jobs = jobs;
  }

  /** Reads every job's settings up front, so a config mistake fails before any Spark work. */
  public static Pipeline from(Config config) {
    return new Pipeline(LakehouseSettings.from(config), List.of(
        new IngestJob(IngestSettings.from(config)),
        new SessionizeJob(SessionizeSettings.from(config))));
  }

  public LakehouseSettings lakehouse() {
    return lakehouse;
  }

  public void run(SparkSession spark, DateRange dates) {
    for (LocalDate date : dates.dates()) {
      for (DailyJob job : jobs) {
        RunLog.track(spark, lakehouse, job.name(), DateRange.of(date), runId -> job.run(spark, date, runId));
      }
    }
  }
}
