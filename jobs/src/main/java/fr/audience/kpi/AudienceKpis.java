package fr.audience.kpi;

import static fr.audience.kpi.KpiFrames.ALL;
import static fr.audience.kpi.KpiFrames.USER_ID;
import static fr.audience.kpi.KpiFrames.member;
import static fr.audience.kpi.KpiFrames.ratio;
import static fr.audience.kpi.KpiTables.AS_OF_DATE;
import static fr.audience.kpi.KpiTables.SEGMENT_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * KPIs of audience and commercial pressure: engagement, strategic targets, pressure percentiles,
 * fragile publics.
 */
final class AudienceKpis {
  static final String AGE_BAND = "age_band";
  static final String NEWSLETTER = "newsletter";
  static final String PUSH = "push";
  static final String AD = "ad";
  static final String PER_WEEK = "per_week";
  private static final List<String> READING_EVENTS =
      List.of("page_view", "article_read", "video_play", "comment");

  private AudienceKpis() {}

  /**
   * Per user and as-of date: newsletters, pushes and ad impressions received per week over the
   * {@code windowDays} days ending on the date. Weeks count only the days of the window that have
   * data (a window reaching before the first day of history is not diluted).
   */
  static Dataset<Row> exposurePerUser(Dataset<Row> userDaily, Dataset<Row> dates, int windowDays) {
    Columns.require(
        userDaily, USER_ID, "event_date", "newsletter_sends", "pushes_sent", "ad_impressions");
    Dataset<Row> windowed = KpiFrames.inWindow(userDaily, "event_date", dates, windowDays);
    Dataset<Row> days =
        windowed.groupBy(AS_OF_DATE).agg(countDistinct(col("event_date")).as("_days"));
    Column weeks = col("_days").divide(7.0);
    return windowed
        .groupBy(AS_OF_DATE, USER_ID)
        .agg(
            sum("newsletter_sends").as("_nl"),
            sum("pushes_sent").as("_push"),
            sum("ad_impressions").as("_ad"))
        .join(days, AS_OF_DATE)
        .select(
            col(AS_OF_DATE),
            col(USER_ID),
            col("_nl").divide(weeks).as(NEWSLETTER),
            col("_push").divide(weeks).as(PUSH),
            col("_ad").divide(weeks).as(AD));
  }

  /** Each logged-in user's declared age band: the latest one seen in the events given. */
  static Dataset<Row> ageBands(Dataset<Row> events) {
    return events
        .filter(col(USER_ID).isNotNull().and(col(AGE_BAND).isNotNull()))
        .groupBy(USER_ID)
        .agg(max_by(col(AGE_BAND), col("ts")).as(AGE_BAND));
  }

  /** gold.kpi_commercial_pressure rows from the per-user exposure (with segment_id). */
  static Dataset<Row> commercialPressure(
      Dataset<Row> exposure, Dataset<Row> labels, Map<String, Double> thresholds) {
    Column channels =
        explode(
            array(
                struct(lit(NEWSLETTER).as("channel"), col(NEWSLETTER).as(PER_WEEK)),
                struct(lit(PUSH).as("channel"), col(PUSH).as(PER_WEEK)),
                struct(lit(AD).as("channel"), col(AD).as(PER_WEEK)),
                struct(
                    lit(ALL).as("channel"),
                    col(NEWSLETTER).plus(col(PUSH)).plus(col(AD)).as(PER_WEEK))));
    Column threshold = lit(null).cast("double");
    for (Map.Entry<String, Double> t : thresholds.entrySet()) {
      threshold = when(col("channel").equalTo(t.getKey()), lit(t.getValue())).otherwise(threshold);
    }
    Dataset<Row> long_ =
        exposure
            .select(col(AS_OF_DATE), col(SEGMENT_ID), channels.as("_c"))
            .select(
                col(AS_OF_DATE),
                col(SEGMENT_ID),
                col("_c.channel").as("channel"),
                col("_c." + PER_WEEK).as(PER_WEEK))
            .withColumn("threshold_per_week", threshold);
    return KpiFrames.bySegmentWithTotal(
            long_,
            labels,
            List.of("channel", "threshold_per_week"),
            count(lit(1)).as("people"),
            expr("percentile(" + PER_WEEK + ", array(0.5, 0.9, 0.99))").as("_p"),
            avg(when(col(PER_WEEK).gt(col("threshold_per_week")), 1.0).otherwise(0.0))
                .as("share_above_threshold"))
        .withColumn("p50_per_week", col("_p").getItem(0))
        .withColumn("p90_per_week", col("_p").getItem(1))
        .withColumn("p99_per_week", col("_p").getItem(2))
        .drop("_p");
  }

