package fr.audience.features;

import static fr.audience.features.FeatureTables.AS_OF_DATE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.core.DateRange;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.SilverColumns;
import fr.audience.sessions.Subscriptions;
import fr.audience.sessions.Transactions;
import fr.audience.sessions.UserDaily;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds gold.user_features for every date D of a range in one pass: each silver row dated E counts
 * for the as-of dates E + 1 .. E + window, so D sees exactly D - window .. D - 1 and nothing from D
 * or later.
 */
public final class UserFeatures {
  private static final String[] KEY = {EventFields.USER_ID, AS_OF_DATE};

  private UserFeatures() {}

  public static Dataset<Row> asOf(
      SparkSession spark,
      Dataset<Row> userDaily,
      Dataset<Row> sessions,
      Dataset<Row> subscriptions,
      Dataset<Row> transactions,
      DateRange dates,
      int windowDays) {
    Columns.require(
        userDaily,
        EventFields.USER_ID,
        EventFields.EVENT_DATE,
        "page_views",
        "sessions",
        UserDaily.SECTION_PAGE_VIEWS,
        UserDaily.DEVICE_EVENTS,
        UserDaily.DAYPART_PAGE_VIEWS);
    Columns.require(
        sessions, EventFields.USER_ID, SilverColumns.SESSION_DATE, SilverColumns.REFERRER_CLASS);
    Columns.require(
        subscriptions,
        EventFields.USER_ID,
        EventFields.PLAN,
        EventFields.PRICE_EUR,
        EventFields.PERIOD_DAYS,
        Subscriptions.START_DATE,
        Subscriptions.END_DATE,
        EventFields.CANCEL_REASON);
    Columns.require(
        transactions, EventFields.USER_ID, Transactions.ORDER_DATE, EventFields.AMOUNT_EUR);

    Dataset<Row> activity =
        activity(inWindow(userDaily, EventFields.EVENT_DATE, dates, windowDays), windowDays);
    Dataset<Row> referrers =
        referrerShares(
            inWindow(
                sessions.filter(col(EventFields.USER_ID).isNotNull()),
                SilverColumns.SESSION_DATE,
                dates,
                windowDays));
    Dataset<Row> purchases =
        inWindow(transactions, Transactions.ORDER_DATE, dates, windowDays)
            .groupBy(KEY[0], KEY[1])
            .agg(count(lit(1)).as("purchases"), sum(col(EventFields.AMOUNT_EUR)).as("spend_eur"));
    Dataset<Row> subscription = subscriptionAt(subscriptions, asOfDates(spark, dates));

    Dataset<Row> all =
        activity
            .join(referrers, KEY, "left")
            .join(purchases, KEY, "full")
            .join(subscription, KEY, "full");
    return all.select(output(windowDays));
  }

  /**
   * Rows of the window of any date in the range, each repeated once per as-of date it counts for.
   */
  static Dataset<Row> inWindow(
      Dataset<Row> rows, String dateColumn, DateRange dates, int windowDays) {
    Column day = col(dateColumn);
    return rows.filter(
            day.between(
                Date.valueOf(dates.from().minusDays(windowDays)),
                Date.valueOf(dates.to().minusDays(1))))
        .withColumn(AS_OF_DATE, explode(sequence(date_add(day, 1), date_add(day, windowDays))))
        .filter(col(AS_OF_DATE).between(Date.valueOf(dates.from()), Date.valueOf(dates.to())));
  }

