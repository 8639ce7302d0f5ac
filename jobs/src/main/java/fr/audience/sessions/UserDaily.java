package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Per user and day, the counts later jobs (features, churn, KPIs) build on. */
public final class UserDaily {
  public static final String SECTION_PAGE_VIEWS = "section_page_views";
  public static final String DEVICE_EVENTS = "device_events";
  public static final String DAYPART_PAGE_VIEWS = "daypart_page_views";

  private UserDaily() {}

  /** Part of the day a page view falls in (UTC hours), used for time-of-day profiles. */
  public static Column daypart(Column ts) {
    Column h = hour(ts);
    return when(h.lt(6), lit("nuit"))
        .when(h.lt(10), lit("matin"))
        .when(h.lt(14), lit("midi"))
        .when(h.lt(18), lit("apres_midi"))
        .otherwise(lit("soir"));
  }

  /**
   * Requires silver events with a stitched {@code user_id} and {@code session_id}; anonymous events
   * are left out. Every figure comes from one pre-aggregate of the events, per device, user, day,
   * session, device type and, for page views, section and part of the day: on events partitioned by
   * device it needs no shuffle of the events themselves.
   */
  public static Dataset<Row> userDaily(Dataset<Row> events) {
    return fromPreAggregate(preAggregate(events));
  }

  /**
   * The pre-aggregate {@link #userDaily} builds on, of the known readers' events. The table reads
   * it twice (counts, then maps): a caller that persists it computes it once.
   */
  static Dataset<Row> preAggregate(Dataset<Row> events) {
    Columns.require(
        events,
        EventFields.DEVICE_ID,
        EventFields.USER_ID,
        EventFields.EVENT_DATE,
        EventFields.EVENT_TYPE,
        SilverColumns.SESSION_ID,
        EventFields.SECTION,
        EventFields.DEVICE,
        EventFields.TS);
    return perSession(events.filter(col(EventFields.USER_ID).isNotNull()));
  }

