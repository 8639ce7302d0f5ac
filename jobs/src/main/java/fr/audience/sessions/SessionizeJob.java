package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.core.Upstream;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventParsing;
import fr.audience.ingest.RawInput;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze events into silver. A run for D publishes silver.events, sessions and user_daily for the
 * dates D - w .. D (w = late-window-days), so events delivered up to w days late land on their true
 * date. It reads deliveries from D - w - 1 (context for sessions crossing midnight) to D + w (late
 * events already delivered when a past date is re-run): whichever run publishes a date, and in
 * whatever order, the date ends up the same.
 */
public final class SessionizeJob implements DailyJob {
  public static final String NAME = "sessionize";
  private static final Logger LOG = LoggerFactory.getLogger(SessionizeJob.class);

  private final SessionizeSettings settings;

  public SessionizeJob(SessionizeSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    LocalDate windowFrom = dates.from().minusDays(settings.lateWindowDays());
    DateRange published = new DateRange(windowFrom, dates.to());
    Column arrival = col(SilverColumns.ARRIVAL_DATE);
    Column inWindowArrival = arrival.between(Date.valueOf(windowFrom), Date.valueOf(dates.to()));
    Column trueInWindow =
        col(EventCleaning.TRUE_DATE).between(Date.valueOf(windowFrom), Date.valueOf(dates.to()));
    Column kept = col(SilverColumns.DISPOSITION).isNull();

    Dataset<Row> bronze =
        readBronze(
            spark, dates, windowFrom.minusDays(1), dates.to().plusDays(settings.lateWindowDays()));
    spark.sparkContext().setJobDescription(NAME + " " + dates + ": clean events");
    // Six queries read the cleaned events from one cache, which the run drops; it is built without
    // compression when it fits in memory that way (EventCache).
    long bronzeBytes = EventCache.bronzeBytes(bronze);
    long storageBytes = EventCache.storageBytes(spark);
    boolean compress = EventCache.compressed(bronzeBytes, storageBytes);
    LOG.info(
        "{} {}: {} MB of bronze files, {} MB of storage memory: cleaned events cached {}",
        NAME,
        dates,
        bronzeBytes >> 20,
        storageBytes >> 20,
        compress ? "compressed" : "uncompressed");
    String compressed = "spark.sql.inMemoryColumnarStorage.compressed";
    String compressedBefore = spark.conf().get(compressed, "true");
    spark.conf().set(compressed, Boolean.toString(compress));
    Dataset<Row> prepared = null;
    try {
      prepared =
          EventCleaning.withDispositionAndSessions(
                  bronze,
                  settings,
                  Map.of(
                      SilverColumns.REFERRER_CLASS,
                      Sessionization.referrerClass(
                          col(EventFields.REFERRER),
                          col(EventFields.UTM_CAMPAIGN),
                          col(EventFields.UTM_MEDIUM))))
              .persist(StorageLevel.MEMORY_AND_DISK());
      Map<LocalDate, long[]> byDate =
          tally(prepared, kept.and(trueInWindow), functions.not(kept).and(inWindowArrival));
      writeQuarantine(
          spark,
          published,
          runId,
          prepared
              .filter(inWindowArrival)
              .drop(
                  SilverColumns.REFERRER_CLASS,
                  SilverColumns.SESSION_START,
                  SilverColumns.SESSION_ID));
      checkQuarantine(byDate);

      Dataset<Row> clean = prepared.filter(kept);
      spark.sparkContext().setJobDescription(NAME + " " + dates + ": stitch identities");
      Tables.upsert(
          spark,
          settings.lakehouse(),
          SilverTables.IDENTITY_MAP,
          IdentityStitching.firstLoginByDevice(clean),
          "s.first_login_ts < t.first_login_ts",
          EventFields.DEVICE_ID);
      Dataset<Row> identityMap = spark.table(SilverTables.IDENTITY_MAP.fullName());
      publish(
          spark,
          published,
          runId,
          IdentityStitching.withStitchedUser(clean, identityMap, settings.lateWindowDays()),
          IdentityStitching.stitchedSessions(clean, identityMap, settings.lateWindowDays()),
          trueInWindow);
      return byDate.values().stream()
          .map(c -> new RunCounts(c[0] + c[1] + c[2], c[0], c[1], c[2]))
          .reduce(new RunCounts(0, 0, 0, 0), RunCounts::plus);
    } finally {
      if (prepared != null) {
        prepared.unpersist();
      }
      spark.conf().set(compressed, compressedBefore);
    }
  }

