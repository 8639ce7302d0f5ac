package fr.audience.kpi;

import static fr.audience.kpi.KpiFrames.ALL;
import static fr.audience.kpi.KpiFrames.USER_ID;
import static fr.audience.kpi.KpiFrames.ratio;
import static fr.audience.kpi.KpiTables.AS_OF_DATE;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * KPIs of value: CLV by segment, acquisition cost against value, revenue durability, campaign
 * carbon, churn risk.
 */
final class ValueKpis {
  static final String CONVERSION_TS = "conversion_ts";
  static final String CAMPAIGN_ID = "campaign_id";
  static final String CHANNEL = "channel";

  private ValueKpis() {}

  /**
   * Per customer and as-of date: CLV over the horizon and its subscription and one-shot parts
   * (EUR).
   */
  static Dataset<Row> customerValue(Dataset<Row> clvCustomer, int horizonMonths) {
    String h = horizonMonths + "m";
    Column sub = coalesce(col("clv_subscription_" + h), lit(0.0));
    Column one = coalesce(col("clv_purchases_" + h), lit(0.0));
    return clvCustomer.select(
        col(USER_ID),
        col(AS_OF_DATE),
        coalesce(col("clv_" + h), sub.plus(one)).as("clv"),
        sub.as("clv_sub"),
        one.as("clv_one"));
  }

  /** gold.kpi_clv_by_segment rows from per-customer value with segment_id. */
  static Dataset<Row> clvBySegment(Dataset<Row> value, Dataset<Row> labels, int horizonMonths) {
    return KpiFrames.bySegmentWithTotal(
            value,
            labels,
            List.of(),
            count(lit(1)).as("customers"),
            avg("clv").as("clv_mean_eur"),
            expr("percentile(clv, 0.5)").as("clv_median_eur"),
            sum("clv").as("clv_total_eur"),
            sum("clv_sub").as("clv_subscription_total_eur"),
            sum("clv_one").as("clv_one_shot_total_eur"))
        .withColumn(
            "subscription_share", ratio(col("clv_subscription_total_eur"), col("clv_total_eur")))
        .withColumn("horizon_months", lit(horizonMonths));
  }

  /**
   * Each customer's first conversion ever (first subscription start or first one-off purchase):
   * user_id, conversion_ts. A conversion known only by its day (billing and shop exports) counts at
   * the end of that day.
   */
  static Dataset<Row> firstConversions(
      Dataset<Row> subscriptionEvents, Dataset<Row> subscriptions, Dataset<Row> transactions) {
    Dataset<Row> starts =
        subscriptionEvents
            .filter(col("event_type").equalTo("subscription_start"))
            .select(col(USER_ID), col("ts").as(CONVERSION_TS));
    Dataset<Row> exported =
        subscriptions.select(col(USER_ID), endOfDay(col("start_date")).as(CONVERSION_TS));
    Dataset<Row> purchases =
        transactions.select(
            col(USER_ID), coalesce(col("ts"), endOfDay(col("order_date"))).as(CONVERSION_TS));
    return starts
        .unionByName(exported)
        .unionByName(purchases)
        .filter(col(USER_ID).isNotNull())
        .groupBy(USER_ID)
        .agg(min(CONVERSION_TS).as(CONVERSION_TS));
  }

  private static Column endOfDay(Column day) {
    return timestamp_seconds(unix_date(day).multiply(86400L).plus(86399L));
  }

  /**
   * Last-touch attribution: for each first conversion, the campaign of the customer's last campaign
   * landing (page view with a utm_campaign that is a known campaign) at most {@code
   * attributionDays} days before it. Columns: user_id, conversion_ts, campaign_id, channel (null
   * when no touch qualifies).
   */
  static Dataset<Row> attribute(
      Dataset<Row> conversions, Dataset<Row> events, Dataset<Row> campaigns, int attributionDays) {
    Columns.require(events, USER_ID, "event_type", "ts", "utm_campaign");
    Dataset<Row> dim = campaigns.select(col(CAMPAIGN_ID), col(CHANNEL)).distinct();
    Dataset<Row> touches =
        events
            .filter(
                col("event_type")
                    .equalTo("page_view")
                    .and(col("utm_campaign").isNotNull())
                    .and(col(USER_ID).isNotNull()))
            .select(col(USER_ID), col("ts"), col("utm_campaign"))
            .join(broadcast(dim), col("utm_campaign").equalTo(col(CAMPAIGN_ID)))
            .select(
                col(USER_ID).as("_tu"), col("ts").as("_touch_ts"), col(CAMPAIGN_ID), col(CHANNEL));
    Column inWindow =
        col("_tu")
            .equalTo(col(USER_ID))
            .and(col("_touch_ts").leq(col(CONVERSION_TS)))
            .and(
                col("_touch_ts")
                    .geq(
                        expr(
                            "timestampadd(DAY, -" + attributionDays + ", " + CONVERSION_TS + ")")));
    Dataset<Row> last =
        conversions
            .join(touches, inWindow)
            .groupBy(USER_ID)
            .agg(
                max_by(col(CAMPAIGN_ID), col("_touch_ts")).as(CAMPAIGN_ID),
                max_by(col(CHANNEL), col("_touch_ts")).as(CHANNEL));
    return conversions.join(last, KpiFrames.using(USER_ID), "left");
  }

