package fr.audience.sessions;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import fr.audience.core.TableSpec;
import fr.audience.ingest.EventFields;
import org.apache.spark.sql.types.DataTypes;

/** The silver tables: clean events, sessions, per-user daily activity, subscriptions, purchases. */
public final class SilverTables {
  private static final org.apache.spark.sql.types.DataType COUNTS =
      DataTypes.createMapType(StringType, LongType);

  public static final TableSpec EVENTS = events();

  public static final TableSpec IDENTITY_MAP =
      TableSpec.builder(
              "silver",
              "identity_map",
              "Anonymous devices mapped to the first account that logged in on them.")
          .column(EventFields.DEVICE_ID, StringType, "Anonymous device id")
          .column(EventFields.USER_ID, StringType, "First account seen logged in on the device")
          .column(
              IdentityStitching.FIRST_LOGIN_TS,
              TimestampType,
              "When that account first logged in on it (UTC)")
          .column(
              IdentityStitching.FIRST_LOGIN_DATE,
              DateType,
              "Date of the first login; runs for earlier dates ignore the mapping")
          .build();

  public static final TableSpec SESSIONS =
      TableSpec.builder(
              "silver",
              "sessions",
              "Visits: a device's events until 30 minutes (configurable) without activity; dated by their start.")
          .column(
              SilverColumns.SESSION_ID,
              StringType,
              "Session id: hash of device and start time, stable across re-runs")
          .column(EventFields.DEVICE_ID, StringType, "Device of the session")
          .column(
              EventFields.USER_ID,
              StringType,
              "Account of the reader (stitched), null when anonymous")
          .column("session_start", TimestampType, "First event (UTC)")
          .column("session_end", TimestampType, "Last event (UTC)")
          .column("duration_seconds", DoubleType, "Seconds from first to last event")
          .column("events", LongType, "Events in the session")
          .column("page_views", LongType, "Page views in the session")
          .column("engaged_seconds", DoubleType, "Reading dwell time plus video watched, seconds")
          .column("entry_section", StringType, "Section of the first page viewed")
          .column(
              SilverColumns.REFERRER_CLASS,
              StringType,
              "Origin of the visit: direct, search, social, newsletter, campaign or partner")
          .column(EventFields.DEVICE, StringType, "Device type")
          .column(SilverColumns.SESSION_DATE, DateType, "Date the session started, UTC (partition)")
          .partitionedBy(SilverColumns.SESSION_DATE)
          .build();

  public static final TableSpec USER_DAILY = userDaily();

  public static final TableSpec SUBSCRIPTION_EVENTS =
      TableSpec.builder(
              "silver",
              "subscription_events",
              "Subscription starts, renewals and cancellations, by the date they happened.")
          .column(EventFields.EVENT_ID, StringType, "Event id")
          .column(EventFields.SUBSCRIPTION_ID, StringType, "Subscription")
          .column(EventFields.USER_ID, StringType, "Subscriber account")
          .column(
              EventFields.EVENT_TYPE,
              StringType,
              "subscription_start, subscription_renew or subscription_cancel")
          .column(EventFields.TS, TimestampType, "When it happened (UTC)")
          .column(EventFields.PLAN, StringType, "Plan: digital, print or bundle")
          .column(EventFields.PRICE_EUR, DoubleType, "Price of one renewal period, EUR incl. VAT")
          .column(EventFields.PERIOD_DAYS, IntegerType, "Length of a renewal period, days")
          .column(EventFields.CANCEL_REASON, StringType, "Reason given, on cancellations")
          .column(
              EventFields.UTM_CAMPAIGN,
              StringType,
              "Campaign of the landing page, when the event came from one")
          .column(EventFields.EVENT_DATE, DateType, "Date it happened, UTC (partition)")
          .partitionedBy(EventFields.EVENT_DATE)
          .build();

  public static final TableSpec SUBSCRIPTIONS =
      TableSpec.builder(
              "silver",
              "subscriptions",
              "One row per subscription started by the as-of date: terms, start, end and status then.")
          .column(EventFields.SUBSCRIPTION_ID, StringType, "Subscription id")
          .column(EventFields.USER_ID, StringType, "Subscriber account")
          .column(EventFields.PLAN, StringType, "Current plan: digital, print or bundle")
          .column(EventFields.PRICE_EUR, DoubleType, "Price of one renewal period, EUR incl. VAT")
          .column(EventFields.PERIOD_DAYS, IntegerType, "Length of a renewal period, days")
          .column(Subscriptions.START_DATE, DateType, "First day")
          .column(
              Subscriptions.END_DATE,
              DateType,
              "Day it ended (end of the last paid period); null while active")
          .column(EventFields.CANCEL_REASON, StringType, "Reason given when it ended")
          .column(Subscriptions.STATUS, StringType, "active or ended, as of as_of_date")
          .column("paid_periods", LongType, "Renewal periods paid, the first included")
          .column("last_payment_date", DateType, "Start of the last paid period")
          .column(
              "source",
              StringType,
              "billing_export when it started before the event history, else events")
          .column(
              "as_of_date",
              DateType,
              "Date the state describes: the latest date sessionize has published (a re-run of an earlier date keeps it)")
          .build();

