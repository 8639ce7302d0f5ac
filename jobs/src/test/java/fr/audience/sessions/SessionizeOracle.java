package fr.audience.sessions;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventParsing;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The sessionize job as it was before it was made to shuffle its rows once: the definition the
 * faster job must reproduce (SessionizeEquivalenceTest). A copy of the job and of its cleaning,
 * stitching, sessionization and user_daily transforms, kept as they were; the pieces that did not
 * change (referrer class, quarantine detail, subscriptions, transactions) are called where they
 * live.
 */
final class SessionizeOracle {
  /** Phases are named in the Spark UI as the job names them, told apart from the job's. */
  private static final String PHASE = SessionizeJob.NAME + " (oracle) ";

  private SessionizeOracle() {}

  static RunCounts run(SparkSession spark, SessionizeSettings s, DateRange dates, String runId) {
    LocalDate windowFrom = dates.from().minusDays(s.lateWindowDays());
    DateRange published = new DateRange(windowFrom, dates.to());
    Column arrival = col(SilverColumns.ARRIVAL_DATE);
    Column inWindowArrival = arrival.between(Date.valueOf(windowFrom), Date.valueOf(dates.to()));
    Column trueInWindow =
        col(EventCleaning.TRUE_DATE).between(Date.valueOf(windowFrom), Date.valueOf(dates.to()));
    Column kept = col(SilverColumns.DISPOSITION).isNull();
    Dataset<Row> bronze =
        spark
            .table(BronzeTables.EVENTS.fullName())
            .filter(
                col(EventFields.EVENT_DATE)
                    .between(
                        Date.valueOf(windowFrom.minusDays(1)),
                        Date.valueOf(dates.to().plusDays(s.lateWindowDays()))));
    spark.sparkContext().setJobDescription(PHASE + dates + ": clean events");
    Dataset<Row> classified = withDisposition(bronze, s).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<LocalDate, long[]> byDate =
          tally(classified, kept.and(trueInWindow), functions.not(kept).and(inWindowArrival));
      writeQuarantine(spark, s, published, runId, classified.filter(inWindowArrival));
      checkQuarantine(s, byDate);
      Dataset<Row> clean = classified.filter(kept);
      spark.sparkContext().setJobDescription(PHASE + dates + ": stitch identities");
      Tables.upsert(
          spark,
          s.lakehouse(),
          SilverTables.IDENTITY_MAP,
          firstLoginByDevice(clean),
          "s.first_login_ts < t.first_login_ts",
          EventFields.DEVICE_ID);
      Dataset<Row> stitched =
          withStitchedUser(
                  clean, spark.table(SilverTables.IDENTITY_MAP.fullName()), s.lateWindowDays())
              .withColumn(
                  SilverColumns.REFERRER_CLASS,
                  Sessionization.referrerClass(
                      col(EventFields.REFERRER),
                      col(EventFields.UTM_CAMPAIGN),
                      col(EventFields.UTM_MEDIUM)));
      Dataset<Row> sessionized =
          withSessionId(stitched, s.inactivityMinutes()).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        publish(spark, s, published, runId, sessionized, trueInWindow);
      } finally {
        sessionized.unpersist();
      }
      return byDate.values().stream()
          .map(c -> new RunCounts(c[0] + c[1] + c[2], c[0], c[1], c[2]))
          .reduce(new RunCounts(0, 0, 0, 0), RunCounts::plus);
    } finally {
      classified.unpersist();
    }
  }

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

  private static void checkQuarantine(SessionizeSettings s, Map<LocalDate, long[]> byDate) {
    byDate.forEach(
        (date, c) -> {
          long in = c[0] + c[1] + c[2];
          long bad = c[1] - c[3];
          double share = in == 0 ? 0 : (double) bad / in;
          if (share > s.maxQuarantineShare()) {
            throw Errors.tooMuchQuarantine(
                SessionizeJob.NAME, date, bad, in, share, s.maxQuarantineShare());
          }
        });
  }

  private static void writeQuarantine(
      SparkSession spark,
      SessionizeSettings s,
      DateRange published,
      String runId,
      Dataset<Row> window) {
    Column disposition = col(SilverColumns.DISPOSITION);
    Dataset<Row> rejected =
        window
            .filter(disposition.isNotNull().and(disposition.notEqual(EventCleaning.DUPLICATE)))
            .withColumn(
                BronzeTables.RAW,
                to_json(
                    struct(
                        Arrays.stream(window.columns())
                            // The bronze row as delivered, without the ingest run that wrote it.
                            .filter(
                                c ->
                                    !c.equals(SilverColumns.DISPOSITION)
                                        && !c.equals(EventCleaning.TRUE_DATE)
                                        && !c.equals(EventFields.RUN_ID))
                            .map(functions::col)
                            .toArray(Column[]::new))))
            .withColumn(EventParsing.DETAIL, EventCleaning.detail(s))
            .select(
                lit(SessionizeJob.NAME).as(BronzeTables.STAGE),
                lit("events").as(BronzeTables.SOURCE),
                disposition.as(EventParsing.REASON),
                col(EventParsing.DETAIL),
                col(BronzeTables.RAW),
                col(EventFields.SOURCE_FILE),
                lit(runId).as(EventFields.RUN_ID),
                col(SilverColumns.ARRIVAL_DATE).as(EventFields.EVENT_DATE))
            .coalesce(1);
    Column slice =
        col(BronzeTables.STAGE)
            .equalTo(SessionizeJob.NAME)
            .and(
                col(EventFields.EVENT_DATE)
                    .between(Date.valueOf(published.from()), Date.valueOf(published.to())));
    spark.sparkContext().setJobDescription(PHASE + published + ": write bronze.quarantine");
    Tables.replace(spark, s.lakehouse(), BronzeTables.QUARANTINE, rejected, slice);
  }

  private static void publish(
      SparkSession spark,
      SessionizeSettings s,
      DateRange window,
      String runId,
      Dataset<Row> sessionized,
      Column trueInWindow) {
    Date from = Date.valueOf(window.from());
    Date to = Date.valueOf(window.to());
    Dataset<Row> events =
        sessionized
            .filter(trueInWindow)
            .withColumn(EventFields.EVENT_DATE, col(EventCleaning.TRUE_DATE))
            .withColumn(EventFields.RUN_ID, lit(runId));
    var lakehouse = s.lakehouse();
    spark.sparkContext().setJobDescription(PHASE + window + ": write silver.events");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.EVENTS,
        events,
        col(EventFields.EVENT_DATE).between(from, to));
    Dataset<Row> published =
        spark
            .table(SilverTables.EVENTS.fullName())
            .filter(col(EventFields.EVENT_DATE).between(from, to));
    spark.sparkContext().setJobDescription(PHASE + window + ": write silver.sessions");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.SESSIONS,
        sessions(sessionized).filter(col(SilverColumns.SESSION_DATE).between(from, to)),
        col(SilverColumns.SESSION_DATE).between(from, to));
    spark.sparkContext().setJobDescription(PHASE + window + ": write silver.user_daily");
    Tables.replace(
        spark,
        lakehouse,
        SilverTables.USER_DAILY,
        userDaily(published),
        col(EventFields.EVENT_DATE).between(from, to));
    spark
        .sparkContext()
        .setJobDescription(PHASE + window + ": write subscriptions and transactions");
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
            : spark.createDataFrame(List.of(), BronzeTables.SUBSCRIPTIONS_HISTORY.schema());
    Tables.replaceAll(
        spark,
        lakehouse,
        SilverTables.SUBSCRIPTIONS,
        Subscriptions.asOf(
            history, spark.table(SilverTables.SUBSCRIPTION_EVENTS.fullName()), window.to()));
  }

  // EventCleaning.withDisposition
  static Dataset<Row> withDisposition(Dataset<Row> bronze, SessionizeSettings s) {
    Dataset<Row> rows =
        bronze
            .withColumnRenamed(EventFields.EVENT_DATE, SilverColumns.ARRIVAL_DATE)
            .withColumn(EventCleaning.TRUE_DATE, to_date(col(EventFields.TS)))
            .withColumn(
                "_copy",
                row_number()
                    .over(
                        Window.partitionBy(EventFields.EVENT_ID)
                            .orderBy(
                                col(SilverColumns.ARRIVAL_DATE),
                                col(EventFields.SOURCE_FILE),
                                col(EventFields.TS))));
    Column firstCopy = col("_copy").equalTo(1);
    Column pageView = firstCopy.and(col(EventFields.EVENT_TYPE).equalTo("page_view"));
    rows =
        rows.withColumn(
                "_burst_pages",
                count(when(pageView, lit(1)))
                    .over(
                        Window.partitionBy(EventFields.DEVICE_ID)
                            .orderBy(unix_seconds(col(EventFields.TS)))
                            .rangeBetween(-s.botBurstSeconds(), 0)))
            .withColumn(
                "_peak_pages",
                max(col("_burst_pages"))
                    .over(
                        Window.partitionBy(
                            col(EventFields.DEVICE_ID), col(EventCleaning.TRUE_DATE))));
    Column arrivalEnd =
        unix_seconds(
            functions.to_timestamp(functions.date_add(col(SilverColumns.ARRIVAL_DATE), 1)));
    Column future =
        unix_seconds(col(EventFields.TS)).gt(arrivalEnd.plus(s.maxClockSkewMinutes() * 60L));
    Column tooLate =
        col(EventCleaning.TRUE_DATE)
            .lt(date_sub(col(SilverColumns.ARRIVAL_DATE), s.lateWindowDays()));
    Column botAgent =
        functions.coalesce(
            lower(col(EventFields.USER_AGENT)).rlike("(?i)" + s.botUserAgentPattern()), lit(false));
    Column botRate = col("_peak_pages").gt(s.botBurstPages());
    Column disposition =
        when(functions.not(firstCopy), lit(EventCleaning.DUPLICATE))
            .when(future, lit(EventCleaning.FUTURE_TIMESTAMP))
            .when(tooLate, lit(EventCleaning.TOO_LATE))
            .when(botAgent, lit(EventCleaning.BOT_USER_AGENT))
            .when(botRate, lit(EventCleaning.BOT_RATE));
    return rows.withColumn(SilverColumns.DISPOSITION, disposition)
        .drop("_copy", "_burst_pages", "_peak_pages");
  }

  // IdentityStitching.firstLoginByDevice
  static Dataset<Row> firstLoginByDevice(Dataset<Row> events) {
    return events
        .filter(col(EventFields.USER_ID).isNotNull())
        .groupBy(EventFields.DEVICE_ID)
        .agg(
            min_by(col(EventFields.USER_ID), col(EventFields.TS)).as(EventFields.USER_ID),
            min(col(EventFields.TS)).as(IdentityStitching.FIRST_LOGIN_TS))
        .withColumn(
            IdentityStitching.FIRST_LOGIN_DATE, to_date(col(IdentityStitching.FIRST_LOGIN_TS)))
        .select(
            EventFields.DEVICE_ID,
            EventFields.USER_ID,
            IdentityStitching.FIRST_LOGIN_TS,
            IdentityStitching.FIRST_LOGIN_DATE);
  }

  // IdentityStitching.withStitchedUser
  static Dataset<Row> withStitchedUser(
      Dataset<Row> events, Dataset<Row> identityMap, int lateWindowDays) {
    Dataset<Row> known =
        identityMap.select(
            col(EventFields.DEVICE_ID).as("_map_device"),
            col(EventFields.USER_ID).as("_map_user"),
            col(IdentityStitching.FIRST_LOGIN_DATE).as("_map_date"));
    Column knownInTime =
        col("_map_date").leq(date_add(col(EventCleaning.TRUE_DATE), lateWindowDays));
    return events
        .withColumnRenamed(EventFields.USER_ID, SilverColumns.LOGIN_USER_ID)
        .join(known, col(EventFields.DEVICE_ID).equalTo(col("_map_device")), "left")
        .withColumn(
            EventFields.USER_ID,
            coalesce(col(SilverColumns.LOGIN_USER_ID), when(knownInTime, col("_map_user"))))
        .drop("_map_device", "_map_user", "_map_date");
  }

  // Sessionization.withSessionId
  static Dataset<Row> withSessionId(Dataset<Row> events, int inactivityMinutes) {
    Column serverSide = col(EventFields.EVENT_TYPE).isin(EventFields.SERVER_SIDE_TYPES.toArray());
    WindowSpec byDevice =
        Window.partitionBy(EventFields.DEVICE_ID).orderBy(EventFields.TS, EventFields.EVENT_ID);
    Column gapMillis =
        unix_millis(col(EventFields.TS))
            .minus(unix_millis(lag(col(EventFields.TS), 1).over(byDevice)));
    Column startsSession = coalesce(gapMillis.gt(inactivityMinutes * 60_000L), lit(true));
    Dataset<Row> visits =
        events
            .filter(functions.not(serverSide))
            .withColumn("_starts", when(startsSession, lit(1)).otherwise(lit(0)))
            .withColumn(
                "_session_no",
                sum(col("_starts"))
                    .over(byDevice.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
            .withColumn(
                SilverColumns.SESSION_START,
                min(col(EventFields.TS))
                    .over(Window.partitionBy(EventFields.DEVICE_ID, "_session_no")))
            .withColumn(
                SilverColumns.SESSION_ID,
                substring(
                    sha2(
                        concat_ws(
                            "|",
                            col(EventFields.DEVICE_ID),
                            col(SilverColumns.SESSION_START).cast("string")),
                        256),
                    1,
                    24))
            .drop("_starts", "_session_no");
    Dataset<Row> server =
        events
            .filter(serverSide)
            .withColumn(SilverColumns.SESSION_START, lit(null).cast("timestamp"))
            .withColumn(SilverColumns.SESSION_ID, lit(null).cast("string"));
    return visits.unionByName(server);
  }

  // Sessionization.sessions
  static Dataset<Row> sessions(Dataset<Row> events) {
    Column pageView = col(EventFields.EVENT_TYPE).equalTo("page_view");
    Column firstPage = min(when(pageView, struct(col(EventFields.TS), col(EventFields.SECTION))));
    Column firstEvent =
        min(
            struct(
                col(EventFields.TS), col(SilverColumns.REFERRER_CLASS), col(EventFields.DEVICE)));
    return events
        .filter(col(SilverColumns.SESSION_ID).isNotNull())
        .groupBy(SilverColumns.SESSION_ID)
        .agg(
            min(col(EventFields.DEVICE_ID)).as(EventFields.DEVICE_ID),
            max(col(EventFields.USER_ID)).as(EventFields.USER_ID),
            min(col(EventFields.TS)).as("session_start"),
            max(col(EventFields.TS)).as("session_end"),
            count(lit(1)).as("events"),
            count(when(pageView, lit(1))).as("page_views"),
            coalesce(sum(col(EventFields.DWELL_SECONDS)), lit(0.0))
                .plus(coalesce(sum(col(EventFields.VIDEO_SECONDS)), lit(0.0)))
                .as("engaged_seconds"),
            firstPage.getField(EventFields.SECTION).as("entry_section"),
            firstEvent.getField(SilverColumns.REFERRER_CLASS).as(SilverColumns.REFERRER_CLASS),
            firstEvent.getField(EventFields.DEVICE).as(EventFields.DEVICE))
        .withColumn(
            "duration_seconds",
            unix_millis(col("session_end")).minus(unix_millis(col("session_start"))).divide(1000.0))
        .withColumn(SilverColumns.SESSION_DATE, to_date(col("session_start")));
  }

  // UserDaily.userDaily
  static Dataset<Row> userDaily(Dataset<Row> events) {
    Dataset<Row> known = events.filter(col(EventFields.USER_ID).isNotNull());
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("events"));
    aggs.add(countDistinct(col(SilverColumns.SESSION_ID)).as("sessions"));
    for (String type : EventFields.EVENT_TYPE_LIST) {
      aggs.add(count(when(type(type), lit(1))).as(UserDaily.plural(type)));
    }
    aggs.add(
        coalesce(sum(col(EventFields.DWELL_SECONDS)), lit(0.0))
            .plus(coalesce(sum(col(EventFields.VIDEO_SECONDS)), lit(0.0)))
            .as("engaged_seconds"));
    aggs.add(avg(when(type("article_read"), col(EventFields.SCROLL_DEPTH))).as("avg_scroll_depth"));
    aggs.add(coalesce(sum(col(EventFields.VIDEO_SECONDS)), lit(0.0)).as("video_seconds"));
    aggs.add(
        coalesce(sum(col(EventFields.VIDEO_DURATION_SECONDS)), lit(0.0))
            .as("video_duration_seconds"));
    aggs.add(
        coalesce(sum(when(type("purchase"), col(EventFields.AMOUNT_EUR))), lit(0.0))
            .as("purchase_amount_eur"));
    aggs.add(
        coalesce(
                sum(
                    when(
                        type("subscription_start").or(type("subscription_renew")),
                        col(EventFields.PRICE_EUR))),
                lit(0.0))
            .as("subscription_revenue_eur"));
    aggs.add(functions.min(col(EventFields.TS)).as("first_ts"));
    aggs.add(functions.max(col(EventFields.TS)).as("last_ts"));
    Dataset<Row> counts =
        known
            .groupBy(EventFields.USER_ID, EventFields.EVENT_DATE)
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    Dataset<Row> sections =
        countsAsMap(
            known.filter(type("page_view")),
            col(EventFields.SECTION),
            UserDaily.SECTION_PAGE_VIEWS);
    Dataset<Row> devices = countsAsMap(known, col(EventFields.DEVICE), UserDaily.DEVICE_EVENTS);
    Dataset<Row> dayparts =
        countsAsMap(
            known.filter(type("page_view")),
            UserDaily.daypart(col(EventFields.TS)),
            UserDaily.DAYPART_PAGE_VIEWS);
    String[] keys = {EventFields.USER_ID, EventFields.EVENT_DATE};
    return counts
        .join(sections, keys, "left")
        .join(devices, keys, "left")
        .join(dayparts, keys, "left");
  }

  private static Column type(String eventType) {
    return col(EventFields.EVENT_TYPE).equalTo(eventType);
  }

  private static Dataset<Row> countsAsMap(Dataset<Row> rows, Column key, String name) {
    return rows.filter(key.isNotNull())
        .groupBy(col(EventFields.USER_ID), col(EventFields.EVENT_DATE), key.as("_key"))
        .agg(count(lit(1)).as("_n"))
        .groupBy(EventFields.USER_ID, EventFields.EVENT_DATE)
        .agg(
            map_from_entries(
                    functions.array_sort(functions.collect_list(struct(col("_key"), col("_n")))))
                .as(name));
  }
}
