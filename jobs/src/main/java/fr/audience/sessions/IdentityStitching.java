package fr.audience.sessions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Maps anonymous devices to the account that first logged in on them, so a reader's events before
 * and after logging in count for the same user. A shared device keeps its first account.
 */
public final class IdentityStitching {
  public static final String FIRST_LOGIN_TS = "first_login_ts";
  public static final String FIRST_LOGIN_DATE = "first_login_date";

  private IdentityStitching() {}

  /** Per device seen logged in: the first account and when. */
  public static Dataset<Row> firstLoginByDevice(Dataset<Row> events) {
    Columns.require(events, EventFields.DEVICE_ID, EventFields.USER_ID, EventFields.TS);
    return events
        .filter(col(EventFields.USER_ID).isNotNull())
        .groupBy(EventFields.DEVICE_ID)
        .agg(
            min_by(col(EventFields.USER_ID), col(EventFields.TS)).as(EventFields.USER_ID),
            min(col(EventFields.TS)).as(FIRST_LOGIN_TS))
        .withColumn(FIRST_LOGIN_DATE, to_date(col(FIRST_LOGIN_TS)))
        .select(EventFields.DEVICE_ID, EventFields.USER_ID, FIRST_LOGIN_TS, FIRST_LOGIN_DATE);
  }

  /**
   * Keeps the delivered account in {@code login_user_id} and fills {@code user_id} from the device
   * map. An event uses only logins known by its own date + {@code lateWindowDays} (the last run
   * that publishes that date), so every run that re-publishes a date stitches it the same way.
   */
  public static Dataset<Row> withStitchedUser(
      Dataset<Row> events, Dataset<Row> identityMap, int lateWindowDays) {
    Columns.require(events, EventFields.DEVICE_ID, EventFields.USER_ID, EventCleaning.TRUE_DATE);
    Column knownInTime = knownBy(col(EventCleaning.TRUE_DATE), lateWindowDays);
    return withMap(
            events.withColumnRenamed(EventFields.USER_ID, SilverColumns.LOGIN_USER_ID), identityMap)
        .withColumn(
            EventFields.USER_ID,
            coalesce(col(SilverColumns.LOGIN_USER_ID), when(knownInTime, col("_map_user"))))
        .drop("_map_device", "_map_user", "_map_date");
  }

  /**
   * silver.sessions from the kept events before stitching, one row per session as {@link
   * Sessionization#sessions(Dataset)} gives it from the stitched events: the session's user is the
   * largest of its events' stitched users, that is the largest of its logged-in users and of the
   * device's mapped account when an anonymous event of the session has that login known by its date
   * + {@code lateWindowDays} (the latest such date decides). Only the sessions meet the device map,
   * not every event.
   */
  public static Dataset<Row> stitchedSessions(
      Dataset<Row> events, Dataset<Row> identityMap, int lateWindowDays) {
    Columns.require(events, EventFields.USER_ID, EventCleaning.TRUE_DATE);
    String anonymous = "_anonymous_until";
    Dataset<Row> sessions =
        Sessionization.sessions(
            events,
            Map.of(
                anonymous,
                max(when(col(EventFields.USER_ID).isNull(), col(EventCleaning.TRUE_DATE)))));
    Column knownInTime = knownBy(col(anonymous), lateWindowDays);
    List<Column> columns = new ArrayList<>();
    for (String c : sessions.columns()) {
      if (c.equals(EventFields.USER_ID)) {
        columns.add(
            greatest(col(EventFields.USER_ID), when(knownInTime, col("_map_user")))
                .as(EventFields.USER_ID));
      } else if (!c.equals(anonymous)) {
        columns.add(col(c));
      }
    }
    return withMap(sessions, identityMap).select(columns.toArray(Column[]::new));
  }

  /** {@code rows} with their device's map entry, if any: {@code _map_user}, {@code _map_date}. */
  private static Dataset<Row> withMap(Dataset<Row> rows, Dataset<Row> identityMap) {
    Dataset<Row> known =
        identityMap.select(
            col(EventFields.DEVICE_ID).as("_map_device"),
            col(EventFields.USER_ID).as("_map_user"),
            col(FIRST_LOGIN_DATE).as("_map_date"));
    return rows.join(known, col(EventFields.DEVICE_ID).equalTo(col("_map_device")), "left");
  }

  /** Whether the map's login is known by {@code date} + {@code lateWindowDays}. */
  private static Column knownBy(Column date, int lateWindowDays) {
    return col("_map_date").leq(date_add(date, lateWindowDays));
  }
}
