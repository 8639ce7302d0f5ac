package fr.audience.kpi;

import static fr.audience.quality.Check.between;
import static fr.audience.quality.Check.nonNegative;
import static fr.audience.quality.Check.notNull;
import static fr.audience.quality.Check.rowCountVsPreviousDay;
import static fr.audience.quality.Check.unique;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.TableSpec;
import fr.audience.quality.GatedTable;
import java.util.List;

/** The gold KPI tables for BI (docs/kpi.md), each with the checks it must pass to be published. */
public final class KpiTables {
  public static final String AS_OF_DATE = "as_of_date";
  public static final String SEGMENT_ID = "segment_id";
  public static final String SEGMENT_LABEL = "segment_label";
  static final String AS_OF_COMMENT =
      "Date the figures describe (partition); see docs/kpi.md for each figure's window";

  private static TableSpec.Builder segmented(String table, String comment) {
    return TableSpec.builder("gold", table, comment)
        .column(
            SEGMENT_ID,
            IntegerType,
            "Micro segment (gold.segments) as of the date; -1 = users without a segment; null on the 'tous' total row")
        .column(
            SEGMENT_LABEL,
            StringType,
            "Segment label (gold.segment_profiles); 'non segmenté' for -1, 'tous' for the total row");
  }

  public static final GatedTable CLV_BY_SEGMENT =
      GatedTable.of(
          segmented(
                  "kpi_clv_by_segment",
                  "Customer lifetime value by segment as of a date (daily grain): customers, mean, median and total CLV, split into subscription and one-shot parts. From gold.clv_customer and gold.segments.")
              .column(
                  "customers",
                  LongType,
                  "Customers scored in gold.clv_customer (active subscribers and one-off buyers)")
              .column(
                  "clv_mean_eur",
                  DoubleType,
                  "Mean CLV over horizon_months, EUR incl. VAT, discounted")
              .column(
                  "clv_median_eur",
                  DoubleType,
                  "Median CLV over horizon_months, EUR (exact, interpolated)")
              .column("clv_total_eur", DoubleType, "Sum of CLV, EUR")
              .column(
                  "clv_subscription_total_eur",
                  DoubleType,
                  "Subscription part of clv_total_eur: expected renewal payments, EUR")
              .column(
                  "clv_one_shot_total_eur",
                  DoubleType,
                  "One-shot part of clv_total_eur: expected one-off purchases, EUR")
              .column(
                  "subscription_share",
                  DoubleType,
                  "clv_subscription_total_eur / clv_total_eur, 0..1; null when the total is 0")
              .column(
                  "horizon_months",
                  IntegerType,
                  "CLV horizon, months (audience.kpi.clv-horizon-months)")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull(SEGMENT_LABEL),
          unique(SEGMENT_ID, SEGMENT_LABEL),
          between(0, 1, "subscription_share"),
          nonNegative(
              "customers",
              "clv_mean_eur",
              "clv_median_eur",
              "clv_total_eur",
              "clv_subscription_total_eur",
              "clv_one_shot_total_eur"),
          rowCountVsPreviousDay());

