package fr.audience.sessions;

import static org.apache.spark.sql.functions.avg;
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
   * are left out.
   */
  public static Dataset<Row> userDaily(Dataset<Row> events) {
    Columns.require(
        events,
        EventFields.USER_ID,
        EventFields.EVENT_DATE,
        EventFields.EVENT_TYPE,
        SilverColumns.SESSION_ID,
        EventFields.SECTION,
        EventFields.DEVICE,
        EventFields.TS);
    Dataset<Row> known = events.filter(col(EventFields.USER_ID).isNotNull());
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("events"));
    aggs.add(countDistinct(col(SilverColumns.SESSION_ID)).as("sessions"));
    for (String type : EventFields.EVENT_TYPE_LIST) {
      aggs.add(count(when(type(type), lit(1))).as(plural(type)));
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
        countsAsMap(known.filter(type("page_view")), col(EventFields.SECTION), SECTION_PAGE_VIEWS);
    Dataset<Row> devices = countsAsMap(known, col(EventFields.DEVICE), DEVICE_EVENTS);
    Dataset<Row> dayparts =
        countsAsMap(
            known.filter(type("page_view")), daypart(col(EventFields.TS)), DAYPART_PAGE_VIEWS);
    return counts
        .join(sections, new String[] {EventFields.USER_ID, EventFields.EVENT_DATE}, "left")
        .join(devices, new String[] {EventFields.USER_ID, EventFields.EVENT_DATE}, "left")
        .join(dayparts, new String[] {EventFields.USER_ID, EventFields.EVENT_DATE}, "left");
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
