package fr.audience.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import fr.audience.core.DateRange;
import fr.audience.core.TableSpec;
import fr.audience.sessions.SilverTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class UserFeaturesTest {
  private static final LocalDate D = LocalDate.parse("2026-03-30");
  private static final int WINDOW = 28;

  /**
   * Later page views, sessions, orders and subscription events (a cancellation, new plans) change
   * nothing at D.
   */
  @Test
  void featuresAsOfDUseOnlyTheDaysBeforeD() {
    Row before = features(history(false)).get("u1");
    Row withLaterEvents = features(history(true)).get("u1");
    assertThat(withLaterEvents.toSeq()).isEqualTo(before.toSeq());
  }

  @Test
  void featuresMatchHandComputedValues() {
    Map<String, Row> rows = features(history(false));
    Row u1 = rows.get("u1");
    // Active on 03-02 (the window's first day, a Monday) and 03-28 (Saturday); 03-01 is out of the
    // window.
    assertThat(u1.<Long>getAs("active_days")).isEqualTo(2L);
    assertThat(u1.<Integer>getAs("recency_days")).isEqualTo(2);
    assertThat(u1.<Long>getAs("page_views")).isEqualTo(4L);
    assertThat(u1.<Double>getAs("weekend_share")).isCloseTo(3.0 / 4, within(1e-9));
    assertThat(u1.<Double>getAs("section_share_sport")).isCloseTo(3.0 / 4, within(1e-9));
    assertThat(u1.<Double>getAs("pages_per_session")).isCloseTo(4.0 / 2, within(1e-9));
    assertThat(u1.<Double>getAs("referrer_share_social")).isCloseTo(1.0 / 2, within(1e-9));
    assertThat(u1.<Double>getAs("avg_scroll_depth"))
        .isCloseTo((0.5 * 1 + 0.8 * 3) / 4, within(1e-9));
    assertThat(u1.<Double>getAs("newsletter_open_rate")).isCloseTo(1.0 / 4, within(1e-9));
    assertThat(u1.<String>getAs("subscription_status")).isEqualTo("active");
    assertThat(u1.<String>getAs("subscription_plan")).isEqualTo("digital");
    assertThat(u1.<Integer>getAs("subscription_tenure_days")).isEqualTo(10);
    assertThat(u1.<Long>getAs("purchases")).isEqualTo(1L);
    assertThat(u1.<Double>getAs("spend_eur")).isEqualTo(12.0);
    // Churn signals: 03-28 is in the latest 14 days, 03-02 in the earlier 14 (one active day each);
    // the only
    // newsletter opened was before.
    assertThat(u1.<Double>getAs("active_days_trend")).isCloseTo(1.0 / 14 - 1.0 / 14, within(1e-9));
    assertThat(u1.<Double>getAs("newsletter_open_rate_trend"))
        .isCloseTo(0.0 / 2 - 1.0 / 2, within(1e-9));
    assertThat(u1.<Double>getAs("subscription_monthly_price_eur")).isCloseTo(9.99, within(1e-9));
    assertThat(u1.<Integer>getAs("days_to_renewal")).isEqualTo(20);
    assertThat(u1.<Long>getAs("previous_subscriptions")).isZero();
    assertThat(rows.get("u2").<Long>getAs("previous_subscriptions")).isEqualTo(1L);
    assertThat(rows.get("u2").<Long>getAs("payment_failures")).isEqualTo(1L);
    // u2's subscription ended before D, though the snapshot was taken later.
    assertThat(rows.get("u2").<String>getAs("subscription_status")).isEqualTo("ended");
    assertThat(rows.get("u2").<String>getAs("subscription_plan")).isNull();
  }

  private static Map<String, Row> features(Silver silver) {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> out =
        UserFeatures.asOf(
            spark,
            silver.daily,
            silver.sessions,
            silver.subscriptions,
            silver.transactions,
            DateRange.of(D),
            WINDOW);
    Map<String, Row> byUser = new HashMap<>();
    for (Row r : out.collectAsList()) {
      byUser.put(r.getAs("user_id"), r);
    }
    return byUser;
  }

  private record Silver(
      Dataset<Row> daily,
      Dataset<Row> sessions,
      Dataset<Row> subscriptions,
      Dataset<Row> transactions) {}

  /**
   * u1's known history before D, plus (when {@code later}) events on D and after that must not
   * count.
   */
  private static Silver history(boolean later) {
    List<Row> daily =
        new ArrayList<>(
            List.of(
                daily("u1", "2026-03-01", 9, 3, 0.9, Map.of("politique", 9L)),
                daily("u1", "2026-03-02", 1, 1, 0.5, Map.of("politique", 1L)),
                daily("u1", "2026-03-28", 3, 3, 0.8, Map.of("sport", 3L)),
                daily("u2", "2026-03-10", 2, 0, null, Map.of("culture", 2L))));
    List<Row> sessions =
        new ArrayList<>(
            List.of(
                session("u1", "2026-03-02", "direct"),
                session("u1", "2026-03-28", "social"),
                session("u1", "2026-02-20", "search")));
    // Later, u1's subscription is cancelled for a failed payment: the end is dated after D.
    List<Row> subscriptions =
        new ArrayList<>(
            List.of(
                subscription(
                    "u1", "digital", "2026-03-20", later ? D.plusDays(5).toString() : null),
                subscription("u2", "print", "2025-01-01", "2026-03-15")));
    List<Row> transactions = new ArrayList<>(List.of(order("u1", "2026-03-29", 12.0)));
    if (later) {
      daily.add(daily("u1", D.toString(), 50, 20, 0.1, Map.of("culture", 50L)));
      daily.add(daily("u1", D.plusDays(3).toString(), 7, 1, 0.2, Map.of("economie", 7L)));
      sessions.add(session("u1", D.toString(), "campaign"));
      subscriptions.add(subscription("u1", "bundle", D.toString(), null));
      subscriptions.add(subscription("u1", "print", D.plusDays(2).toString(), null));
      transactions.add(order("u1", D.toString(), 99.0));
    }
    SparkSession spark = TestSpark.spark();
    return new Silver(
        spark.createDataFrame(daily, SilverTables.USER_DAILY.schema()),
        spark.createDataFrame(sessions, SilverTables.SESSIONS.schema()),
        spark.createDataFrame(subscriptions, SilverTables.SUBSCRIPTIONS.schema()),
        spark.createDataFrame(transactions, SilverTables.TRANSACTIONS.schema()));
  }

  private static Row daily(
      String user,
      String date,
      long pageViews,
      long reads,
      Double scroll,
      Map<String, Long> sections) {
    Map<String, Object> v = new HashMap<>();
    v.put("user_id", user);
    v.put("event_date", Date.valueOf(date));
    v.put("page_views", pageViews);
    v.put("sessions", 1L);
    v.put("article_reads", reads);
    v.put("avg_scroll_depth", scroll);
    v.put("newsletter_sends", 2L);
    v.put("newsletter_opens", user.equals("u1") && date.equals("2026-03-02") ? 1L : 0L);
    v.put("engaged_seconds", 60.0 * pageViews);
    v.put("section_page_views", sections);
    v.put("device_events", Map.of("mobile", pageViews));
    v.put("daypart_page_views", Map.of("soir", pageViews));
    return row(SilverTables.USER_DAILY, v);
  }

  private static Row session(String user, String date, String referrer) {
    return row(
        SilverTables.SESSIONS,
        Map.of(
            "session_id",
            user + date,
            "user_id",
            user,
            "session_start",
            Timestamp.valueOf(date + " 20:00:00"),
            "page_views",
            1L,
            "referrer_class",
            referrer,
            "session_date",
            Date.valueOf(date)));
  }

  private static Row subscription(String user, String plan, String start, String end) {
    Map<String, Object> v =
        new HashMap<>(
            Map.of(
                "subscription_id",
                user + start,
                "user_id",
                user,
                "plan",
                plan,
                "start_date",
                Date.valueOf(start),
                "as_of_date",
                Date.valueOf("2026-04-05"),
                "period_days",
                30,
                "price_eur",
                plan.equals("print") ? 29.9 : 9.99));
    if (end != null) {
      v.put("end_date", Date.valueOf(end));
      v.put("cancel_reason", "payment_failed");
    }
    return row(SilverTables.SUBSCRIPTIONS, v);
  }

  private static Row order(String user, String date, double amount) {
    return row(
        SilverTables.TRANSACTIONS,
        Map.of(
            "order_id",
            user + date,
            "user_id",
            user,
            "amount_eur",
            amount,
            "source",
            "events",
            "order_date",
            Date.valueOf(date)));
  }

  /** A row of the spec's schema: the given values, zero for other counts, null for the rest. */
  private static Row row(TableSpec spec, Map<String, Object> values) {
    Object[] out = new Object[spec.schema().size()];
    int i = 0;
    for (StructField f : spec.schema().fields()) {
      Object v = values.get(f.name());
      if (v == null && f.dataType().equals(DataTypes.LongType)) {
        v = 0L;
      } else if (v == null
          && f.dataType().equals(DataTypes.DoubleType)
          && !f.name().startsWith("avg_")) {
        v = 0.0;
      }
      out[i++] = v;
    }
    return RowFactory.create(out);
  }
}