  /** silver.user_daily from {@link #preAggregate}. */
  static Dataset<Row> fromPreAggregate(Dataset<Row> pre) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(col("_n")).as("events"));
    aggs.add(countDistinct(col(SilverColumns.SESSION_ID)).as("sessions"));
    for (String type : EventFields.EVENT_TYPE_LIST) {
      aggs.add(sum(col("_n_" + type)).as(plural(type)));
    }
    aggs.add(
        coalesce(sum(col("_dwell")), lit(0.0))
            .plus(coalesce(sum(col("_video")), lit(0.0)))
            .as("engaged_seconds"));
    // What avg() computes: the sum over the count, null without reads.
    Column scrolled = sum(col("_scroll_n"));
    aggs.add(
        when(scrolled.gt(0), sum(col("_scroll")).divide(scrolled.cast("double")))
            .as("avg_scroll_depth"));
    aggs.add(coalesce(sum(col("_video")), lit(0.0)).as("video_seconds"));
    aggs.add(coalesce(sum(col("_video_duration")), lit(0.0)).as("video_duration_seconds"));
    aggs.add(coalesce(sum(col("_purchase")), lit(0.0)).as("purchase_amount_eur"));
    aggs.add(coalesce(sum(col("_subscription")), lit(0.0)).as("subscription_revenue_eur"));
    aggs.add(functions.min(col("_first_ts")).as("first_ts"));
    aggs.add(functions.max(col("_last_ts")).as("last_ts"));
    Dataset<Row> counts =
        pre.groupBy(EventFields.USER_ID, EventFields.EVENT_DATE)
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    return counts.join(
        countMaps(pre), new String[] {EventFields.USER_ID, EventFields.EVENT_DATE}, "left");
  }

  /**
   * Counts and sums per device, user, day, session, device type, page view section and page view
   * part of the day. A session's reads, videos and purchases fall in one row, so its sums are added
   * in event order as a per-event aggregate would.
   */
  private static Dataset<Row> perSession(Dataset<Row> known) {
    Column pageView = type("page_view");
    List<Column> aggs = new ArrayList<>();
    for (String type : EventFields.EVENT_TYPE_LIST) {
      aggs.add(count(when(type(type), lit(1))).as("_n_" + type));
    }
    aggs.add(sum(col(EventFields.DWELL_SECONDS)).as("_dwell"));
    aggs.add(sum(col(EventFields.VIDEO_SECONDS)).as("_video"));
    aggs.add(sum(col(EventFields.VIDEO_DURATION_SECONDS)).as("_video_duration"));
    Column read = type("article_read");
    aggs.add(sum(when(read, col(EventFields.SCROLL_DEPTH))).as("_scroll"));
    aggs.add(count(when(read, col(EventFields.SCROLL_DEPTH))).as("_scroll_n"));
    aggs.add(sum(when(type("purchase"), col(EventFields.AMOUNT_EUR))).as("_purchase"));
    aggs.add(
        sum(when(
                type("subscription_start").or(type("subscription_renew")),
                col(EventFields.PRICE_EUR)))
            .as("_subscription"));
    aggs.add(functions.min(col(EventFields.TS)).as("_first_ts"));
    aggs.add(functions.max(col(EventFields.TS)).as("_last_ts"));
    return known
        .groupBy(
            col(EventFields.DEVICE_ID),
            col(EventFields.USER_ID),
            col(EventFields.EVENT_DATE),
            col(SilverColumns.SESSION_ID),
            col(EventFields.DEVICE),
            when(pageView, col(EventFields.SECTION)).as("_pv_section"),
            when(pageView, daypart(col(EventFields.TS))).as("_pv_daypart"))
        .agg(count(lit(1)).as("_n"), aggs.toArray(Column[]::new));
  }

  /**
   * The three per-key counts of each user and day as maps sorted by key, null when the day has no
   * such key: page views per section, events per device type, page views per part of the day.
   */
  private static Dataset<Row> countMaps(Dataset<Row> pre) {
    Column keyed =
        functions.explode(
            functions.array(
                keyed(SECTION_PAGE_VIEWS, col("_pv_section")),
                keyed(DEVICE_EVENTS, col(EventFields.DEVICE)),
                keyed(DAYPART_PAGE_VIEWS, col("_pv_daypart"))));
    Dataset<Row> perKey =
        pre.select(col(EventFields.USER_ID), col(EventFields.EVENT_DATE), col("_n"), keyed.as("_k"))
            .filter(col("_k._key").isNotNull())
            .groupBy(
                col(EventFields.USER_ID),
                col(EventFields.EVENT_DATE),
                col("_k._map").as("_map"),
                col("_k._key").as("_key"))
            .agg(sum(col("_n")).as("_n"));
    List<Column> maps = new ArrayList<>();
    for (String name : List.of(SECTION_PAGE_VIEWS, DEVICE_EVENTS, DAYPART_PAGE_VIEWS)) {
      Column entry = when(col("_map").equalTo(name), struct(col("_key"), col("_n")));
      maps.add(
          when(
                  count(entry).gt(0),
                  map_from_entries(functions.array_sort(functions.collect_list(entry))))
              .as(name));
    }
    return perKey
        .groupBy(EventFields.USER_ID, EventFields.EVENT_DATE)
        .agg(maps.get(0), maps.subList(1, maps.size()).toArray(Column[]::new));
  }

  private static Column keyed(String map, Column key) {
    return struct(lit(map).as("_map"), key.as("_key"));
  }

  private static Column type(String eventType) {
    return col(EventFields.EVENT_TYPE).equalTo(eventType);
  }

  static String plural(String eventType) {
    return switch (eventType) {
      case "push_sent" -> "pushes_sent";
      case "push_open" -> "push_opens";
      case "newsletter_send" -> "newsletter_sends";
      case "newsletter_open" -> "newsletter_opens";
      case "subscription_start" -> "subscription_starts";
      case "subscription_renew" -> "subscription_renewals";
      case "subscription_cancel" -> "subscription_cancels";
      default -> eventType + "s";
    };
  }
}
