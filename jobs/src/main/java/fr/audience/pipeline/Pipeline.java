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
import fr.audience.core.Reprocessing;
import fr.audience.core.Settings;
import fr.audience.features.FeaturesJob;
import fr.audience.features.FeaturesSettings;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestLedger;
import fr.audience.ingest.IngestSettings;
import fr.audience.ingest.RawInput;
import fr.audience.kpi.KpiJob;
import fr.audience.kpi.KpiSettings;
import fr.audience.report.ReportJob;
import fr.audience.report.ReportSettings;
import fr.audience.segments.SegmentAssignJob;
import fr.audience.segments.SegmentSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SessionizeSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** The command that catches up late files and marked dates (the daily DAG's first job). */
  public static final String CATCH_UP = "catch-up";

  public static final String LATE_FILE_DAYS_KEY = "audience.pipeline.late-file-days";

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final LakehouseSettings lakehouse;
  private final List<DailyJob> jobs;
  private final int lateFileDays;
  private final int lateWindowDays;

  private Pipeline(
      LakehouseSettings lakehouse, List<DailyJob> jobs, int lateFileDays, int lateWindowDays) {
    this.lakehouse = lakehouse;
    this.jobs = jobs;
    this.lateFileDays = lateFileDays;
    this.lateWindowDays = lateWindowDays;
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
    int lateFileDays = Settings.read(config, c -> c.getInt(LATE_FILE_DAYS_KEY));
    if (lateFileDays < 0) {
      throw Errors.badConfigValue(LATE_FILE_DAYS_KEY, "is " + lateFileDays + ", below 0");
    }
    return new Pipeline(
        LakehouseSettings.from(config),
        jobs,
        lateFileDays,
        SessionizeSettings.from(config).lateWindowDays());
  }

  public LakehouseSettings lakehouse() {
    return lakehouse;
  }

  /**
   * Runs every job over the range, in order. Each job processes the whole range in one pass, which
   * gives the same tables as running the pipeline date after date, in a fraction of the time. Late
   * files and dates marked for re-processing are caught up on the way (see {@link #catchUp}): the
   * jobs after ingest start from the earliest stale date.
   */
  public void run(SparkSession spark, DateRange dates) {
    process(spark, dates.from(), dates);
  }

  /**
   * Catches up before {@code date}: re-ingests the delivery dates of the last late-file-days whose
   * folders now deliver files added or changed since they were ingested (ops.ingested_files), then
   * re-processes every date marked in ops.pending_reprocessing up to the day before {@code date}:
   * sessionize from the earliest marked delivery date, the jobs after it from late-window-days
   * earlier (the true dates that delivery can hold), each up to the day before {@code date}.
   * Nothing to catch up runs nothing.
   */
  public void catchUp(SparkSession spark, LocalDate date) {
    process(spark, date, null);
  }

  private void process(SparkSession spark, LocalDate before, DateRange dates) {
    LocalDate to = dates == null ? before.minusDays(1) : dates.to();
    DailyJob ingest =
        jobs.stream().filter(j -> j.name().equals(IngestJob.NAME)).findFirst().orElse(null);
    if (ingest != null) {
      RawInput raw = new RawInput(lakehouse.raw());
      for (LocalDate late :
          IngestLedger.changedDeliveries(
              spark, raw, before.minusDays(lateFileDays), before.minusDays(1))) {
        LOG.info("{}: files were added or changed since it was ingested: ingesting it again", late);
        DailyJob.runRecorded(spark, lakehouse, ingest, DateRange.of(late));
      }
      if (dates != null) {
        DailyJob.runRecorded(spark, lakehouse, ingest, dates);
      }
    }
    Optional<Reprocessing.Pending> pending = Reprocessing.pending(spark, to);
    pending.ifPresent(
        p ->
            LOG.info(
                "Re-processing the dates built from deliveries since {} ({} marks in {})",
                p.earliest(),
                p.marks(),
                Reprocessing.PENDING.fullName()));
    LocalDate firstDelivery = pending.isPresent() ? firstDelivery(spark) : null;
    for (DailyJob job : jobs) {
      if (job == ingest) {
        continue;
      }
      LocalDate from = dates == null ? null : dates.from();
      if (pending.isPresent()) {
        LocalDate stale =
            job.name().equals(SessionizeJob.NAME)
                ? pending.get().earliest()
                : pending.get().earliest().minusDays(lateWindowDays);
        if (firstDelivery != null && stale.isBefore(firstDelivery)) {
          stale = firstDelivery;
        }
        from = from == null || stale.isBefore(from) ? stale : from;
      }
      if (from != null && !from.isAfter(to)) {
        DailyJob.runRecorded(spark, lakehouse, job, new DateRange(from, to));
      }
    }
    pending.ifPresent(p -> Reprocessing.clear(spark, p));
  }

  /** The first delivery date bronze holds: no date before it can be re-processed. */
  private static LocalDate firstDelivery(SparkSession spark) {
    Row first =
        spark
            .table(BronzeTables.EVENTS.fullName())
            .agg(functions.min(functions.col(EventFields.EVENT_DATE)))
            .first();
    return first.isNullAt(0) ? null : first.getDate(0).toLocalDate();
  }
}