  public static final GatedTable CAC_VS_CLV =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_cac_vs_clv",
                  "Acquisition cost against the value acquired, per channel and campaign, over the acquisition window ending on the date (daily grain). New customers by last-touch UTM attribution.")
              .column(
                  "channel",
                  StringType,
                  "Acquisition channel (search, social, display, video, newsletter, affiliation), or 'all'")
              .column(
                  "campaign_id",
                  StringType,
                  "Campaign (utm_campaign), or 'all' for the channel's total")
              .column(
                  "spend_eur",
                  DoubleType,
                  "Media spend over the acquisition window (audience.kpi.acquisition-window-days), EUR excl. VAT")
              .column(
                  "new_customers",
                  LongType,
                  "Users whose first subscription or purchase fell in the window, attributed to the campaign's last UTM touch within attribution_window_days before it; the all/all row also counts unattributed ones")
              .column(
                  "cac_eur",
                  DoubleType,
                  "Customer acquisition cost: spend_eur / new_customers, EUR; null with no new customer")
              .column(
                  "mean_clv_eur",
                  DoubleType,
                  "Mean CLV (gold.clv_customer, audience.kpi.clv-horizon-months) of these new customers, EUR; null without CLV for the date")
              .column(
                  "clv_to_cac",
                  DoubleType,
                  "mean_clv_eur / cac_eur (value created per euro of acquisition); null when either is null or CAC is 0")
              .column(
                  "payback_months",
                  DoubleType,
                  "Months of mean value needed to repay the CAC: cac_eur / (mean_clv_eur / horizon months); null when not computable")
              .column(
                  "attribution_window_days",
                  IntegerType,
                  "Last-touch lookback, days (audience.kpi.attribution-window-days)")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("channel", "campaign_id"),
          unique("channel", "campaign_id"),
          nonNegative("spend_eur", "new_customers", "cac_eur", "mean_clv_eur", "clv_to_cac"),
          rowCountVsPreviousDay());

  public static final GatedTable REVENUE_DURABILITY =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_revenue_durability",
                  "Recurring (subscription) against one-shot (purchase) revenue per month and segment, for the months up to the date (daily grain; the date's month is month-to-date).")
              .column(
                  "month",
                  StringType,
                  "Calendar month, yyyy-MM (audience.kpi.revenue-months months up to the date)")
              .column(
                  SEGMENT_ID,
                  IntegerType,
                  "Micro segment as of the date; -1 = no segment; null on the 'tous' row")
              .column(
                  SEGMENT_LABEL,
                  StringType,
                  "Segment label; 'non segmenté' for -1, 'tous' for the total row")
              .column(
                  "recurring_revenue_eur",
                  DoubleType,
                  "Subscription payments (starts and renewals) in the month, EUR incl. VAT")
              .column(
                  "one_shot_revenue_eur",
                  DoubleType,
                  "One-off purchases in the month, EUR incl. VAT")
              .column(
                  "durable_share",
                  DoubleType,
                  "recurring / (recurring + one-shot), 0..1; null without revenue")
              .column(
                  "recurring_to_one_shot",
                  DoubleType,
                  "recurring / one-shot; null when one-shot is 0")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("month", SEGMENT_LABEL),
          unique("month", SEGMENT_ID, SEGMENT_LABEL),
          between(0, 1, "durable_share"),
          nonNegative("recurring_revenue_eur", "one_shot_revenue_eur", "recurring_to_one_shot"),
          rowCountVsPreviousDay());

  public static final GatedTable COMMERCIAL_PRESSURE =
      GatedTable.of(
          segmented(
                  "kpi_commercial_pressure",
                  "Commercial messages received per person per week over the pressure window ending on the date (daily grain): percentiles and share above a threshold, by segment and channel.")
              .column(
                  "channel",
                  StringType,
                  "newsletter (sends), push (pushes sent), ad (impressions) or all (their sum)")
              .column(
                  "people",
                  LongType,
                  "Logged-in users with any event in the window (silver.user_daily)")
              .column(
                  "p50_per_week",
                  DoubleType,
                  "Median messages per person per week (exact percentile, linear interpolation)")
              .column("p90_per_week", DoubleType, "90th percentile, messages per person per week")
              .column("p99_per_week", DoubleType, "99th percentile, messages per person per week")
              .column(
                  "threshold_per_week",
                  DoubleType,
                  "Threshold of the channel (audience.kpi.pressure-thresholds-per-week), messages per week")
              .column(
                  "share_above_threshold",
                  DoubleType,
                  "Share of people strictly above the threshold, 0..1")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull(SEGMENT_LABEL, "channel"),
          unique(SEGMENT_ID, SEGMENT_LABEL, "channel"),
          between(0, 1, "share_above_threshold"),
          nonNegative("people", "p50_per_week", "p90_per_week", "p99_per_week"),
          rowCountVsPreviousDay());

  public static final GatedTable CAMPAIGN_CARBON =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_campaign_carbon",
                  "Estimated greenhouse-gas emissions of each campaign's delivery over the acquisition window ending on the date (daily grain): data transfer and device energy times the French grid's carbon intensity (factors in audience.kpi.carbon, sources in docs/kpi.md).")
              .column("campaign_id", StringType, "Campaign")
              .column("channel", StringType, "Channel of the campaign")
              .column(
                  "impressions", LongType, "Impressions served in the window (bronze.campaigns)")
              .column(
                  "data_gb",
                  DoubleType,
                  "Data transferred: impressions x average creative size, GB (1 GB = 10^6 kB)")
              .column(
                  "network_kgco2e",
                  DoubleType,
                  "data_gb x network-kwh-per-gb x grid-kgco2e-per-kwh, kgCO2e")
              .column(
                  "device_kgco2e",
                  DoubleType,
                  "impressions x device-kwh-per-impression x grid-kgco2e-per-kwh, kgCO2e")
              .column("total_kgco2e", DoubleType, "network_kgco2e + device_kgco2e, kgCO2e")
              .column(
                  "gco2e_per_1000_impressions",
                  DoubleType,
                  "total_kgco2e x 1000 g / impressions x 1000, gCO2e; null without impressions")
              .column(
                  "new_customers",
                  LongType,
                  "New customers attributed to the campaign in the window (as in gold.kpi_cac_vs_clv)")
              .column(
                  "kgco2e_per_new_customer",
                  DoubleType,
                  "total_kgco2e / new_customers, kgCO2e; null with no new customer")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("campaign_id", "channel"),
          unique("campaign_id"),
          nonNegative(
              "impressions",
              "data_gb",
              "network_kgco2e",
              "device_kgco2e",
              "total_kgco2e",
              "new_customers"),
          rowCountVsPreviousDay());

  public static final GatedTable STRATEGIC_AUDIENCE =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_strategic_audience",
                  "Share of the day's active users and engaged time coming from the strategic targets named in audience.kpi.strategic-targets (daily grain).")
              .column(
                  "target",
                  StringType,
                  "Strategic target (audience.kpi.strategic-targets), or 'total' for all logged-in readers")
              .column(
                  "active_users", LongType, "Logged-in (or stitched) users with a session that day")
              .column("active_users_share", DoubleType, "active_users / total active users, 0..1")
              .column(
                  "engaged_seconds",
                  DoubleType,
                  "Engaged time of those users that day (silver.sessions), seconds")
              .column(
                  "engaged_time_share",
                  DoubleType,
                  "engaged_seconds / total engaged seconds, 0..1; null when the total is 0")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("target"),
          unique("target"),
          between(0, 1, "active_users_share", "engaged_time_share"),
          nonNegative("active_users", "engaged_seconds"),
          rowCountVsPreviousDay());

  public static final GatedTable ENGAGEMENT =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_engagement",
                  "Daily active readers, sessions and engaged time per reader, by section and device (daily grain, from silver.events reading events).")
              .column("section", StringType, "Section read, or 'all'")
              .column("device", StringType, "Device type, or 'all'")
              .column(
                  "daily_active_users",
                  LongType,
                  "Distinct readers (account, else anonymous device) with a reading event that day")
              .column("sessions", LongType, "Distinct sessions with a reading event that day")
              .column("sessions_per_user", DoubleType, "sessions / daily_active_users")
              .column(
                  "engaged_seconds_per_user",
                  DoubleType,
                  "Dwell time plus video watched, seconds, per daily active user")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("section", "device"),
          unique("section", "device"),
          nonNegative(
              "daily_active_users", "sessions", "sessions_per_user", "engaged_seconds_per_user"),
          rowCountVsPreviousDay());

  public static final GatedTable CHURN_RISK =
      GatedTable.of(
          segmented(
                  "kpi_churn_risk",
                  "Active subscribers by churn risk band, segment and plan as of the date, with the revenue at risk (daily grain, from gold.churn_scores).")
              .column("plan", StringType, "digital, print or bundle")
              .column(
                  "risk_band",
                  StringType,
                  "faible, moyen, élevé or critique (audience.churn.risk-bands)")
              .column("subscribers", LongType, "Active subscribers scored")
              .column(
                  "mean_churn_probability",
                  DoubleType,
                  "Mean churn probability over the churn horizon, 0..1")
              .column(
                  "monthly_revenue_eur", DoubleType, "Their subscription revenue per 30 days, EUR")
              .column(
                  "revenue_at_risk_eur",
                  DoubleType,
                  "Sum of churn probability x monthly revenue x horizon/30, EUR")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull(SEGMENT_LABEL, "plan", "risk_band"),
          unique(SEGMENT_ID, SEGMENT_LABEL, "plan", "risk_band"),
          between(0, 1, "mean_churn_probability"),
          nonNegative("subscribers", "monthly_revenue_eur", "revenue_at_risk_eur"),
          rowCountVsPreviousDay());

  public static final GatedTable EXPOSURE_AUDIT =
      GatedTable.of(
          TableSpec.builder(
                  "gold",
                  "kpi_exposure_audit",
                  "Commercial pressure and ad exposure of fragile publics (minors by age band, groups of audience.kpi.fragile-groups) against everyone else, over the pressure window ending on the date (daily grain).")
              .column(
                  "public",
                  StringType,
                  "Fragile public: an age band of audience.kpi.fragile-age-bands or a group's name")
              .column(
                  "people", LongType, "Logged-in users of the public with any event in the window")
              .column(
                  "pressure_per_week",
                  DoubleType,
                  "Mean newsletters plus pushes received per person per week")
              .column(
                  "ad_impressions_per_week", DoubleType, "Mean ad impressions per person per week")
              .column(
                  "reference_pressure_per_week", DoubleType, "Same for everyone outside the public")
              .column(
                  "reference_ad_impressions_per_week",
                  DoubleType,
                  "Same for everyone outside the public")
              .column(
                  "pressure_ratio",
                  DoubleType,
                  "pressure_per_week / reference_pressure_per_week; null when the reference is 0")
              .column(
                  "ad_exposure_ratio",
                  DoubleType,
                  "ad_impressions_per_week / reference_ad_impressions_per_week; null when the reference is 0")
              .column(
                  "ratio_limit",
                  DoubleType,
                  "Limit above which a ratio is flagged (audience.kpi.exposure-ratio-limit)")
              .column("over_limit", BooleanType, "True when either ratio passes ratio_limit")
              .column(AS_OF_DATE, DateType, AS_OF_COMMENT)
              .partitionedBy(AS_OF_DATE)
              .build(),
          AS_OF_DATE,
          notNull("public"),
          unique("public"),
          nonNegative(
              "people",
              "pressure_per_week",
              "ad_impressions_per_week",
              "reference_pressure_per_week",
              "reference_ad_impressions_per_week",
              "pressure_ratio",
              "ad_exposure_ratio"),
          rowCountVsPreviousDay());

  public static final List<GatedTable> ALL =
      List.of(
          CLV_BY_SEGMENT,
          CAC_VS_CLV,
          REVENUE_DURABILITY,
          COMMERCIAL_PRESSURE,
          CAMPAIGN_CARBON,
          STRATEGIC_AUDIENCE,
          ENGAGEMENT,
          CHURN_RISK,
          EXPOSURE_AUDIT);

  private KpiTables() {}
}
