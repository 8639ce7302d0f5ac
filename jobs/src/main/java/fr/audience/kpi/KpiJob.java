package fr.audience.kpi;

import static fr.audience.kpi.KpiFrames.USER_ID;
import static fr.audience.kpi.KpiTables.AS_OF_DATE;
import static fr.audience.kpi.KpiTables.SEGMENT_ID;
import static org.apache.spark.sql.functions.col;

import fr.audience.churn.ChurnTables;
import fr.audience.clv.ClvTables;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.TableSpec;
import fr.audience.core.Upstream;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.quality.CheckResult;
import fr.audience.quality.GatedTable;
import fr.audience.quality.QualityGate;
import fr.audience.segments.SegmentTables;
import fr.audience.sessions.SilverTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gold KPI tables for each date of the range, in one pass per table, each through its
 * data-quality gate. A table whose model input (segments, CLV, churn scores) is absent for the
 * dates is skipped with one log line; a table failing an error-level check is withheld while the
 * others publish, and the run then fails naming it.
 */
public final class KpiJob implements DailyJob {
  public static final String NAME = "kpi";
  private static final String SEGMENTS = SegmentTables.SEGMENTS.fullName();
  private static final String PROFILES = SegmentTables.PROFILES.fullName();
  private static final String CLV = ClvTables.CUSTOMER.fullName();
  private static final String CHURN = ChurnTables.CHURN_SCORES.fullName();
  private static final List<String> REQUIRED =
      Stream.of(
              SilverTables.EVENTS,
              SilverTables.SESSIONS,
              SilverTables.USER_DAILY,
              SilverTables.SUBSCRIPTION_EVENTS,
              SilverTables.SUBSCRIPTIONS,
              SilverTables.TRANSACTIONS,
              BronzeTables.CAMPAIGNS)
          .map(TableSpec::fullName)
          .toList();
  private static final Logger LOG = LoggerFactory.getLogger(KpiJob.class);

  private final KpiSettings settings;