  /**
   * gold.kpi_exposure_audit rows: for each fragile public, mean pressure (newsletters + pushes) and
   * ad impressions per person per week, against everyone else.
   */
  static Dataset<Row> exposureAudit(
      Dataset<Row> exposure,
      Dataset<Row> ageBands,
      List<KpiSettings.Audience> publics,
      double limit) {
    Dataset<Row> people =
        exposure
            .join(ageBands, exposure.col(USER_ID).equalTo(ageBands.col(USER_ID)), "left")
            .drop(ageBands.col(USER_ID))
            .withColumn("_pressure", col(NEWSLETTER).plus(col(PUSH)));
    List<Dataset<Row>> perPublic = new ArrayList<>();
    for (KpiSettings.Audience p : publics) {
      Column in = member(p, col(AGE_BAND), col(SEGMENT_ID));
      perPublic.add(
          people
              .groupBy(AS_OF_DATE)
              .agg(
                  sum(when(in, 1L).otherwise(0L)).as("people"),
                  avg(when(in, col("_pressure"))).as("pressure_per_week"),
                  avg(when(in, col(AD))).as("ad_impressions_per_week"),
                  avg(when(in.equalTo(false), col("_pressure"))).as("reference_pressure_per_week"),
                  avg(when(in.equalTo(false), col(AD))).as("reference_ad_impressions_per_week"))
              .withColumn("public", lit(p.name())));
    }
    if (perPublic.isEmpty()) {
      return null;
    }
    Dataset<Row> rows = perPublic.stream().reduce(Dataset::unionByName).orElseThrow();
    Column pressureRatio = ratio(col("pressure_per_week"), col("reference_pressure_per_week"));
    Column adRatio =
        ratio(col("ad_impressions_per_week"), col("reference_ad_impressions_per_week"));
    return rows.withColumn("pressure_ratio", pressureRatio)
        .withColumn("ad_exposure_ratio", adRatio)
        .withColumn("ratio_limit", lit(limit))
        .withColumn(
            "over_limit",
            coalesce(col("pressure_ratio").gt(limit), lit(false))
                .or(coalesce(col("ad_exposure_ratio").gt(limit), lit(false))));
  }