  public static final TableSpec TRANSACTIONS =
      TableSpec.builder(
              "silver",
              "transactions",
              "One-off purchases: from the shop export before the event history, from purchase events after.")
          .column(EventFields.ORDER_ID, StringType, "Order id")
          .column(EventFields.USER_ID, StringType, "Buyer account (stitched)")
          .column(EventFields.TS, TimestampType, "Time of purchase (UTC); null for the shop export")
          .column(EventFields.AMOUNT_EUR, DoubleType, "Amount, EUR incl. VAT")
          .column(
              EventFields.PRODUCT, StringType, "numero, hors_serie, livre, evenement or archives")
          .column(
              EventFields.UTM_CAMPAIGN,
              StringType,
              "Campaign of the landing page, when the purchase came from one")
          .column(Transactions.SOURCE, StringType, "shop_export or events")
          .column(Transactions.ORDER_DATE, DateType, "Day of the purchase, UTC (partition)")
          .partitionedBy(Transactions.ORDER_DATE)
          .build();

  private SilverTables() {}

  private static TableSpec events() {
    TableSpec.Builder b =
        TableSpec.builder(
            "silver",
            "events",
            "Clean audience events: deduplicated, bots and bad clocks removed, users stitched, sessions assigned; by true date.");
    EventFields.FIELDS.forEach(
        (name, field) -> {
          if (name.equals(EventFields.USER_ID)) {
            b.column(
                name,
                StringType,
                "Account of the reader: as logged in, or stitched from the device's first login");
            b.column(
                SilverColumns.LOGIN_USER_ID,
                StringType,
                "Account as delivered (null when logged out)");
          } else {
            b.column(
                name,
                name.equals(EventFields.TS) ? TimestampType : field.rawType(),
                field.comment());
          }
        });
    return b.column(
            SilverColumns.REFERRER_CLASS,
            StringType,
            "Origin: direct, search, social, newsletter, campaign or partner")
        .column(
            SilverColumns.SESSION_ID, StringType, "Session the event belongs to (silver.sessions)")
        .column(
            SilverColumns.ARRIVAL_DATE,
            DateType,
            "Date the event was delivered (its bronze partition)")
        .column(EventFields.RUN_ID, StringType, "Run that wrote the row (see ops.job_runs)")
        .column(EventFields.EVENT_DATE, DateType, "Date the event happened, UTC (partition)")
        .partitionedBy(EventFields.EVENT_DATE)
        // Readers select by date (the partition), event type and reader: statistics on the 32 first
        // columns (user agents, URLs, comment text) cost the write and skip nothing.
        .statsOn(EventFields.TS, EventFields.EVENT_TYPE, EventFields.DEVICE_ID, EventFields.USER_ID)
        .build();
  }

  private static TableSpec userDaily() {
    TableSpec.Builder b =
        TableSpec.builder(
                "silver",
                "user_daily",
                "Per logged-in user and day: activity, engagement, advertising, newsletter and revenue counts.")
            .column(EventFields.USER_ID, StringType, "Account")
            .column("events", LongType, "Events that day")
            .column("sessions", LongType, "Sessions that day");
    for (String type : EventFields.EVENT_TYPE_LIST) {
      b.column(UserDaily.plural(type), LongType, "Number of " + type + " events that day");
    }
    return b.column("engaged_seconds", DoubleType, "Reading dwell time plus video watched, seconds")
        .column(
            "avg_scroll_depth",
            DoubleType,
            "Mean scroll depth of article reads, 0..1; null without reads")
        .column("video_seconds", DoubleType, "Video watched, seconds")
        .column("video_duration_seconds", DoubleType, "Total length of the videos started, seconds")
        .column("purchase_amount_eur", DoubleType, "One-off purchases, EUR incl. VAT")
        .column(
            "subscription_revenue_eur",
            DoubleType,
            "Subscription payments (starts and renewals), EUR incl. VAT")
        .column("first_ts", TimestampType, "First event (UTC)")
        .column("last_ts", TimestampType, "Last event (UTC)")
        .column(UserDaily.SECTION_PAGE_VIEWS, COUNTS, "Page views per section")
        .column(UserDaily.DEVICE_EVENTS, COUNTS, "Events per device type")
        .column(
            UserDaily.DAYPART_PAGE_VIEWS,
            COUNTS,
            "Page views per part of the day (UTC): nuit <6h, matin <10h, midi <14h, apres_midi <18h, soir")
        .column(EventFields.EVENT_DATE, DateType, "Day, UTC (partition)")
        .partitionedBy(EventFields.EVENT_DATE)
        .build();
  }
}
