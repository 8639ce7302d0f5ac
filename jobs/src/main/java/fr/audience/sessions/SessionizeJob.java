package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.DailyJob;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventParsing;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Bronze events into silver. A run for D publishes silver.events, sessions and user_daily for the
 * dates D - w .. D (w = late-window-days), so events delivered up to w days late land on their true
 * date. It reads deliveries from D - w - 1 (context for sessions crossing midnight) to D + w (late
 * events already delivered when a past date is re-run): whichever run publishes a date, and in
 * whatever order, the date ends up the same.
 */
public final class SessionizeJob implements DailyJob {
  public static final String NAME = "sessionize";

  private final SessionizeSettings settings;

  public SessionizeJob(SessionizeSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, LocalDate date, String runId) {
    LocalDate windowFrom = date.minusDays(settings.lateWindowDays());
    LocalDate readFrom = windowFrom.minusDays(1);
    Column arrival = col(SilverColumns.ARRIVAL_DATE);
    Column inWindowArrival = arrival.between(Date.valueOf(windowFrom), Date.valueOf(date));
    Column trueInWindow = col(EventCleaning.TRUE_DATE).between(Date.valueOf(windowFrom), Date.valueOf(date));
    Column kept = col(SilverColumns.DISPOSITION).isNull();

    Dataset<Row> bronze = readBronze(spark, date, readFrom, date.plusDays(settings.lateWindowDays()));
    spark.sparkContext().setJobDescription(NAME + " " + date + ": clean events");
    Dataset<Row> classified = EventCleaning.withDisposition(bronze, settings).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      RunCounts counts = tally(classified, kept.and(trueInWindow), org.apache.spark.sql.functions.not(kept).and(inWindowArrival));
      writeQuarantine(spark, date, windowFrom, runId, classified.filter(inWindowArrival));
      checkQuarantine(classified.filter(inWindowArrival), counts, date);

      Dataset<Row> clean = classified.filter(kept);
      spark.sparkContext().setJobDescription(NAME + " " + date + ": stitch identities");
      Tables.upsert(spark, settings.lakehouse(), SilverTables.IDENTITY_MAP,
          IdentityStitching.firstLoginByDevice(clean), "s.first_login_ts < t.first_login_ts", EventFields.DEVICE_ID);
      Dataset<Row> stitched = IdentityStitching.withStitchedUser(clean,
              spark.table(SilverTables.IDENTITY_MAP.fullName()), settings.lateWindowDays())
          .withColumn(SilverColumns.REFERRER_CLASS, Sessionization.referrerClass(col(EventFields.REFERRER),
              col(EventFields.UTM_CAMPAIGN), col(EventFields.UTM_MEDIUM)));
      Dataset<Row> sessionized = Sessionization.withSessionId(stitched, settings.inactivityMinutes())
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        publish(spark, date, windowFrom, runId, sessionized, trueInWindow);
      } finally {
        sessionized.unpersist();
      }
      return counts;
    } finally {
      classified.unpersist();
    }
  }

  private Dataset<Row> readBronze(SparkSession spark, LocalDate date, LocalDate readFrom, LocalDate readTo) {
    Dataset<Row> bronze = spark.table(BronzeTables.EVENTS.fullName())
        .filter(col(EventFields.EVENT_DATE).between(Date.valueOf(readFrom), Date.valueOf(readTo)));
    if (bronze.filter(col(EventFields.EVENT_DATE).equalTo(Date.valueOf(date))).isEmpty()) {
      throw Errors.cannot("run " + NAME + " for " + date, "bronze.events has no events delivered that day",
          "Run: bin/audience ingest --date " + date);
    }
    return bronze;
  }

  private static RunCounts tally(Dataset<Row> classified, Column out, Column rejected) {
    Column disposition = col(SilverColumns.DISPOSITION);
    Row r = classified.agg(
        count(when(out, lit(1))),
        count(when(rejected.and(disposition.notEqual(EventCleaning.DUPLICATE)), lit(1))),
        count(when(rejected.and(disposition.equalTo(EventCleaning.DUPLICATE)), lit(1)))).first();
    long rowsOut = r.getLong(0);
    long quarantined = r.getLong(1);
    long deduplicated = r.getLong(2);
    return new RunCounts(rowsOut + quarantined + deduplicated, rowsOut, quarantined, deduplicated);
  }

  private void checkQuarantine(Dataset<Row> window, RunCounts counts, LocalDate date) {
    long bots = window.filter(col(SilverColumns.DISPOSITION).startsWith("BOT_")).count();
    long bad = counts.rowsQuarantined() - bots;
    double share = counts.rowsIn() == 0 ? 0 : (double) bad / counts.rowsIn();
    if (share > settings.maxQuarantineShare()) {
      throw Errors.tooMuchQuarantine(NAME, date, bad, counts.rowsIn(), share, settings.maxQuarantineShare());
    }
  }

  private void writeQuarantine(SparkSession spark, LocalDate date, LocalDate windowFrom, String runId,
      Dataset<Row> window) {
    Column disposition = col(SilverColumns.DISPOSITION);
    Dataset<Row> rejected = window
        .filter(disposition.isNotNull().and(disposition.notEqual(EventCleaning.DUPLICATE)))
        .withColumn(BronzeTables.RAW, to_json(struct(java.util.Arrays.stream(window.columns())
            .filter(c -> !c.equals(SilverColumns.DISPOSITION) && !c.equals(EventCleaning.TRUE_DATE))
            .map(org.apache.spark.sql.functions::col).toArray(Column[]::new))))
        .withColumn(EventParsing.DETAIL, EventCleaning.detail(settings))
        .select(lit(NAME).as(BronzeTables.STAGE), lit("events").as(BronzeTables.SOURCE),
            disposition.as(EventParsing.REASON), col(EventParsing.DETAIL), col(BronzeTables.RAW),
            col(EventFields.SOURCE_FILE), lit(runId).as(EventFields.RUN_ID),
            col(SilverColumns.ARRIVAL_DATE).as(EventFields.EVENT_DATE))
        .coalesce(1);
    Column slice = col(BronzeTables.STAGE).equalTo(NAME)
        .and(col(EventFields.EVENT_DATE).between(Date.valueOf(windowFrom), Date.valueOf(date)));
    spark.sparkContext().setJobDescription(NAME + " " + date + ": write bronze.quarantine");
    Tables.replace(spark, settings.lakehouse(), BronzeTables.QUARANTINE, rejected, slice);
  }

  private void publish(SparkSession spark, LocalDate date, LocalDate windowFrom, String runId,
      Dataset<Row> sessionized, Column trueInWindow) {
    Date from = Date.valueOf(windowFrom);
    Date to = Date.valueOf(date);
    Dataset<Row> events = sessionized.filter(trueInWindow)
        .withColumn(EventFields.EVENT_DATE, col(EventCleaning.TRUE_DATE))
        .withColumn(EventFields.RUN_ID, lit(runId));
    var lakehouse = settings.lakehouse();

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.events");
    Tables.replace(spark, lakehouse, SilverTables.EVENTS, events, col(EventFields.EVENT_DATE).between(from, to));
    Dataset<Row> published = spark.table(SilverTables.EVENTS.fullName())
        .filter(col(EventFields.EVENT_DATE).between(from, to));

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.sessions");
    Tables.replace(spark, lakehouse, SilverTables.SESSIONS,
        Sessionization.sessions(sessionized).filter(col(SilverColumns.SESSION_DATE).between(from, to)),
        col(SilverColumns.SESSION_DATE).between(from, to));

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.user_daily");
    Tables.replace(spark, lakehouse, SilverTables.USER_DAILY, UserDaily.userDaily(published),
        col(EventFields.EVENT_DATE).between(from, to));

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write subscriptions and transactions");
    Tables.replace(spark, lakehouse, SilverTables.SUBSCRIPTION_EVENTS, Subscriptions.subscriptionEvents(published),
        col(EventFields.EVENT_DATE).between(from, to));
    Tables.replace(spark, lakehouse, SilverTables.TRANSACTIONS, Transactions.fromEvents(published),
        col(Transactions.ORDER_DATE).between(from, to).and(col(Transactions.SOURCE).equalTo(Transactions.FROM_EVENTS)));
    if (spark.catalog().tableExists(BronzeTables.ORDERS_HISTORY.fullName())) {
      Tables.replace(spark, lakehouse, SilverTables.TRANSACTIONS,
          Transactions.fromExport(spark.table(BronzeTables.ORDERS_HISTORY.fullName())),
          col(Transactions.SOURCE).equalTo(Transactions.FROM_EXPORT));
    }
    Dataset<Row> history = spark.catalog().tableExists(BronzeTables.SUBSCRIPTIONS_HISTORY.fullName())
        ? spark.table(BronzeTables.SUBSCRIPTIONS_HISTORY.fullName())
        : spark.createDataFrame(java.util.List.of(), BronzeTables.SUBSCRIPTIONS_HISTORY.schema());
    Tables.replaceAll(spark, lakehouse, SilverTables.SUBSCRIPTIONS,
        Subscriptions.asOf(history, spark.table(SilverTables.SUBSCRIPTION_EVENTS.fullName()), date));
  }
}
