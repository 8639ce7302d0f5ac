package fr.audience.sessions;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Subscription periods as of a date, from the billing export and the subscription events. */
public final class Subscriptions {
  public static final String START_DATE = "start_date";
  public static final String END_DATE = "end_date";
  public static final String STATUS = "status";

  private Subscriptions() {}

  /**
   * The subscription events of silver events (start, renew, cancel), for
   * silver.subscription_events.
   */
  public static Dataset<Row> subscriptionEvents(Dataset<Row> events) {
    Columns.require(events, EventFields.EVENT_TYPE, EventFields.SUBSCRIPTION_ID);
    return events.filter(
        col(EventFields.EVENT_TYPE)
            .startsWith("subscription_")
            .and(col(EventFields.SUBSCRIPTION_ID).isNotNull()));
  }

  /**
   * One row per subscription started by {@code asOf}: plan, price, start, end (null while active),
   * cancel reason, paid periods and status as of that date.
   */
  public static Dataset<Row> asOf(
      Dataset<Row> history, Dataset<Row> subscriptionEvents, LocalDate asOf) {
    Columns.require(
        history,
        EventFields.SUBSCRIPTION_ID,
        EventFields.USER_ID,
        EventFields.PLAN,
        EventFields.PRICE_EUR,
        EventFields.PERIOD_DAYS,
        START_DATE,
        END_DATE,
        EventFields.CANCEL_REASON);
    Column day = lit(java.sql.Date.valueOf(asOf));
    Column type = col(EventFields.EVENT_TYPE);
    Dataset<Row> fromEvents =
        subscriptionEvents
            .filter(col(EventFields.EVENT_DATE).leq(day))
            .groupBy(EventFields.SUBSCRIPTION_ID)
            .agg(
                max_by(col(EventFields.USER_ID), col(EventFields.TS)).as("e_user_id"),
                max_by(
                        struct(
                            col(EventFields.PLAN),
                            col(EventFields.PRICE_EUR),
                            col(EventFields.PERIOD_DAYS)),
                        col(EventFields.TS))
                    .as("e_terms"),
                min(when(type.equalTo("subscription_start"), col(EventFields.EVENT_DATE)))
                    .as("e_start"),
                min(when(type.equalTo("subscription_cancel"), col(EventFields.EVENT_DATE)))
                    .as("e_end"),
                min_by(
                        when(type.equalTo("subscription_cancel"), col(EventFields.CANCEL_REASON)),
                        when(type.equalTo("subscription_cancel"), col(EventFields.TS)))
                    .as("e_reason"),
                max(when(
                        type.isin("subscription_start", "subscription_renew"),
                        col(EventFields.EVENT_DATE)))
                    .as("e_last_payment"));
    Dataset<Row> h =
        history.select(
            col(EventFields.SUBSCRIPTION_ID).as("h_id"),
            col(EventFields.USER_ID).as("h_user_id"),
            col(EventFields.PLAN).as("h_plan"),
            col(EventFields.PRICE_EUR).as("h_price"),
            col(EventFields.PERIOD_DAYS).as("h_period"),
            col(START_DATE).as("h_start"),
            col(END_DATE).as("h_end"),
            col(EventFields.CANCEL_REASON).as("h_reason"));
    Dataset<Row> joined =
        h.join(
            fromEvents,
            h.col("h_id").equalTo(fromEvents.col(EventFields.SUBSCRIPTION_ID)),
            "full_outer");

    Column start = coalesce(col("h_start"), col("e_start"));
    Column period = coalesce(col("e_terms." + EventFields.PERIOD_DAYS), col("h_period"));
    Column end = coalesce(col("e_end"), when(col("h_end").leq(day), col("h_end")));
    Column paidUntil = coalesce(end, date_add(day, 1));
    Column paidPeriods = greatest(lit(1L), ceil(datediff(paidUntil, start).divide(period)));
    return joined
        .select(
            coalesce(col("h_id"), col(EventFields.SUBSCRIPTION_ID)).as(EventFields.SUBSCRIPTION_ID),
            coalesce(col("e_user_id"), col("h_user_id")).as(EventFields.USER_ID),
            coalesce(col("e_terms." + EventFields.PLAN), col("h_plan")).as(EventFields.PLAN),
            coalesce(col("e_terms." + EventFields.PRICE_EUR), col("h_price"))
                .as(EventFields.PRICE_EUR),
            period.as(EventFields.PERIOD_DAYS),
            start.as(START_DATE),
            end.as(END_DATE),
            when(end.isNotNull(), coalesce(col("e_reason"), col("h_reason")))
                .as(EventFields.CANCEL_REASON),
            when(end.isNull(), lit("active")).otherwise(lit("ended")).as(STATUS),
            paidPeriods.as("paid_periods"),
            greatest(
                    col("e_last_payment"),
                    date_add(start, paidPeriods.minus(1).multiply(period).cast("int")))
                .as("last_payment_date"),
            when(col("h_id").isNotNull(), lit("billing_export"))
                .otherwise(lit("events"))
                .as("source"),
            day.as("as_of_date"))
        .filter(col(START_DATE).isNotNull().and(col(START_DATE).leq(day)));
  }
}