  private Dataset<Row> readBronze(
      SparkSession spark, DateRange dates, LocalDate readFrom, LocalDate readTo) {
    Dataset<Row> bronze =
        spark
            .table(BronzeTables.EVENTS.fullName())
            .filter(
                col(EventFields.EVENT_DATE).between(Date.valueOf(readFrom), Date.valueOf(readTo)));
    Set<LocalDate> delivered =
        Upstream.datesIn(bronze, EventFields.EVENT_DATE, readFrom, dates.to());
    for (LocalDate date : dates.dates()) {
      if (!delivered.contains(date)) {
        throw Errors.inputMissing(
            "run " + NAME + " for " + date,
            BronzeTables.EVENTS.fullName(),
            "has no events delivered that day",
            "ingest",
            DateRange.of(date));
      }
    }
    // The earlier days of the window (sessions crossing midnight, late events) must be there too,
    // unless the history starts after them: a day missing in between would be published from its
    // late arrivals only.
    LocalDate firstDelivery = null;
    RawInput raw = new RawInput(settings.lakehouse().raw());
    for (LocalDate date = readFrom; date.isBefore(dates.from()); date = date.plusDays(1)) {
      if (delivered.contains(date)) {
        continue;
      }
      if (firstDelivery == null) {
        Row first =
            spark
                .table(BronzeTables.EVENTS.fullName())
                .agg(functions.min(col(EventFields.EVENT_DATE)))
                .first();
        firstDelivery = first.isNullAt(0) ? dates.from() : first.getDate(0).toLocalDate();
      }
      if (date.isAfter(firstDelivery) || RawInput.exists(spark, raw.events(date))) {
        throw Errors.inputMissing(
            "run " + NAME + " for " + dates,
            BronzeTables.EVENTS.fullName(),
            "has no events delivered on "
                + date
                + ", a day of the run's window, while "
                + (date.isAfter(firstDelivery)
                    ? "earlier days were ingested"
                    : "its raw delivery exists"),
            "ingest",
            DateRange.of(date));
      }
    }
    return bronze;
  }

