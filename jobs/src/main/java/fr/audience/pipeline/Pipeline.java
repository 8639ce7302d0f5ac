package fr.audience.pipeline;

import com.typesafe.config.Config;
import fr.audience.clv.ClvJob;
import fr.audience.clv.ClvSettings;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.features.FeaturesJob;
import fr.audience.features.FeaturesSettings;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.segments.SegmentAssignJob;
import fr.audience.segments.SegmentSettings;
import fr.audience.sessions.SessionizeSettings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The daily pipeline: every job in order, for one date or a backfill range. */
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
        new SessionizeJob(SessionizeSettings.from(config)),
        new FeaturesJob(FeaturesSettings.from(config)),
        // Skips, with a log line, the dates no segment model was trained for yet.
        new SegmentAssignJob(SegmentSettings.from(config), false),
        new ClvJob(ClvSettings.from(config))));
  }

  public LakehouseSettings lakehouse() {
    return lakehouse;
  }

  /**
   * Runs every job over the range, in order. Each job processes the whole range in one pass, which
   * gives the same tables as running the pipeline date after date, in a fraction of the time.
   */
  public void run(SparkSession spark, DateRange dates) {
    for (DailyJob job : jobs) {
      DailyJob.runRecorded(spark, lakehouse, job, dates);
    }
  }
}
