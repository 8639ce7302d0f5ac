package fr.audience.features;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.TableSpec;
import fr.audience.ingest.EventFields;
import java.util.List;

/**
 * gold.user_features: one row per user and as-of date, built only from what was known before that
 * date.
 */
public final class FeatureTables {
  public static final String AS_OF_DATE = "as_of_date";
  public static final List<String> SECTIONS =
      List.of(
          "politique",
          "international",
          "sport",
          "culture",
          "economie",
          "planete",
          "societe",
          "sciences",
          "accueil");
  public static final List<String> DEVICES =
      List.of("mobile", "desktop", "tablet", "app_ios", "app_android");

  /** Both apps together: which phone a reader owns says little about what they read. */
  public static final String APP = "app";

  public static final List<String> DAYPARTS =
      List.of("nuit", "matin", "midi", "apres_midi", "soir");
  public static final List<String> REFERRERS =
      List.of("direct", "search", "social", "newsletter", "campaign", "partner");

  public static final TableSpec USER_FEATURES = userFeatures();

  private FeatureTables() {}

  public static String sectionShare(String section) {
    return "section_share_" + section;
  }

  public static String deviceShare(String device) {
    return "device_share_" + device;
  }

  public static String daypartShare(String daypart) {
    return "daypart_share_" + daypart;
  }

  public static String referrerShare(String referrer) {
    return "referrer_share_" + referrer;
  }

  private static TableSpec userFeatures() {
    TableSpec.Builder b =
        TableSpec.builder(
                "gold",
                "user_features",
                "Per user and as-of date D: behaviour over the trailing window D - window-days .. D - 1 "
                    + "(audience.features.window-days) and subscription state at D. Nothing dated D or later enters.")
            .column(EventFields.USER_ID, StringType, "Account")
            .column(
                "window_days",
                IntegerType,
                "Length of the trailing window the activity columns cover, days")
            .column(
                "recency_days",
                IntegerType,
                "Days from the last active day (page view or video) to D; null when not active in the window")
            .column(
                "active_days", LongType, "Days with at least one page view or video in the window")
            .column("visits_per_week", DoubleType, "Frequency: sessions per week over the window")
            .column("sessions", LongType, "Sessions (visits) in the window")
            .column("page_views", LongType, "Page views in the window")
            .column("article_reads", LongType, "Articles read (dwell recorded) in the window")
            .column("video_plays", LongType, "Videos started in the window")
            .column("comments", LongType, "Comments posted in the window")
            .column(
                "engaged_seconds",
                DoubleType,
                "Reading dwell time plus video watched in the window, seconds")
            .column(
                "engaged_seconds_per_session",
                DoubleType,
                "Engaged seconds per session; null without sessions")
            .column(
                "pages_per_session",
                DoubleType,
                "Depth: page views per session; null without sessions")
            .column(
                "avg_scroll_depth",
                DoubleType,
                "Mean scroll depth of article reads, 0..1; null without reads")
            .column(
                "video_completion",
                DoubleType,
                "Video seconds watched over the length of the videos started; null without videos")
            .column(
                "weekend_share",
                DoubleType,
                "Share of page views on Saturday or Sunday (UTC); null without page views");
    SECTIONS.forEach(
        s ->
            b.column(
                sectionShare(s),
                DoubleType,
                "Share of page views in section " + s + "; null without page views"));
    DEVICES.forEach(
        d ->
            b.column(
                deviceShare(d),
                DoubleType,
                "Share of device-stamped events on " + d + "; null without such events"));
    b.column(
        deviceShare(APP),
        DoubleType,
        "Share of device-stamped events on either app (iOS or Android); null without such events");
    DAYPARTS.forEach(
        p ->
            b.column(
                daypartShare(p),
                DoubleType,
                "Share of page views in the "
                    + p
                    + " part of the day (UTC, as silver.user_daily); null without page views"));
    REFERRERS.forEach(
        r ->
            b.column(
                referrerShare(r),
                DoubleType,
                "Share of sessions whose origin is " + r + "; null without sessions"));
    return b.column(
            "active_days_trend",
            DoubleType,
            "Share of active days in the latest half of the window minus that share in "
                + "the earlier half (-1..1): negative when the reader fades")
        .column(
            "newsletter_open_rate_trend",
            DoubleType,
            "Newsletter open rate in the latest half of the window minus the "
                + "earlier half's; null unless newsletters were sent in both halves")
        .column("newsletter_sends", LongType, "Newsletters sent to the user in the window")
        .column(
            "newsletter_open_rate",
            DoubleType,
            "Newsletter opens over sends in the window; null when none was sent")
        .column(
            "push_open_rate",
            DoubleType,
            "Push opens over pushes sent in the window; null when none was sent")
        .column("ad_impressions", LongType, "Ads shown in the window")
        .column("ad_clicks", LongType, "Ads clicked in the window")
        .column(
            "subscription_status",
            StringType,
            "At D: active (a subscription started before D and not ended before D), ended (only past ones) or none")
        .column(
            "subscription_plan",
            StringType,
            "Plan of the latest active subscription at D (digital, print, bundle); null when not active")
        .column(
            "subscription_tenure_days",
            IntegerType,
            "Days from the start of the latest active subscription to D; null when not active")
        .column(
            "subscription_monthly_price_eur",
            DoubleType,
            "Price of the active subscription per 30 days, EUR; null when not active")
        .column(
            "days_to_renewal",
            IntegerType,
            "Days from D to the active subscription's next renewal date (0 = renews on D); null when not active")
        .column(
            "previous_subscriptions", LongType, "Subscriptions of the user that had ended before D")
        .column(
            "subscription_plan_changes",
            LongType,
            "Distinct plans among the user's subscriptions started before D, minus one")
        .column(
            "payment_failures",
            LongType,
            "Subscriptions that had ended before D for a failed payment")
        .column("purchases", LongType, "One-off purchases in the window")
        .column("spend_eur", DoubleType, "One-off purchase amount in the window, EUR incl. VAT")
        .column(AS_OF_DATE, DateType, "D: the date the features describe the user at (partition)")
        .partitionedBy(AS_OF_DATE)
        .build();
  }
}