  /**
   * Per date: published events (by true date), quarantined and duplicate records (by delivery
   * date). Together they are the records the run answers for, so rows_in = out + quarantined +
   * deduplicated.
   */
  private static Map<LocalDate, long[]> tally(
      Dataset<Row> classified, Column out, Column rejected) {
    Column disposition = col(SilverColumns.DISPOSITION);
    Column day =
        when(out, col(EventCleaning.TRUE_DATE)).when(rejected, col(SilverColumns.ARRIVAL_DATE));
    Map<LocalDate, long[]> byDate = new TreeMap<>();
    for (Row r :
        classified
            .filter(out.or(rejected))
            .groupBy(day.as("day"))
            .agg(
                count(when(out, lit(1))),
                count(when(rejected.and(disposition.notEqual(EventCleaning.DUPLICATE)), lit(1))),
                count(when(rejected.and(disposition.equalTo(EventCleaning.DUPLICATE)), lit(1))),
                count(when(rejected.and(disposition.startsWith("BOT_")), lit(1))))
            .collectAsList()) {
      byDate.put(
          r.getDate(0).toLocalDate(),
          new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)});
    }
    return byDate;
  }

  /**
   * Bots are expected traffic, not bad input: only the other rejections count against the limit.
   */
  private void checkQuarantine(Map<LocalDate, long[]> byDate) {
    byDate.forEach(
        (date, c) -> {
          long in = c[0] + c[1] + c[2];
          long bad = c[1] - c[3];
          double share = in == 0 ? 0 : (double) bad / in;
          if (share > settings.maxQuarantineShare()) {
            throw Errors.tooMuchQuarantine(
                NAME, date, bad, in, share, settings.maxQuarantineShare());
          }
        });
  }

  private void writeQuarantine(
      SparkSession spark, DateRange published, String runId, Dataset<Row> window) {
    Column disposition = col(SilverColumns.DISPOSITION);
    Dataset<Row> rejected =
        window
            .filter(disposition.isNotNull().and(disposition.notEqual(EventCleaning.DUPLICATE)))
            .withColumn(
                BronzeTables.RAW,
                to_json(
                    struct(
                        java.util.Arrays.stream(window.columns())
                            // The bronze row as delivered: not the ingest run that wrote it
                            // (a re-ingest would change the text), nor what this job derived.
                            .filter(
                                c ->
                                    !c.equals(SilverColumns.DISPOSITION)
                                        && !c.equals(EventCleaning.TRUE_DATE)
                                        && !c.equals(EventFields.RUN_ID))
                            .map(org.apache.spark.sql.functions::col)
                            .toArray(Column[]::new))))
            .withColumn(EventParsing.DETAIL, EventCleaning.detail(settings))
            .select(
                lit(NAME).as(BronzeTables.STAGE),
                lit("events").as(BronzeTables.SOURCE),
                disposition.as(EventParsing.REASON),
                col(EventParsing.DETAIL),
                col(BronzeTables.RAW),
                col(EventFields.SOURCE_FILE),
                lit(runId).as(EventFields.RUN_ID),
                col(SilverColumns.ARRIVAL_DATE).as(EventFields.EVENT_DATE))
            // One file for the few rejected rows; a coalesce would also scan the whole window in
            // that one task, where a repartition scans it on every core and moves only the rows.
            .repartition(1);
    Column slice =
        col(BronzeTables.STAGE)
            .equalTo(NAME)
            .and(
                col(EventFields.EVENT_DATE)
                    .between(Date.valueOf(published.from()), Date.valueOf(published.to())));
    spark.sparkContext().setJobDescription(NAME + " " + published + ": write bronze.quarantine");
    Tables.replace(spark, settings.lakehouse(), BronzeTables.QUARANTINE, rejected, slice);
  }

  /**
   * The date silver.subscriptions describes after a run publishing up to {@code published}: that
   * date, or the later one the snapshot already describes, so that re-running an old date never
   * moves the snapshot back (the subscription events of the dates in between are all published).
   */
  private static LocalDate snapshotDate(SparkSession spark, LocalDate published) {
    String table = SilverTables.SUBSCRIPTIONS.fullName();
    if (!spark.catalog().tableExists(table)) {
      return published;
    }
    Row latest = spark.table(table).agg(functions.max(col("as_of_date"))).first();
    if (latest.isNullAt(0)) {
      return published;
    }
    LocalDate described = latest.getDate(0).toLocalDate();
    return described.isAfter(published) ? described : published;
  }

  /**
   * Writes the silver tables from the stitched events of the read window and its stitched sessions;
   * user_daily, subscription events and transactions from the published rows themselves, without
   * reading silver.events back.
   */
  private void publish(
      SparkSession spark,
      DateRange window,
      String runId,
      Dataset<Row> stitched,
      Dataset<Row> sessions,
      Column trueInWindow) {
    Date from = Date.valueOf(window.from());
    Date to = Date.valueOf(window.to());
    String date = window.toString();
    Dataset<Row> published =
        stitched
            .filter(trueInWindow)
            .withColumn(EventFields.EVENT_DATE, col(EventCleaning.TRUE_DATE));
    var lakehouse = settings.lakehouse();

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.events");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.EVENTS,
        published.withColumn(EventFields.RUN_ID, lit(runId)),
        col(EventFields.EVENT_DATE).between(from, to));

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.sessions");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.SESSIONS,
        sessions.filter(col(SilverColumns.SESSION_DATE).between(from, to)),
        col(SilverColumns.SESSION_DATE).between(from, to));

    spark.sparkContext().setJobDescription(NAME + " " + date + ": write silver.user_daily");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.USER_DAILY,
        UserDaily.userDaily(published),
        col(EventFields.EVENT_DATE).between(from, to));

    spark
        .sparkContext()
        .setJobDescription(NAME + " " + date + ": write subscriptions and transactions");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.SUBSCRIPTION_EVENTS,
        Subscriptions.subscriptionEvents(published),
        col(EventFields.EVENT_DATE).between(from, to));
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.TRANSACTIONS,
        Transactions.fromEvents(published),
        col(Transactions.ORDER_DATE)
            .between(from, to)
            .and(col(Transactions.SOURCE).equalTo(Transactions.FROM_EVENTS)));
    if (spark.catalog().tableExists(BronzeTables.ORDERS_HISTORY.fullName())) {
      Tables.replace(
          spark,
          lakehouse,
          SilverTables.TRANSACTIONS,
          Transactions.fromExport(spark.table(BronzeTables.ORDERS_HISTORY.fullName())),
          col(Transactions.SOURCE).equalTo(Transactions.FROM_EXPORT));
    }
    Dataset<Row> history =
        spark.catalog().tableExists(BronzeTables.SUBSCRIPTIONS_HISTORY.fullName())
            ? spark.table(BronzeTables.SUBSCRIPTIONS_HISTORY.fullName())
            : spark.createDataFrame(
                java.util.List.of(), BronzeTables.SUBSCRIPTIONS_HISTORY.schema());
    Tables.replaceAll(
        spark,
        lakehouse,
        SilverTables.SUBSCRIPTIONS,
        Subscriptions.asOf(
            history,
            spark.table(SilverTables.SUBSCRIPTION_EVENTS.fullName()),
            snapshotDate(spark, window.to())));
  }
}