  private static Dataset<Row> activity(Dataset<Row> daily, int windowDays) {
    Column active = col("page_views").plus(col("video_plays")).gt(0);
    // The latest half of the window against the days before it: a fading reader shows here first.
    Column recent = datediff(col(AS_OF_DATE), col(EventFields.EVENT_DATE)).leq(windowDays / 2);
    List<Column> aggs =
        new ArrayList<>(
            List.of(
                count(when(active, lit(1))).as("active_days"),
                count(when(active.and(recent), lit(1))).as("_active_recent"),
                sum(when(recent, col("newsletter_sends"))).as("_sends_recent"),
                sum(when(recent, col("newsletter_opens"))).as("_opens_recent"),
                sum(when(not(recent), col("newsletter_sends"))).as("_sends_earlier"),
                sum(when(not(recent), col("newsletter_opens"))).as("_opens_earlier"),
                max(when(active, col(EventFields.EVENT_DATE))).as("_last_active"),
                sum("sessions").as("sessions"),
                sum("page_views").as("page_views"),
                sum("article_reads").as("article_reads"),
                sum("video_plays").as("video_plays"),
                sum("comments").as("comments"),
                sum("engaged_seconds").as("engaged_seconds"),
                sum(col("avg_scroll_depth").multiply(col("article_reads"))).as("_scroll_sum"),
                sum(when(col("avg_scroll_depth").isNotNull(), col("article_reads")))
                    .as("_scrolled_reads"),
                sum("video_seconds").as("_video_seconds"),
                sum("video_duration_seconds").as("_video_duration"),
                sum(when(dayofweek(col(EventFields.EVENT_DATE)).isin(1, 7), col("page_views"))
                        .otherwise(0))
                    .as("_weekend_views"),
                sum("newsletter_sends").as("newsletter_sends"),
                sum("newsletter_opens").as("_newsletter_opens"),
                sum("pushes_sent").as("_pushes_sent"),
                sum("push_opens").as("_push_opens"),
                sum("ad_impressions").as("ad_impressions"),
                sum("ad_clicks").as("ad_clicks")));
    FeatureTables.SECTIONS.forEach(s -> aggs.add(mapCount(UserDaily.SECTION_PAGE_VIEWS, s)));
    FeatureTables.DEVICES.forEach(d -> aggs.add(mapCount(UserDaily.DEVICE_EVENTS, d)));
    FeatureTables.DAYPARTS.forEach(p -> aggs.add(mapCount(UserDaily.DAYPART_PAGE_VIEWS, p)));
    Dataset<Row> sums =
        daily
            .groupBy(KEY[0], KEY[1])
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    Column sessions = col("sessions");
    Column sectionViews = total(UserDaily.SECTION_PAGE_VIEWS, FeatureTables.SECTIONS);
    Column deviceEvents = total(UserDaily.DEVICE_EVENTS, FeatureTables.DEVICES);
    Column daypartViews = total(UserDaily.DAYPART_PAGE_VIEWS, FeatureTables.DAYPARTS);
    List<Column> out =
        new ArrayList<>(
            List.of(
                col(KEY[0]),
                col(KEY[1]),
                datediff(col(AS_OF_DATE), col("_last_active")).as("recency_days"),
                col("active_days"),
                sessions.multiply(7.0).divide(windowDays).as("visits_per_week"),
                sessions,
                col("page_views"),
                col("article_reads"),
                col("video_plays"),
                col("comments"),
                col("engaged_seconds"),
                ratio(col("engaged_seconds"), sessions).as("engaged_seconds_per_session"),
                ratio(col("page_views"), sessions).as("pages_per_session"),
                ratio(col("_scroll_sum"), col("_scrolled_reads")).as("avg_scroll_depth"),
                ratio(col("_video_seconds"), col("_video_duration")).as("video_completion"),
                ratio(col("_weekend_views"), col("page_views")).as("weekend_share"),
                col("newsletter_sends"),
                ratio(col("_newsletter_opens"), col("newsletter_sends")).as("newsletter_open_rate"),
                ratio(col("_push_opens"), col("_pushes_sent")).as("push_open_rate"),
                col("ad_impressions"),
                col("ad_clicks"),
                col("_active_recent")
                    .divide(lit((double) (windowDays / 2)))
                    .minus(
                        col("active_days")
                            .minus(col("_active_recent"))
                            .divide(lit((double) (windowDays - windowDays / 2))))
                    .as("active_days_trend"),
                ratio(col("_opens_recent"), col("_sends_recent"))
                    .minus(ratio(col("_opens_earlier"), col("_sends_earlier")))
                    .as("newsletter_open_rate_trend")));
    FeatureTables.SECTIONS.forEach(
        s ->
            out.add(
                ratio(col(mapKey(UserDaily.SECTION_PAGE_VIEWS, s)), sectionViews)
                    .as(FeatureTables.sectionShare(s))));
    FeatureTables.DEVICES.forEach(
        d ->
            out.add(
                ratio(col(mapKey(UserDaily.DEVICE_EVENTS, d)), deviceEvents)
                    .as(FeatureTables.deviceShare(d))));
    out.add(
        ratio(
                col(mapKey(UserDaily.DEVICE_EVENTS, "app_ios"))
                    .plus(col(mapKey(UserDaily.DEVICE_EVENTS, "app_android"))),
                deviceEvents)
            .as(FeatureTables.deviceShare(FeatureTables.APP)));
    FeatureTables.DAYPARTS.forEach(
        p ->
            out.add(
                ratio(col(mapKey(UserDaily.DAYPART_PAGE_VIEWS, p)), daypartViews)
                    .as(FeatureTables.daypartShare(p))));
    return sums.select(out.toArray(Column[]::new));
  }

