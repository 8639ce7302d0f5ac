package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
    Columns.require(events, EventFields.EVENT_TYPE);
    return withSessionId(events, functions.not(serverSide()), inactivityMinutes);
  }

  /**
   * Adds {@code session_id} and {@code session_start} to the rows where {@code inVisit} holds, null
   * elsewhere; the other rows neither start nor keep a visit alive. All rows stay, so a caller can
   * sessionize its kept events in the same pass, on the same device partitioning, as it classifies
   * them.
   */
  public static Dataset<Row> withSessionId(
      Dataset<Row> events, Column inVisit, int inactivityMinutes) {
    Columns.require(events, EventFields.DEVICE_ID, EventFields.TS, EventFields.EVENT_ID);
    return DeviceWalk.walk(
            events.withColumn(DeviceWalk.VISIT, coalesce(inVisit, lit(false))),
            new DeviceWalk.Spec(false, true, 0, 0, inactivityMinutes))
        .drop(DeviceWalk.VISIT);
  }

  /** Events sent by servers on a reader's behalf, which belong to no visit. */
  public static Column serverSide() {
    return col(EventFields.EVENT_TYPE).isin(EventFields.SERVER_SIDE_TYPES.toArray());
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
        .when(RepeatedFind.of(r, SEARCH), lit("search"))
        .when(RepeatedFind.of(r, SOCIAL), lit("social"))
        .otherwise(lit("partner"));
  }

  /** One row per session, from events carrying {@code session_id} and {@code session_start}. */
  public static Dataset<Row> sessions(Dataset<Row> events) {
    return sessions(events, Map.of());
  }

  /**
   * {@link #sessions(Dataset)} with more aggregates of each session's events (by column name),
   * added after its columns.
   */
  static Dataset<Row> sessions(Dataset<Row> events, Map<String, Column> more) {
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
    List<Column> aggregates =
        new ArrayList<>(
            List.of(
                max(col(EventFields.TS)).as("session_end"),
                count(lit(1)).as("events"),
                count(when(pageView, lit(1))).as("page_views"),
                coalesce(sum(col(EventFields.DWELL_SECONDS)), lit(0.0))
                    .plus(coalesce(sum(col(EventFields.VIDEO_SECONDS)), lit(0.0)))
                    .as("engaged_seconds"),
                firstPage.getField(EventFields.SECTION).as("entry_section"),
                firstEvent.getField(SilverColumns.REFERRER_CLASS).as(SilverColumns.REFERRER_CLASS),
                firstEvent.getField(EventFields.DEVICE).as(EventFields.DEVICE)));
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col(SilverColumns.SESSION_ID),
                col(EventFields.DEVICE_ID),
                col(EventFields.USER_ID),
                col(SilverColumns.SESSION_START),
                col("session_end"),
                col("events"),
                col("page_views"),
                col("engaged_seconds"),
                col("entry_section"),
                col(SilverColumns.REFERRER_CLASS),
                col(EventFields.DEVICE)));
    more.forEach(
        (name, aggregate) -> {
          aggregates.add(aggregate.as(name));
          columns.add(col(name));
        });
    // A session is one device's from its start (its id is derived from both): grouping by them
    // keeps the rows on the device partitioning and carries the id the walk hashed.
    return events
        .filter(col(SilverColumns.SESSION_ID).isNotNull())
        .groupBy(EventFields.DEVICE_ID, SilverColumns.SESSION_START, SilverColumns.SESSION_ID)
        .agg(
            max(col(EventFields.USER_ID)).as(EventFields.USER_ID),
            aggregates.toArray(Column[]::new))
        .select(columns.toArray(Column[]::new))
        .withColumn(
            "duration_seconds",
            unix_millis(col("session_end"))
                .minus(unix_millis(col(SilverColumns.SESSION_START)))
                .divide(1000.0))
        .withColumn(SilverColumns.SESSION_DATE, to_date(col(SilverColumns.SESSION_START)));
  }
}
