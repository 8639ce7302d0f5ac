package fr.audience.pipeline;

import com.typesafe.config.Config;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.churn.ChurnSettings;
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
import fr.audience.core.Errors;
import fr.audience.core.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** The daily pipeline: every job in order, for one date or a backfill range. */
public final class Pipeline {
  private final LakehouseSettings lakehouse;
  private final List<DailyJob> jobs;

  private Pipeline(LakehouseSettings lakehouse, List<DailyJob> jobs) {
    this.lakehouse = lakehouse;
    this.jobs = jobs;
  }

  /** Every daily job by its name in audience.pipeline.jobs, in the order they may run. */
  private static final Map<String, Function<Config, DailyJob>> JOBS = new LinkedHashMap<>();

  static {
    JOBS.put("ingest", c -> new IngestJob(IngestSettings.from(c)));
    JOBS.put("sessionize", c -> new SessionizeJob(SessionizeSettings.from(c)));
    JOBS.put("features", c -> new FeaturesJob(FeaturesSettings.from(c)));
    // Skips, with a log line, the dates no segment model was trained for yet.
    JOBS.put("segment-assign", c -> new SegmentAssignJob(SegmentSettings.from(c), false));
    JOBS.put("clv", c -> new ClvJob(ClvSettings.from(c)));
    // Skips, with a log line, the dates no churn model was trained for yet.
    JOBS.put("churn-score", c -> new ChurnScoreJob(ChurnSettings.from(c), false));
    JOBS.put("kpi", c -> new fr.audience.kpi.KpiJob(fr.audience.kpi.KpiSettings.from(c)));
    JOBS.put("report", c -> new fr.audience.report.ReportJob(fr.audience.report.ReportSettings.from(c)));
  }

  /**
   * The jobs named in audience.pipeline.jobs, in the pipeline's order. Every job's settings are read
   * up front, so a config mistake fails before any Spark work.
   */
  public static Pipeline from(Config config) {
    List<String> chosen = Settings.read(config, c -> c.getStringList("audience.pipeline.jobs"));
    for (String name : chosen) {
      if (!JOBS.containsKey(name)) {
        throw Errors.badConfigValue("audience.pipeline.jobs", "names '" + name + "'; the jobs are " + JOBS.keySet());
      }
    }
    List<DailyJob> jobs = JOBS.entrySet().stream().filter(e -> chosen.contains(e.getKey()))
        .map(e -> e.getValue().apply(config)).toList();
    return new Pipeline(LakehouseSettings.from(config), jobs);
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
