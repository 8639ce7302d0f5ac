package fr.audience.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.churn.ChurnSettings;
import fr.audience.clv.ClvJob;
import fr.audience.clv.ClvSettings;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import fr.audience.features.FeaturesJob;
import fr.audience.features.FeaturesSettings;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.kpi.KpiJob;
import fr.audience.kpi.KpiSettings;
import fr.audience.report.ReportJob;
import fr.audience.report.ReportSettings;
import fr.audience.segments.SegmentAssignJob;
import fr.audience.segments.SegmentSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SessionizeSettings;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** The daily pipeline: every job in order, for one date or a backfill range. */
public final class Pipeline {
  public static final String JOBS_KEY = "audience.pipeline.jobs";

  /**
   * The daily jobs in the order they run: reference.conf's audience.pipeline.jobs, the one list of
   * the pipeline (the DAGs read it too). A config may leave jobs out of it, not reorder it.
   */
  public static final List<String> ORDER = ConfigFactory.defaultReference().getStringList(JOBS_KEY);

  /**
   * How each job of {@link #ORDER} is built, by its name (PipelineTest checks both name the same
   * jobs).
   */
  static final Map<String, Function<Config, DailyJob>> FACTORIES =
      Map.of(
          IngestJob.NAME, c -> new IngestJob(IngestSettings.from(c)),
          SessionizeJob.NAME, c -> new SessionizeJob(SessionizeSettings.from(c)),
          FeaturesJob.NAME, c -> new FeaturesJob(FeaturesSettings.from(c)),
          // Skips, with a log line, the dates no segment model was trained for yet.
          SegmentAssignJob.NAME, c -> new SegmentAssignJob(SegmentSettings.from(c), false),
          ClvJob.NAME, c -> new ClvJob(ClvSettings.from(c)),
          // Skips, with a log line, the dates no churn model was trained for yet.
          ChurnScoreJob.NAME, c -> new ChurnScoreJob(ChurnSettings.from(c), false),
          KpiJob.NAME, c -> new KpiJob(KpiSettings.from(c)),
          ReportJob.NAME, c -> new ReportJob(ReportSettings.from(c)));

  private final LakehouseSettings lakehouse;
  private final List<DailyJob> jobs;

  private Pipeline(LakehouseSettings lakehouse, List<DailyJob> jobs) {
    this.lakehouse = lakehouse;
    this.jobs = jobs;
  }

  /**
   * The jobs named in audience.pipeline.jobs, in the pipeline's order. Every job's settings are
   * read up front, so a config mistake fails before any Spark work.
   */
  public static Pipeline from(Config config) {
    List<String> chosen = Settings.read(config, c -> c.getStringList(JOBS_KEY));
    for (String name : chosen) {
      if (!ORDER.contains(name)) {
        throw Errors.badConfigValue(JOBS_KEY, "names '" + name + "'; the jobs are " + ORDER);
      }
    }
    List<DailyJob> jobs =
        ORDER.stream()
            .filter(chosen::contains)
            .map(name -> FACTORIES.get(name).apply(config))
            .toList();
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
