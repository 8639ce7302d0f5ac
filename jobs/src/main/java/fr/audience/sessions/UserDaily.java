package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

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

  /** The pre-aggregate {@link #userDaily} builds on, of the known readers' events. */
  private static Dataset<Row> preAggregate(Dataset<Row> events) {
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

  /**
   * silver.user_daily from {@link #preAggregate}: its rows shuffled by user and day, sorted by
   * them, then each user-day's rows folded in one pass ({@link DayFold}). As aggregates, the
   * counts, the distinct sessions and the three per-key maps would take two aggregations and a join
   * over the pre-aggregate.
   */
  private static Dataset<Row> fromPreAggregate(Dataset<Row> pre) {
    var sorted =
        (org.apache.spark.sql.classic.Dataset<Row>)
            pre.select(DayFold.inputs())
                .repartition(col(EventFields.USER_ID), col(EventFields.EVENT_DATE))
                .sortWithinPartitions(EventFields.USER_ID, EventFields.EVENT_DATE);
    StructType schema = DayFold.schema();
    RDD<InternalRow> days =
        sorted
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new DayFold(EventFields.EVENT_TYPE_LIST.size()), true)
            .rdd();
    var spark = (org.apache.spark.sql.classic.SparkSession) pre.sparkSession();
    return spark.internalCreateDataFrame(days, schema, false);
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