  /**
   * New customers of each as-of date: first conversion within the acquisition window ending on it.
   */
  static Dataset<Row> newCustomers(
      Dataset<Row> attributed, Dataset<Row> dates, int windowDays, Dataset<Row> value) {
    Dataset<Row> fresh =
        KpiFrames.inWindow(
                attributed.withColumn("_conv_date", to_date(col(CONVERSION_TS))),
                "_conv_date",
                dates,
                windowDays)
            .drop("_conv_date");
    if (value == null) {
      return fresh.withColumn("clv", lit(null).cast("double"));
    }
    Dataset<Row> known = value.select(col(AS_OF_DATE).as("_vd")).distinct();
    return fresh
        .join(
            value.select(col(USER_ID).as("_vu"), col(AS_OF_DATE).as("_va"), col("clv").as("_clv")),
            col("_vu").equalTo(col(USER_ID)).and(col("_va").equalTo(col(AS_OF_DATE))),
            "left")
        .join(broadcast(known), col("_vd").equalTo(col(AS_OF_DATE)), "left")
        // A new customer absent from gold.clv_customer (ended subscription, no purchase left) is
        // worth 0.
        .withColumn("clv", when(col("_vd").isNotNull(), coalesce(col("_clv"), lit(0.0))))
        .drop("_vu", "_va", "_clv", "_vd");
  }

  /**
   * Media spend and impressions of each campaign over the acquisition window ending on each as-of
   * date.
   */
  static Dataset<Row> campaignDelivery(Dataset<Row> campaigns, Dataset<Row> dates, int windowDays) {
    return KpiFrames.inWindow(campaigns, "day", dates, windowDays)
        .groupBy(AS_OF_DATE, CAMPAIGN_ID, CHANNEL)
        .agg(
            sum("spend_eur").as("spend_eur"),
            sum("impressions").as("impressions"),
            sum(col("impressions").multiply(col("avg_creative_kb"))).divide(1e6).as("data_gb"));
  }

  /** gold.kpi_cac_vs_clv rows: per campaign, per channel (campaign 'all') and overall (all/all). */
  static Dataset<Row> cacVsClv(
      Dataset<Row> delivery, Dataset<Row> customers, int attributionDays, int horizonMonths) {
    Dataset<Row> perCampaign =
        level(delivery, customers.filter(col(CAMPAIGN_ID).isNotNull()), true, true);
    Dataset<Row> perChannel =
        level(delivery, customers.filter(col(CAMPAIGN_ID).isNotNull()), true, false);
    Dataset<Row> overall = level(delivery, customers, false, false);
    Column cac = ratio(col("spend_eur"), col("new_customers"));
    return perCampaign
        .unionByName(perChannel)
        .unionByName(overall)
        .withColumn("cac_eur", cac)
        .withColumn("clv_to_cac", ratio(col("mean_clv_eur"), col("cac_eur")))
        .withColumn(
            "payback_months", ratio(col("cac_eur"), col("mean_clv_eur").divide(horizonMonths)))
        .withColumn("attribution_window_days", lit(attributionDays));
  }

