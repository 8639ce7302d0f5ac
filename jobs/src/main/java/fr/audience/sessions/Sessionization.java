package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Cuts each device's events into sessions: a new session starts after {@code inactivity} minutes
 * without an event. A session belongs to the date it started, even when it crosses midnight.
 */
public final class Sessionization {
  static final String SEARCH =
      "google\\.|bing\\.|qwant\\.|duckduckgo\\.|ecosia\\.|yahoo\\.|lilo\\.";
  static final String SOCIAL =
      "facebook\\.|twitter\\.|//t\\.co|//x\\.com|instagram\\.|linkedin\\.|tiktok\\.|reddit\\.|whatsapp\\.|snapchat\\.|bsky\\.";

  private Sessionization() {}

  /**
   * Adds {@code session_id} (stable: a hash of device and start time) and {@code session_start}.
   * Server-side events (newsletter sends, pushes sent, renewals) belong to no visit: both stay
   * null.
   */
  public static Dataset<Row> withSessionId(Dataset<Row> events, int inactivityMinutes) {
    Columns.require(
        events,
        EventFields.DEVICE_ID,
        EventFields.TS,
        EventFields.EVENT_ID,
        EventFields.EVENT_TYPE);
    Column serverSide = col(EventFields.EVENT_TYPE).isin(EventFields.SERVER_SIDE_TYPES.toArray());
    Dataset<Row> visits =
        withVisitSessionId(events.filter(functions.not(serverSide)), inactivityMinutes);
    Dataset<Row> server =
        events
            .filter(serverSide)
            .withColumn(SilverColumns.SESSION_START, lit(null).cast("timestamp"))
            .withColumn(SilverColumns.SESSION_ID, lit(null).cast("string"));
    return visits.unionByName(server);
  }

  private static Dataset<Row> withVisitSessionId(Dataset<Row> events, int inactivityMinutes) {
    WindowSpec byDevice =
        Window.partitionBy(EventFields.DEVICE_ID).orderBy(EventFields.TS, EventFields.EVENT_ID);
    Column gapMillis =
        unix_millis(col(EventFields.TS))
            .minus(unix_millis(lag(col(EventFields.TS), 1).over(byDevice)));
    Column startsSession = coalesce(gapMillis.gt(inactivityMinutes * 60_000L), lit(true));
    Dataset<Row> numbered =
        events
            .withColumn("_starts", when(startsSession, lit(1)).otherwise(lit(0)))
            .withColumn(
                "_session_no",
                sum(col("_starts"))
                    .over(byDevice.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    return numbered
        .withColumn(
            SilverColumns.SESSION_START,
            min(col(EventFields.TS)).over(Window.partitionBy(EventFields.DEVICE_ID, "_session_no")))
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
  }

  /** Where a visit came from, from its referrer and campaign parameters. */
  public static Column referrerClass(Column referrer, Column utmCampaign, Column utmMedium) {
    Column r = lower(coalesce(referrer, lit("")));
    return when(utmCampaign.isNotNull().and(utmCampaign.notEqual("")), lit("campaign"))
        .when(
            lower(coalesce(utmMedium, lit("")))
                .isin("email", "newsletter")
                .or(r.contains("newsletter")),
            lit("newsletter"))
        .when(r.equalTo(""), lit("direct"))
        .when(r.rlike(SEARCH), lit("search"))
        .when(r.rlike(SOCIAL), lit("social"))
        .otherwise(lit("partner"));
  }

  /** One row per session, from events carrying {@code session_id} and {@code session_start}. */
  public static Dataset<Row> sessions(Dataset<Row> events) {
    Columns.require(
        events,
        SilverColumns.SESSION_ID,
        SilverColumns.SESSION_START,
        EventFields.TS,
        EventFields.EVENT_TYPE,
        EventFields.DEVICE_ID,
        EventFields.USER_ID,
        EventFields.DEVICE,
        EventFields.SECTION,
        EventFields.DWELL_SECONDS,
        EventFields.VIDEO_SECONDS,
        SilverColumns.REFERRER_CLASS);
    Column pageView = col(EventFields.EVENT_TYPE).equalTo("page_view");
    // first(...) after sorting is not deterministic in Spark; min of (ts, value) structs is.
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
}
