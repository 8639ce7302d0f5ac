package fr.audience.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.SilverColumns;
import fr.audience.sessions.SilverTables;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sessionize floor: what sessionize cannot avoid, done the simplest way Spark allows. It reads
 * the same bronze window, shuffles once by device, sorts each device's events by time, and writes
 * three Delta tables (by path, no catalog) with the row counts and about the widths of
 * silver.events, silver.sessions and silver.user_daily: the events at full width, the "sessions" a
 * narrow projection of a sample of them, the "user days" one simple aggregate of the events
 * written.
 */
public final class SessionizeFloor {
  static final String EVENTS = "floor write silver.events";
  static final String SESSIONS = "floor write silver.sessions";
  static final String USER_DAILY = "floor write silver.user_daily";

  private static final String TRUE_DATE = "true_date";
  private static final long BUCKETS = 1_000_000;

  private final SparkSession spark;
  private final LocalDate date;
  private final int lateWindowDays;
  private final Path out;

  /**
   * What sessionize published at this size (events, sessions, user days), so the floor writes as
   * many rows, and the bronze events of the window whose true date it publishes.
   */
  public record Targets(long events, long sessions, long userDays, long windowEvents) {}

  public SessionizeFloor(SparkSession spark, LocalDate date, int lateWindowDays, Path out) {
    this.spark = spark;
    this.date = date;
    this.lateWindowDays = lateWindowDays;
    this.out = out;
  }

  /** Deliveries sessionize reads for {@code date}: D - w - 1 .. D + w. */
  Dataset<Row> bronzeWindow() {
    return spark
        .table(BronzeTables.EVENTS.fullName())
        .filter(
            col(EventFields.EVENT_DATE)
                .between(
                    Date.valueOf(date.minusDays(lateWindowDays + 1L)),
                    Date.valueOf(date.plusDays(lateWindowDays))));
  }

  /** The dates sessionize publishes for {@code date}: D - w .. D. */
  private Column published(Column day) {
    return day.between(Date.valueOf(date.minusDays(lateWindowDays)), Date.valueOf(date));
  }

  /**
   * Counts what sessionize published for the window (untimed), and the bronze events of the window
   * with a published true date: the floor's targets.
   */
  public Targets targets() {
    return new Targets(
        spark
            .table(SilverTables.EVENTS.fullName())
            .filter(published(col(EventFields.EVENT_DATE)))
            .count(),
        spark
            .table(SilverTables.SESSIONS.fullName())
            .filter(published(col(SilverColumns.SESSION_DATE)))
            .count(),
        spark
            .table(SilverTables.USER_DAILY.fullName())
            .filter(published(col(EventFields.EVENT_DATE)))
            .count(),
        bronzeWindow().filter(published(to_date(col(EventFields.TS)))).count());
  }

  /** One floor run into {@code out}, which must not exist yet. */
  public void run(Targets targets, String runId) {
    Dataset<Row> events =
        bronzeWindow()
            .withColumnRenamed(EventFields.EVENT_DATE, "arrival_date")
            .withColumn(TRUE_DATE, to_date(col(EventFields.TS)))
            .filter(published(col(TRUE_DATE)))
            .filter(sample((double) targets.events() / targets.windowEvents()))
            .repartition(col(EventFields.DEVICE_ID))
            // The date first: the write, partitioned by date, needs no sort of its own.
            .sortWithinPartitions(TRUE_DATE, EventFields.DEVICE_ID, EventFields.TS)
            .select(eventColumns(runId));
    write(EVENTS, events, "events", EventFields.EVENT_DATE);

    Dataset<Row> written = spark.read().format("delta").load(out.resolve("events").toString());
    Dataset<Row> sessions =
        written
            .filter(sample((double) targets.sessions() / targets.events()))
            .select(
                col("session_id"),
                col(EventFields.DEVICE_ID),
                col(EventFields.USER_ID),
                col(EventFields.TS).as("session_start"),
                col(EventFields.TS).as("session_end"),
                col(EventFields.DWELL_SECONDS).as("duration_seconds"),
                lit(1L).as("events"),
                when(pageView(), lit(1L)).otherwise(lit(0L)).as("page_views"),
                engaged().as("engaged_seconds"),
                col(EventFields.SECTION).as("entry_section"),
                col("referrer_class"),
                col(EventFields.DEVICE),
                col(EventFields.EVENT_DATE).as("session_date"));
    write(SESSIONS, sessions, "sessions", "session_date");

    List<Column> aggs = new ArrayList<>();
    for (String type : EventFields.EVENT_TYPE_LIST) {
      aggs.add(count(when(col(EventFields.EVENT_TYPE).equalTo(type), lit(1))).as(type));
    }
    aggs.add(sum(engaged()).as("engaged_seconds"));
    aggs.add(sum(col(EventFields.SCROLL_DEPTH)).as("scroll_depth"));
    aggs.add(sum(col(EventFields.VIDEO_SECONDS)).as("video_seconds"));
    aggs.add(sum(col(EventFields.VIDEO_DURATION_SECONDS)).as("video_duration_seconds"));
    aggs.add(sum(col(EventFields.AMOUNT_EUR)).as("amount_eur"));
    aggs.add(sum(col(EventFields.PRICE_EUR)).as("price_eur"));
    aggs.add(min(col(EventFields.TS)).as("first_ts"));
    aggs.add(max(col(EventFields.TS)).as("last_ts"));
    Dataset<Row> userDaily =
        written
            .filter(col(EventFields.USER_ID).isNotNull())
            .groupBy(EventFields.USER_ID, EventFields.EVENT_DATE)
            .agg(count(lit(1)).as("events"), aggs.toArray(Column[]::new));
    write(USER_DAILY, userDaily, "user_daily", EventFields.EVENT_DATE);
  }

  /**
   * silver.events' columns: the bronze fields, the login, a referrer class, a session id (one per
   * device and day here), the arrival date, the run; partitioned by true date.
   */
  private Column[] eventColumns(String runId) {
    List<Column> cols = new ArrayList<>();
    for (String field : EventFields.FIELDS.keySet()) {
      cols.add(col(field));
      if (field.equals(EventFields.USER_ID)) {
        cols.add(col(field).as("login_user_id"));
      }
    }
    cols.add(lit("direct").as("referrer_class"));
    cols.add(
        lpad(hex(xxhash64(col(EventFields.DEVICE_ID), col(TRUE_DATE))), 24, "0").as("session_id"));
    cols.add(col("arrival_date"));
    cols.add(lit(runId).as(EventFields.RUN_ID));
    cols.add(col(TRUE_DATE).as(EventFields.EVENT_DATE));
    return cols.toArray(Column[]::new);
  }

  /** About {@code share} of the rows, the same ones at every run (by event id). */
  private static Column sample(double share) {
    if (share >= 1) {
      return lit(true);
    }
    return pmod(xxhash64(col(EventFields.EVENT_ID)), lit(BUCKETS)).lt(Math.round(share * BUCKETS));
  }

  private static Column pageView() {
    return col(EventFields.EVENT_TYPE).equalTo("page_view");
  }

  private static Column engaged() {
    return coalesce(col(EventFields.DWELL_SECONDS), lit(0.0))
        .plus(coalesce(col(EventFields.VIDEO_SECONDS), lit(0.0)));
  }

  private void write(String description, Dataset<Row> rows, String table, String partition) {
    spark.sparkContext().setJobDescription(description);
    try {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .partitionBy(partition)
          .save(out.resolve(table).toString());
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }
}
