package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Decides what becomes of each bronze event: kept (disposition null), or dropped as a duplicate, or
 * rejected for a clock in the future, for arriving too late, or for coming from a bot.
 */
public final class EventCleaning {
  public static final String DUPLICATE = "DUPLICATE";
  public static final String FUTURE_TIMESTAMP = "FUTURE_TIMESTAMP";
  public static final String TOO_LATE = "TOO_LATE";
  public static final String BOT_USER_AGENT = "BOT_USER_AGENT";
  public static final String BOT_RATE = "BOT_RATE";
  public static final String TRUE_DATE = "true_date";

  private EventCleaning() {}

  /**
   * Requires bronze event columns with {@code event_date} (the delivery date). Renames it {@code
   * arrival_date}, adds {@code true_date} (the date of {@code ts}, UTC) and {@code disposition}.
   */
  public static Dataset<Row> withDisposition(Dataset<Row> bronze, SessionizeSettings s) {
    Columns.require(
        bronze,
        EventFields.EVENT_ID,
        EventFields.TS,
        EventFields.DEVICE_ID,
        EventFields.EVENT_TYPE,
        EventFields.USER_AGENT,
        EventFields.EVENT_DATE,
        EventFields.SOURCE_FILE);
    // One shuffle of the full rows, by device: the copies, burst and peak windows all run on it,
    // and so can what a caller does next per device.
    Dataset<Row> rows =
        withFirstCopy(
            bronze
                .withColumnRenamed(EventFields.EVENT_DATE, SilverColumns.ARRIVAL_DATE)
                .withColumn(TRUE_DATE, to_date(col(EventFields.TS))));
    Column firstCopy = col("_first_copy");
    Column pageView = firstCopy.and(col(EventFields.EVENT_TYPE).equalTo("page_view"));
    // Page views of the device in the sliding window ending at each event, then the day's peak.
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
                    .over(Window.partitionBy(col(EventFields.DEVICE_ID), col(TRUE_DATE))));

    Column arrivalEnd =
        unix_seconds(
            functions.to_timestamp(functions.date_add(col(SilverColumns.ARRIVAL_DATE), 1)));
    Column future =
        unix_seconds(col(EventFields.TS)).gt(arrivalEnd.plus(s.maxClockSkewMinutes() * 60L));
    Column tooLate =
        col(TRUE_DATE).lt(date_sub(col(SilverColumns.ARRIVAL_DATE), s.lateWindowDays()));
    Column botAgent =
        functions.coalesce(
            RepeatedFind.of(lower(col(EventFields.USER_AGENT)), "(?i)" + s.botUserAgentPattern()),
            lit(false));
    Column botRate = col("_peak_pages").gt(s.botBurstPages());

    Column disposition =
        when(functions.not(firstCopy), lit(DUPLICATE))
            .when(future, lit(FUTURE_TIMESTAMP))
            .when(tooLate, lit(TOO_LATE))
            .when(botAgent, lit(BOT_USER_AGENT))
            .when(botRate, lit(BOT_RATE));
    return rows.withColumn(SilverColumns.DISPOSITION, disposition)
        .drop("_first_copy", "_burst_pages", "_peak_pages");
  }

  /**
   * Adds {@code _first_copy}: whether the row is the first copy of its event id by delivery date,
   * then file, then ts, and leaves the rows hash-partitioned by device. Retried deliveries come
   * from the event's own device, so each row is ranked among its device's copies after that one
   * shuffle. Only malformed input spreads an id over devices: a narrow aggregate over the ids and
   * ranking keys finds those ids and the device holding their first copy (the smallest device id on
   * a tie), and a broadcast of them marks the other devices' copies.
   */
  private static Dataset<Row> withFirstCopy(Dataset<Row> rows) {
    Column device = col(EventFields.DEVICE_ID);
    Column withDevice = count(device);
    Dataset<Row> spread =
        rows.groupBy(col(EventFields.EVENT_ID).as("_spread_id"))
            .agg(
                min(device).as("_lo"),
                max(device).as("_hi"),
                withDevice.as("_with_device"),
                count(lit(1)).as("_copies"),
                min(struct(
                        col(SilverColumns.ARRIVAL_DATE),
                        col(EventFields.SOURCE_FILE),
                        col(EventFields.TS),
                        device))
                    .getField(EventFields.DEVICE_ID)
                    .as("_first_device"))
            .filter(
                col("_lo")
                    .notEqual(col("_hi"))
                    .or(col("_with_device").gt(0).and(col("_with_device").lt(col("_copies")))))
            .select(col("_spread_id"), col("_first_device"), lit(true).as("_spread"));
    Column onOtherDevice =
        coalesce(col("_spread"), lit(false))
            .and(functions.not(device.eqNullSafe(col("_first_device"))));
    Column firstOnDevice =
        row_number()
            .over(
                Window.partitionBy(EventFields.DEVICE_ID, EventFields.EVENT_ID)
                    .orderBy(
                        col(SilverColumns.ARRIVAL_DATE),
                        col(EventFields.SOURCE_FILE),
                        col(EventFields.TS)))
            .equalTo(1);
    return rows.join(
            functions.broadcast(spread),
            col(EventFields.EVENT_ID).eqNullSafe(col("_spread_id")),
            "left")
        .repartition(device)
        .withColumn("_first_copy", firstOnDevice.and(functions.not(onOtherDevice)))
        .drop("_spread_id", "_first_device", "_spread");
  }

  /** One-line explanation stored beside a rejected event. */
  public static Column detail(SessionizeSettings s) {
    Column d = col(SilverColumns.DISPOSITION);
    return when(
            d.equalTo(FUTURE_TIMESTAMP),
            lit(
                "ts more than "
                    + s.maxClockSkewMinutes()
                    + " minutes after the end of its delivery day"))
        .when(
            d.equalTo(TOO_LATE),
            lit(
                "delivered more than "
                    + s.lateWindowDays()
                    + " day(s) after it happened; raise audience.sessionize.late-window-days to keep such events"))
        .when(d.equalTo(BOT_USER_AGENT), lit("user agent of a crawler or automated client"))
        .when(
            d.equalTo(BOT_RATE),
            lit(
                "device above "
                    + s.botBurstPages()
                    + " page views within "
                    + s.botBurstSeconds()
                    + " seconds"));
  }
}
