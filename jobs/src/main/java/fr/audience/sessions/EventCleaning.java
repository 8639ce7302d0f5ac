package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
    return classify(bronze, s, Map.of(), false);
  }

  /**
   * {@link #withDisposition}, then {@code perRow} (columns of each row alone, in their order), then
   * the kept events' visits cut into sessions as {@link Sessionization#withSessionId} cuts them
   * ({@code session_start}, {@code session_id}; null for rejected and server-side events), all in
   * the one walk over each device's events.
   */
  static Dataset<Row> withDispositionAndSessions(
      Dataset<Row> bronze, SessionizeSettings s, Map<String, Column> perRow) {
    return classify(bronze, s, perRow, true);
  }

  private static Dataset<Row> classify(
      Dataset<Row> bronze, SessionizeSettings s, Map<String, Column> perRow, boolean sessions) {
    Columns.require(
        bronze,
        EventFields.EVENT_ID,
        EventFields.TS,
        EventFields.DEVICE_ID,
        EventFields.EVENT_TYPE,
        EventFields.USER_AGENT,
        EventFields.EVENT_DATE,
        EventFields.SOURCE_FILE);
    Dataset<Row> rows =
        bronze
            .withColumnRenamed(EventFields.EVENT_DATE, SilverColumns.ARRIVAL_DATE)
            .withColumn(TRUE_DATE, to_date(col(EventFields.TS)));
    List<Column> out = new ArrayList<>();
    for (String c : rows.columns()) {
      out.add(col(c));
    }
    out.add(col(SilverColumns.DISPOSITION));
    perRow.keySet().forEach(c -> out.add(col(c)));
    if (sessions) {
      out.add(col(SilverColumns.SESSION_START));
      out.add(col(SilverColumns.SESSION_ID));
    }

    Column arrivalEnd =
        unix_seconds(
            functions.to_timestamp(functions.date_add(col(SilverColumns.ARRIVAL_DATE), 1)));
    Map<String, Column> flags = new LinkedHashMap<>();
    flags.put(
        DeviceWalk.FUTURE,
        unix_seconds(col(EventFields.TS)).gt(arrivalEnd.plus(s.maxClockSkewMinutes() * 60L)));
    flags.put(
        DeviceWalk.TOO_LATE,
        col(TRUE_DATE).lt(date_sub(col(SilverColumns.ARRIVAL_DATE), s.lateWindowDays())));
    flags.put(
        DeviceWalk.BOT_AGENT,
        RepeatedFind.of(lower(col(EventFields.USER_AGENT)), "(?i)" + s.botUserAgentPattern()));
    flags.put(DeviceWalk.PAGE_VIEW, col(EventFields.EVENT_TYPE).equalTo("page_view"));
    flags.put(DeviceWalk.SERVER_SIDE, Sessionization.serverSide());
    flags.replaceAll((name, flag) -> coalesce(flag, lit(false)));
    flags.putAll(perRow);
    Dataset<Row> spread = spreadIds(rows);
    Dataset<Row> walked =
        DeviceWalk.walk(
            rows,
            new DeviceWalk.Spec(
                true, sessions, s.botBurstSeconds(), s.botBurstPages(), s.inactivityMinutes()),
            byDevice -> withOtherDevice(byDevice, spread).withColumns(flags));
    return walked.select(out.toArray(Column[]::new));
  }

  /**
   * The event ids spread over devices and the device holding their first copy, for {@link
   * #withOtherDevice}: a row is a copy on another device when its id's first copy (by delivery
   * date, then file, then ts) is on another device. Retried deliveries come from the event's own
   * device, so the device walk ranks each id's copies there; only malformed input spreads an id
   * over devices. Almost every id has one copy, so a count per 64-bit hash of the id first finds
   * the few that may have more (a fixed-width aggregate, no strings shuffled); only their rows go
   * through the aggregate over the ids and ranking keys that finds the ids spread over devices and
   * the device holding their first copy (the smallest device id on a tie).
   */
  private static Dataset<Row> spreadIds(Dataset<Row> rows) {
    Column device = col(EventFields.DEVICE_ID);
    Column withDevice = count(device);
    Column idHash = functions.xxhash64(col(EventFields.EVENT_ID));
    Dataset<Row> repeatedHashes =
        rows.select(idHash.as("_id_hash"))
            .groupBy("_id_hash")
            .agg(count(lit(1)).as("_copies"))
            .filter(col("_copies").gt(1))
            .select("_id_hash");
    return rows.join(
            functions.broadcast(repeatedHashes), idHash.equalTo(col("_id_hash")), "left_semi")
        .groupBy(col(EventFields.EVENT_ID).as("_spread_id"))
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
  }

  /**
   * Adds {@code _other_device} from {@link #spreadIds} of the same rows, broadcast: whether the row
   * is a copy of an event id whose first copy is on another device.
   */
  private static Dataset<Row> withOtherDevice(Dataset<Row> rows, Dataset<Row> spread) {
    Column device = col(EventFields.DEVICE_ID);
    Column onOtherDevice =
        coalesce(col("_spread"), lit(false))
            .and(functions.not(device.eqNullSafe(col("_first_device"))));
    return rows.join(
            functions.broadcast(spread),
            col(EventFields.EVENT_ID).eqNullSafe(col("_spread_id")),
            "left")
        .withColumn(DeviceWalk.OTHER_DEVICE, onOtherDevice)
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
