package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One-off purchases (issues, books, events, archives) from the shop export and the purchase events.
 */
public final class Transactions {
  public static final String ORDER_DATE = "order_date";
  public static final String SOURCE = "source";
  public static final String FROM_EVENTS = "events";
  public static final String FROM_EXPORT = "shop_export";

  private Transactions() {}

  public static Dataset<Row> fromEvents(Dataset<Row> events) {
    Columns.require(
        events,
        EventFields.EVENT_TYPE,
        EventFields.ORDER_ID,
        EventFields.USER_ID,
        EventFields.TS,
        EventFields.EVENT_DATE,
        EventFields.AMOUNT_EUR,
        EventFields.PRODUCT,
        EventFields.UTM_CAMPAIGN);
    return events
        .filter(
            col(EventFields.EVENT_TYPE)
                .equalTo("purchase")
                .and(col(EventFields.ORDER_ID).isNotNull()))
        .select(
            col(EventFields.ORDER_ID),
            col(EventFields.USER_ID),
            col(EventFields.TS),
            col(EventFields.EVENT_DATE).as(ORDER_DATE),
            col(EventFields.AMOUNT_EUR),
            col(EventFields.PRODUCT),
            col(EventFields.UTM_CAMPAIGN),
            lit(FROM_EVENTS).as(SOURCE));
  }

  public static Dataset<Row> fromExport(Dataset<Row> ordersHistory) {
    Columns.require(
        ordersHistory,
        EventFields.ORDER_ID,
        EventFields.USER_ID,
        ORDER_DATE,
        EventFields.AMOUNT_EUR,
        EventFields.PRODUCT);
    return ordersHistory.select(
        col(EventFields.ORDER_ID),
        col(EventFields.USER_ID),
        lit(null).cast("timestamp").as(EventFields.TS),
        col(ORDER_DATE),
        col(EventFields.AMOUNT_EUR),
        col(EventFields.PRODUCT),
        lit(null).cast("string").as(EventFields.UTM_CAMPAIGN),
        lit(FROM_EXPORT).as(SOURCE));
  }
}