  private static Dataset<Row> referrerShares(Dataset<Row> sessions) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("_sessions"));
    FeatureTables.REFERRERS.forEach(
        r ->
            aggs.add(
                count(when(col(SilverColumns.REFERRER_CLASS).equalTo(r), lit(1))).as("_ref_" + r)));
    Dataset<Row> counts =
        sessions
            .groupBy(KEY[0], KEY[1])
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    List<Column> out = new ArrayList<>(List.of(col(KEY[0]), col(KEY[1])));
    FeatureTables.REFERRERS.forEach(
        r -> out.add(ratio(col("_ref_" + r), col("_sessions")).as(FeatureTables.referrerShare(r))));
    return counts.select(out.toArray(Column[]::new));
  }

  /**
   * Subscription state at D from start and end dates: silver.subscriptions is a snapshot as of the
   * last sessionize run, so its status column may describe a later day than D.
   */
  static Dataset<Row> subscriptionAt(Dataset<Row> subscriptions, Dataset<Row> asOfDates) {
    Column asOf = col(AS_OF_DATE);
    Column start = col(Subscriptions.START_DATE);
    Column end = col(Subscriptions.END_DATE);
    Dataset<Row> started =
        subscriptions
            .select(
                EventFields.USER_ID,
                EventFields.PLAN,
                EventFields.PRICE_EUR,
                EventFields.PERIOD_DAYS,
                Subscriptions.START_DATE,
                Subscriptions.END_DATE,
                EventFields.CANCEL_REASON)
            .join(asOfDates, start.lt(asOf));
    Column active = end.isNull().or(end.geq(asOf));
    // Only what had happened before D: an end dated D or later is not known at D.
    Column endedBefore = end.isNotNull().and(end.lt(asOf));
    Column activeStart = when(active, start);
    Column period = col(EventFields.PERIOD_DAYS);
    return started
        .groupBy(KEY[0], KEY[1])
        .agg(
            max(when(active, 1).otherwise(0)).as("_active"),
            max_by(when(active, col(EventFields.PLAN)), activeStart).as("_plan"),
            max(activeStart).as("_active_start"),
            max_by(
                    when(active, col(EventFields.PRICE_EUR).multiply(30.0).divide(period)),
                    activeStart)
                .as("_monthly_price"),
            max_by(when(active, period), activeStart).as("_period"),
            count(when(endedBefore, lit(1))).as("previous_subscriptions"),
            countDistinct(col(EventFields.PLAN)).as("_plans"),
            count(
                    when(
                        endedBefore.and(col(EventFields.CANCEL_REASON).equalTo("payment_failed")),
                        lit(1)))
                .as("payment_failures"))
        .select(
            col(KEY[0]),
            col(KEY[1]),
            when(col("_active").equalTo(1), lit("active"))
                .otherwise(lit("ended"))
                .as("subscription_status"),
            col("_plan").as("subscription_plan"),
            datediff(asOf, col("_active_start")).as("subscription_tenure_days"),
            col("_monthly_price").as("subscription_monthly_price_eur"),
            // Renewals fall every period after the start; the next one on or after D.
            pmod(lit(0).minus(datediff(asOf, col("_active_start"))), col("_period"))
                .as("days_to_renewal"),
            col("previous_subscriptions"),
            col("_plans").minus(1).as("subscription_plan_changes"),
            col("payment_failures"));
  }

  private static Dataset<Row> asOfDates(SparkSession spark, DateRange dates) {
    return spark.sql(
        "SELECT explode(sequence(DATE'"
            + dates.from()
            + "', DATE'"
            + dates.to()
            + "')) AS "
            + AS_OF_DATE);
  }

  private static Column[] output(int windowDays) {
    List<Column> cols = new ArrayList<>();
    for (String name : FeatureTables.USER_FEATURES.columnNames()) {
      Column c =
          switch (name) {
            case "window_days" -> lit(windowDays);
            case "active_days",
                "sessions",
                "page_views",
                "article_reads",
                "video_plays",
                "comments",
                "newsletter_sends",
                "ad_impressions",
                "ad_clicks",
                "purchases",
                "previous_subscriptions",
                "subscription_plan_changes",
                "payment_failures" ->
                coalesce(col(name), lit(0L));
            case "engaged_seconds", "spend_eur" -> coalesce(col(name), lit(0.0));
            case "subscription_status" -> coalesce(col(name), lit("none"));
            default -> col(name);
          };
      cols.add(c.as(name));
    }
    return cols.toArray(Column[]::new);
  }

  private static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast("double").divide(denominator));
  }

  private static String mapKey(String map, String key) {
    return "_" + map + "_" + key;
  }

  private static Column mapCount(String map, String key) {
    return sum(coalesce(col(map).getItem(key), lit(0L))).as(mapKey(map, key));
  }

  private static Column total(String map, List<String> keys) {
    return keys.stream().map(k -> col(mapKey(map, k))).reduce(Column::plus).orElseThrow();
  }
}
