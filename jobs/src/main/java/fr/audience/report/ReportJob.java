package fr.audience.report;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Upstream;
import fr.audience.kpi.KpiTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KPI dashboard of each date: reports/D/index.html, one self-contained page for the marketing
 * direction. Written through Hadoop's FileSystem, so the root may be local or s3a://. A date the
 * kpi job has not published is refused (a page of empty panels would look like a quiet day); a
 * table that is missing or has no row in a page's history window gives a panel that says so.
 */
public final class ReportJob implements DailyJob {
  public static final String NAME = "report";
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  private final ReportSettings settings;

  public ReportJob(ReportSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    Upstream.requirePublished(
        spark, NAME, dates, KpiTables.ENGAGEMENT.spec(), KpiTables.AS_OF_DATE, "kpi");
    spark.sparkContext().setJobDescription("report: read the KPI tables " + dates);
    DashboardReader reader = new DashboardReader(spark, settings, dates.from(), dates.to());
    spark.sparkContext().setJobDescription("report: write " + dates.dates().size() + " page(s)");
    for (LocalDate date : dates.dates()) {
      Path page = page(date);
      write(spark, page, ReportHtml.render(reader.dashboard(date)));
      LOG.info("report for {}: {}", date, page);
    }
    LOG.info("report {}: {} aggregated KPI and segment rows read", dates, reader.rowsRead());
    // ops.job_runs keeps rows_in = rows_out + ...: a report run counts the pages it wrote.
    return RunCounts.output(dates.dates().size());
  }

  /**
   * reports/D/index.html under audience.report.root; a local root is made absolute, as Spark does.
   */
  public Path page(LocalDate date) {
    String root =
        settings.root().contains("://")
            ? settings.root()
            : java.nio.file.Path.of(settings.root())
                .toAbsolutePath()
                .normalize()
                .toUri()
                .toString();
    return new Path(root.replaceAll("/+$", "") + "/" + date + "/index.html");
  }

  private static void write(SparkSession spark, Path page, String html) {
    try {
      FileSystem fs = page.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs instanceof ChecksumFileSystem local) {
        fs = local.getRawFileSystem(); // no .index.html.crc beside the page people open
      }
      // One create-and-close: object stores publish the file only when it is complete.
      try (OutputStream out = fs.create(page, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.cannot(
          "write the report " + page,
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          "Check audience.report.root and the rights on it",
          e);
    }
  }
}