  public KpiJob(KpiSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange range, String runId) {
    for (String table : REQUIRED) {
      if (!spark.catalog().tableExists(table)) {
        throw Errors.inputMissing(
            "run " + NAME + " for " + range,
            table,
            table.startsWith("bronze.") ? "ingest" : "sessionize",
            range);
      }
    }
    Upstream.requirePublished(
        spark, NAME, range, SilverTables.USER_DAILY, EventFields.EVENT_DATE, "sessionize");
    List<LocalDate> days = range.dates();
    Dataset<Row> dates = KpiFrames.dates(spark, days).cache();
    Date from = Date.valueOf(range.from());
    Date to = Date.valueOf(range.to());
    Column inRange = col(AS_OF_DATE).between(from, to);

    Dataset<Row> segments =
        optional(spark, SEGMENTS, inRange, "every user counts as 'non segmenté' (-1)");
    if (segments == null) {
      segments =
          spark.createDataFrame(
              List.of(),
              new StructType()
                  .add(USER_ID, DataTypes.StringType)
                  .add(SEGMENT_ID, DataTypes.IntegerType)
                  .add(AS_OF_DATE, DataTypes.DateType));
    }
    Dataset<Row> profiles =
        spark.catalog().tableExists(PROFILES) ? spark.table(PROFILES).filter(inRange) : null;
    Dataset<Row> labels =
        profiles == null
            ? spark.createDataFrame(
                List.of(),
                new StructType()
                    .add(SEGMENT_ID, DataTypes.IntegerType)
                    .add(KpiFrames.LABEL, DataTypes.StringType)
                    .add(AS_OF_DATE, DataTypes.DateType))
            : profiles.select(col(SEGMENT_ID), col("label").as(KpiFrames.LABEL), col(AS_OF_DATE));
    segments = segments.select(USER_ID, SEGMENT_ID, AS_OF_DATE).cache();
    Dataset<Row> clv =
        optional(
            spark,
            CLV,
            inRange,
            "no CLV figures ("
                + KpiTables.CLV_BY_SEGMENT.spec().fullName()
                + " skipped, mean_clv_eur null)");
    Dataset<Row> value =
        clv == null ? null : ValueKpis.customerValue(clv, settings.clvHorizonMonths()).cache();
    Dataset<Row> churn =
        optional(spark, CHURN, inRange, KpiTables.CHURN_RISK.spec().fullName() + " skipped");

    // Inputs cut to the days any window of the run reaches back to.
    int back =
        Math.max(
            settings.pressureWindowDays(),
            settings.acquisitionWindowDays() + settings.attributionWindowDays());
    LocalDate first = range.from().minusDays(back);
    LocalDate monthStart =
        range.from().withDayOfMonth(1).minusMonths(settings.revenueMonths() - 1L);
    first = first.isBefore(monthStart) ? first : monthStart;
    Dataset<Row> events =
        table(spark, SilverTables.EVENTS)
            .filter(col("event_date").between(Date.valueOf(first), to));
    Dataset<Row> userDaily =
        table(spark, SilverTables.USER_DAILY)
            .filter(col("event_date").between(Date.valueOf(first), to));
    Dataset<Row> ageBands =
        AudienceKpis.ageBands(
                events.filter(
                    col("event_date")
                        .geq(
                            Date.valueOf(
                                range.from().minusDays(settings.pressureWindowDays() - 1L)))))
            .cache();
    Dataset<Row> exposure =
        KpiFrames.withSegment(
                AudienceKpis.exposurePerUser(userDaily, dates, settings.pressureWindowDays()),
                segments)
            .cache();
    Dataset<Row> campaigns = table(spark, BronzeTables.CAMPAIGNS);
    Dataset<Row> customers =
        ValueKpis.newCustomers(
                ValueKpis.attribute(
                    ValueKpis.firstConversions(
                        table(spark, SilverTables.SUBSCRIPTION_EVENTS),
                        table(spark, SilverTables.SUBSCRIPTIONS),
                        table(spark, SilverTables.TRANSACTIONS).filter(col("order_date").leq(to))),
                    events,
                    campaigns,
                    settings.attributionWindowDays()),
                dates,
                settings.acquisitionWindowDays(),
                value)
            .cache();
    Dataset<Row> delivery =
        ValueKpis.campaignDelivery(campaigns, dates, settings.acquisitionWindowDays()).cache();

    QualityGate gate = new QualityGate(settings.quality());
    List<QualityGate.Outcome> outcomes = new ArrayList<>();
    Publisher publish =
        (table, rows) -> {
          spark
              .sparkContext()
              .setJobDescription(NAME + " " + range + ": " + table.spec().fullName());
          Dataset<Row> built = rows.get();
          if (built != null) {
            outcomes.add(gate.publish(spark, settings.lakehouse(), table, built, days));
          }
        };
    final Dataset<Row> segs = segments;
    try {
      publish.to(
          KpiTables.CLV_BY_SEGMENT,
          () ->
              value == null
                  ? null
                  : ValueKpis.clvBySegment(
                      KpiFrames.withSegment(value, segs), labels, settings.clvHorizonMonths()));
      publish.to(
          KpiTables.CAC_VS_CLV,
          () ->
              ValueKpis.cacVsClv(
                  delivery,
                  customers,
                  settings.attributionWindowDays(),
                  settings.clvHorizonMonths()));
      publish.to(
          KpiTables.REVENUE_DURABILITY,
          () ->
              ValueKpis.revenueDurability(
                  userDaily, dates, segs, labels, settings.revenueMonths()));
      publish.to(
          KpiTables.COMMERCIAL_PRESSURE,
          () -> AudienceKpis.commercialPressure(exposure, labels, settings.pressureThresholds()));
      publish.to(
          KpiTables.CAMPAIGN_CARBON,
          () -> ValueKpis.campaignCarbon(delivery, customers, settings.carbon()));
      publish.to(
          KpiTables.STRATEGIC_AUDIENCE,
          () ->
              AudienceKpis.strategicAudience(
                  table(spark, SilverTables.SESSIONS).filter(col("session_date").between(from, to)),
                  dates,
                  ageBands,
                  segs,
                  settings.strategicTargets()));
      publish.to(
          KpiTables.ENGAGEMENT,
          () -> AudienceKpis.engagement(events.filter(col("event_date").between(from, to)), dates));
      publish.to(
          KpiTables.CHURN_RISK,
          () ->
              churn == null
                  ? null
                  : ValueKpis.churnRisk(KpiFrames.withSegment(churn, segs), labels));
      publish.to(
          KpiTables.EXPOSURE_AUDIT,
          () ->
              AudienceKpis.exposureAudit(
                  exposure, ageBands, settings.fragilePublics(), settings.exposureRatioLimit()));
    } finally {
      gate.record(spark, settings.lakehouse(), runId);
    }
    for (Dataset<Row> cached : List.of(dates, segments, ageBands, exposure, customers, delivery)) {
      cached.unpersist();
    }
    if (value != null) {
      value.unpersist();
    }
    List<CheckResult> blocking = outcomes.stream().flatMap(o -> o.blocking().stream()).toList();
    if (!blocking.isEmpty()) {
      CheckResult b = blocking.get(0);
      List<String> withheld =
          outcomes.stream()
              .filter(o -> !o.published())
              .map(o -> o.table().spec().fullName())
              .toList();
      throw Errors.cannot(
          "publish " + String.join(", ", withheld) + " for " + range,
          b.table()
              + " failed check "
              + b.check()
              + " on "
              + b.date()
              + " ("
              + b.observed()
              + "; expected "
              + b.expected()
              + ")"
              + (blocking.size() > 1 ? " and " + (blocking.size() - 1) + " more" : ""),
          "The other KPI tables were published; see bin/audience sql \"SELECT * FROM "
              + QualityGate.DQ_RESULTS.fullName()
              + " WHERE run_id = '"
              + runId
              + "' AND NOT passed\"");
    }
    return RunCounts.output(outcomes.stream().mapToLong(QualityGate.Outcome::rowsWritten).sum());
  }

  private static Dataset<Row> table(SparkSession spark, TableSpec table) {
    return spark.table(table.fullName());
  }

  @FunctionalInterface
  private interface Publisher {
    void to(GatedTable table, Supplier<Dataset<Row>> rows);
  }

  /** The table's rows for the run's dates, or null (with one log line) when there are none. */
  private static Dataset<Row> optional(
      SparkSession spark, String table, Column inRange, String consequence) {
    if (!spark.catalog().tableExists(table)) {
      LOG.info("{}: {} does not exist: {}", NAME, table, consequence);
      return null;
    }
    Dataset<Row> rows = spark.table(table).filter(inRange);
    if (rows.isEmpty()) {
      LOG.info("{}: {} has no rows for these dates: {}", NAME, table, consequence);
      return null;
    }
    return rows;
  }
}