  /**
   * gold.kpi_strategic_audience rows: per as-of date, the logged-in users with a session that day
   * and their engaged time, for each strategic target and in total.
   */
  static Dataset<Row> strategicAudience(
      Dataset<Row> sessions,
      Dataset<Row> dates,
      Dataset<Row> ageBands,
      Dataset<Row> segments,
      List<KpiSettings.Audience> targets) {
    Columns.require(sessions, USER_ID, "session_date", "engaged_seconds");
    Dataset<Row> active =
        sessions
            .filter(col(USER_ID).isNotNull())
            .join(
                org.apache.spark.sql.functions.broadcast(dates),
                col("session_date").equalTo(col(AS_OF_DATE)))
            .groupBy(AS_OF_DATE, USER_ID)
            .agg(sum(coalesce(col("engaged_seconds"), lit(0.0))).as("engaged_seconds"));
    Dataset<Row> users = KpiFrames.withSegment(active, segments);
    users =
        users
            .join(ageBands, users.col(USER_ID).equalTo(ageBands.col(USER_ID)), "left")
            .drop(ageBands.col(USER_ID));
    Dataset<Row> totals =
        users
            .groupBy(AS_OF_DATE)
            .agg(count(lit(1)).as("_users"), sum("engaged_seconds").as("_seconds"));
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(
        totals.select(
            col(AS_OF_DATE),
            lit("total").as("target"),
            col("_users").as("active_users"),
            col("_seconds").as("engaged_seconds")));
    for (KpiSettings.Audience t : targets) {
      Column in = member(t, col(AGE_BAND), col(SEGMENT_ID));
      parts.add(
          users
              .groupBy(AS_OF_DATE)
              .agg(
                  sum(when(in, 1L).otherwise(0L)).as("active_users"),
                  coalesce(sum(when(in, col("engaged_seconds"))), lit(0.0)).as("engaged_seconds"))
              .withColumn("target", lit(t.name())));
    }
    return parts.stream()
        .reduce(Dataset::unionByName)
        .orElseThrow()
        .join(totals, AS_OF_DATE)
        .withColumn("active_users_share", ratio(col("active_users"), col("_users")))
        .withColumn("engaged_time_share", ratio(col("engaged_seconds"), col("_seconds")))
        .drop("_users", "_seconds");
  }

  /**
   * gold.kpi_engagement rows: readers, sessions and engaged time per reader on each as-of date, by
   * section and device and their 'all' totals. A reader is the account, else the anonymous device.
   */
  static Dataset<Row> engagement(Dataset<Row> events, Dataset<Row> dates) {
    Columns.require(
        events,
        "event_type",
        "event_date",
        "section",
        "device",
        "session_id",
        USER_ID,
        "device_id",
        "dwell_seconds",
        "video_seconds");
    Dataset<Row> reading =
        events
            .filter(
                col("event_type").isin(READING_EVENTS.toArray()).and(col("section").isNotNull()))
            .join(
                org.apache.spark.sql.functions.broadcast(dates),
                col("event_date").equalTo(col(AS_OF_DATE)))
            .select(
                col(AS_OF_DATE),
                col("section"),
                coalesce(col("device"), lit("inconnu")).as("device"),
                col("session_id"),
                coalesce(col(USER_ID), col("device_id")).as("_reader"),
                coalesce(col("dwell_seconds"), lit(0.0))
                    .plus(coalesce(col("video_seconds"), lit(0.0)))
                    .as("_engaged"));
    Column[] aggs = {
      countDistinct(col("_reader")).as("daily_active_users"),
      countDistinct(col("session_id")).as("sessions"),
      sum("_engaged").as("_seconds")
    };
    Dataset<Row> both =
        reading.groupBy(AS_OF_DATE, "section", "device").agg(aggs[0], aggs[1], aggs[2]);
    Dataset<Row> bySection =
        reading
            .groupBy(AS_OF_DATE, "section")
            .agg(aggs[0], aggs[1], aggs[2])
            .withColumn("device", lit(ALL));
    Dataset<Row> byDevice =
        reading
            .groupBy(AS_OF_DATE, "device")
            .agg(aggs[0], aggs[1], aggs[2])
            .withColumn("section", lit(ALL));
    Dataset<Row> total =
        reading
            .groupBy(AS_OF_DATE)
            .agg(aggs[0], aggs[1], aggs[2])
            .withColumn("section", lit(ALL))
            .withColumn("device", lit(ALL));
    return both.unionByName(bySection)
        .unionByName(byDevice)
        .unionByName(total)
        .withColumn("sessions_per_user", ratio(col("sessions"), col("daily_active_users")))
        .withColumn("engaged_seconds_per_user", ratio(col("_seconds"), col("daily_active_users")))
        .drop("_seconds");
  }
}