  private static Dataset<Row> level(
      Dataset<Row> delivery, Dataset<Row> customers, boolean byChannel, boolean byCampaign) {
    List<String> keys = new java.util.ArrayList<>(List.of(AS_OF_DATE));
    if (byChannel) {
      keys.add(CHANNEL);
    }
    if (byCampaign) {
      keys.add(CAMPAIGN_ID);
    }
    String[] k = keys.toArray(String[]::new);
    Dataset<Row> spend =
        delivery
            .groupBy(keys.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(sum("spend_eur").as("spend_eur"));
    Dataset<Row> acquired =
        customers
            .groupBy(keys.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(count(lit(1)).as("new_customers"), avg("clv").as("mean_clv_eur"));
    Dataset<Row> joined =
        spend
            .join(acquired, KpiFrames.using(k), "full")
            .withColumn("spend_eur", coalesce(col("spend_eur"), lit(0.0)))
            .withColumn("new_customers", coalesce(col("new_customers"), lit(0L)));
    if (!byChannel) {
      joined = joined.withColumn(CHANNEL, lit(ALL));
    }
    if (!byCampaign) {
      joined = joined.withColumn(CAMPAIGN_ID, lit(ALL));
    }
    return joined;
  }

  /**
   * gold.kpi_campaign_carbon rows: emissions of each campaign's delivery and per acquired customer.
   */
  static Dataset<Row> campaignCarbon(
      Dataset<Row> delivery, Dataset<Row> customers, KpiSettings.Carbon f) {
    Dataset<Row> acquired =
        customers
            .filter(col(CAMPAIGN_ID).isNotNull())
            .groupBy(AS_OF_DATE, CAMPAIGN_ID)
            .agg(count(lit(1)).as("new_customers"));
    return delivery
        .join(acquired, KpiFrames.using(AS_OF_DATE, CAMPAIGN_ID), "left")
        .withColumn("new_customers", coalesce(col("new_customers"), lit(0L)))
        .withColumn(
            "network_kgco2e", col("data_gb").multiply(f.networkKwhPerGb() * f.gridKgco2ePerKwh()))
        .withColumn(
            "device_kgco2e",
            col("impressions").multiply(f.deviceKwhPerImpression() * f.gridKgco2ePerKwh()))
        .withColumn("total_kgco2e", col("network_kgco2e").plus(col("device_kgco2e")))
        .withColumn(
            "gco2e_per_1000_impressions",
            ratio(col("total_kgco2e").multiply(1e6), col("impressions")))
        .withColumn("kgco2e_per_new_customer", ratio(col("total_kgco2e"), col("new_customers")));
  }

  /**
   * gold.kpi_revenue_durability rows: subscription payments and one-off purchases per calendar
   * month (the {@code months} months up to each as-of date, the last one to date) and segment.
   */
  static Dataset<Row> revenueDurability(
      Dataset<Row> userDaily,
      Dataset<Row> dates,
      Dataset<Row> segments,
      Dataset<Row> labels,
      int months) {
    Columns.require(
        userDaily, USER_ID, "event_date", "subscription_revenue_eur", "purchase_amount_eur");
    Dataset<Row> revenue =
        userDaily
            .filter(col("subscription_revenue_eur").gt(0).or(col("purchase_amount_eur").gt(0)))
            .join(
                broadcast(dates),
                col("event_date")
                    .between(
                        add_months(trunc(col(AS_OF_DATE), "MM"), -(months - 1)), col(AS_OF_DATE)))
            .select(
                col(AS_OF_DATE),
                col(USER_ID),
                date_format(col("event_date"), "yyyy-MM").as("month"),
                coalesce(col("subscription_revenue_eur"), lit(0.0)).as("_rec"),
                coalesce(col("purchase_amount_eur"), lit(0.0)).as("_one"));
    return KpiFrames.bySegmentWithTotal(
            KpiFrames.withSegment(revenue, segments),
            labels,
            List.of("month"),
            sum("_rec").as("recurring_revenue_eur"),
            sum("_one").as("one_shot_revenue_eur"))
        .withColumn(
            "durable_share",
            ratio(
                col("recurring_revenue_eur"),
                col("recurring_revenue_eur").plus(col("one_shot_revenue_eur"))))
        .withColumn(
            "recurring_to_one_shot",
            ratio(col("recurring_revenue_eur"), col("one_shot_revenue_eur")));
  }

  /** gold.kpi_churn_risk rows from gold.churn_scores rows of the run's dates (with segment_id). */
  static Dataset<Row> churnRisk(Dataset<Row> scores, Dataset<Row> labels) {
    return KpiFrames.bySegmentWithTotal(
        scores,
        labels,
        List.of("plan", "risk_band"),
        count(lit(1)).as("subscribers"),
        avg("churn_probability").as("mean_churn_probability"),
        sum("monthly_revenue_eur").as("monthly_revenue_eur"),
        sum("revenue_at_risk_eur").as("revenue_at_risk_eur"));
  }
}
