package fr.audience.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import fr.audience.TestSpark;
import fr.audience.churn.ChurnTables;
import fr.audience.clv.ClvTables;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.ingest.BronzeTables;
import fr.audience.segments.SegmentTables;
import fr.audience.sessions.SilverTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every KPI on a small hand-made lakehouse, against figures computed by hand (arithmetic in the
 * comments). Windows are shortened by config: pressure and acquisition 7 days (2026-03-04..10),
 * attribution 3 days, revenue 1 month, CLV horizon 12 months; the other keys keep their defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiJobTest {
  private static final LocalDate D = LocalDate.parse("2026-03-10");
  private static final double EPS = 1e-9;
  private SparkSession spark;
  private LakehouseSettings lh;
  private Config config;
  private Path dir;

  @BeforeAll
  void buildFixtureAndRun() throws Exception {
    spark = TestSpark.spark();
    dir = Files.createTempDirectory("kpi-test-");
    lh = TestSpark.freshLakehouse(dir);
    config =
        TestSpark.config(
            dir,
            "audience.kpi.pressure-window-days=7",
            "audience.kpi.acquisition-window-days=7",
            "audience.kpi.attribution-window-days=3",
            "audience.kpi.revenue-months=1");
    writeFixture();
    run(D);
  }

  @AfterAll
  void dropDatabases() {
    TestSpark.freshLakehouse(dir);
  }

  private void run(LocalDate day) {
    DailyJob.runRecorded(spark, lh, new KpiJob(KpiSettings.from(config)), DateRange.of(day));
  }

  private void writeFixture() {
    // Users: u1 13-17 segment 1, u2 25-34 segment 1, u3 50-64 segment 2, u4 35-49 no segment,
    // u5 and u6 never seen in events, no segment.
    JsonRows.write(
        spark,
        lh,
        SegmentTables.SEGMENTS,
        "{\"user_id\":\"u1\",\"segment_id\":1,\"as_of_date\":\"2026-03-10\"}",
        "{\"user_id\":\"u2\",\"segment_id\":1,\"as_of_date\":\"2026-03-10\"}",
        "{\"user_id\":\"u3\",\"segment_id\":2,\"as_of_date\":\"2026-03-10\"}");
    JsonRows.write(
        spark,
        lh,
        SegmentTables.PROFILES,
        "{\"segment_id\":1,\"label\":\"sport · mobile\",\"as_of_date\":\"2026-03-10\"}",
        "{\"segment_id\":2,\"label\":\"culture · desktop\",\"as_of_date\":\"2026-03-10\"}");
    // user_daily: message counts inside the window (03-04..03-10); u4 has a row on each of the 7
    // days
    // so that the window holds 7 days of data (1 week). Rows outside the window must be ignored.
    String zero = ",\"newsletter_sends\":0,\"pushes_sent\":0,\"ad_impressions\":0";
    JsonRows.write(
        spark,
        lh,
        SilverTables.USER_DAILY,
        "{\"user_id\":\"u1\",\"event_date\":\"2026-03-09\",\"newsletter_sends\":14,\"pushes_sent\":7,\"ad_impressions\":100}",
        "{\"user_id\":\"u1\",\"event_date\":\"2026-03-03\",\"newsletter_sends\":50,\"pushes_sent\":50,\"ad_impressions\":50}",
        "{\"user_id\":\"u1\",\"event_date\":\"2026-03-10\""
            + zero
            + ",\"purchase_amount_eur\":10.0}",
        "{\"user_id\":\"u2\",\"event_date\":\"2026-03-09\",\"newsletter_sends\":7,\"pushes_sent\":0,\"ad_impressions\":40,\"subscription_revenue_eur\":20.0}",
        "{\"user_id\":\"u3\",\"event_date\":\"2026-03-09\",\"newsletter_sends\":2,\"pushes_sent\":21,\"ad_impressions\":300}",
        "{\"user_id\":\"u3\",\"event_date\":\"2026-03-10\""
            + zero
            + ",\"purchase_amount_eur\":30.0}",
        "{\"user_id\":\"u3\",\"event_date\":\"2026-03-11\",\"newsletter_sends\":9,\"pushes_sent\":9,\"ad_impressions\":9,\"purchase_amount_eur\":99.0}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-04\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-05\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-06\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-07\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-08\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-09\"" + zero + "}",
        "{\"user_id\":\"u4\",\"event_date\":\"2026-03-10\",\"newsletter_sends\":0,\"pushes_sent\":0,\"ad_impressions\":10}",
        "{\"user_id\":\"u5\",\"event_date\":\"2026-03-02\""
            + zero
            + ",\"subscription_revenue_eur\":40.0}",
        "{\"user_id\":\"u5\",\"event_date\":\"2026-02-28\""
            + zero
            + ",\"subscription_revenue_eur\":40.0}");
    JsonRows.write(
        spark,
        lh,
        SilverTables.EVENTS,
        // Reading events on D (engagement); ad and newsletter events are not reading.
        ev(
            "e1",
            "page_view",
            "u1",
            "dv1",
            "2026-03-10T08:00:00Z",
            "13-17",
            "sport",
            "mobile",
            "s1",
            30,
            null,
            null),
        ev(
            "e2",
            "article_read",
            "u1",
            "dv1",
            "2026-03-10T08:01:00Z",
            "13-17",
            "sport",
            "mobile",
            "s1",
            60,
            null,
            null),
        ev(
            "e5",
            "video_play",
            "u1",
            "dv1",
            "2026-03-10T08:05:00Z",
            "13-17",
            "sport",
            "mobile",
            "s1",
            null,
            120.0,
            null),
        ev(
            "e3",
            "page_view",
            "u2",
            "dv2",
            "2026-03-10T09:00:00Z",
            "25-34",
            "culture",
            "desktop",
            "s2",
            40,
            null,
            null),
        ev(
            "e4",
            "page_view",
            null,
            "dv9",
            "2026-03-10T10:00:00Z",
            null,
            "sport",
            "mobile",
            "s3",
            20,
            null,
            null),
        ev(
            "e6",
            "ad_impression",
            "u2",
            "dv2",
            "2026-03-10T09:00:05Z",
            "25-34",
            "sport",
            "desktop",
            "s2",
            null,
            null,
            null),
        ev(
            "e7",
            "newsletter_send",
            "u1",
            "dv1",
            "2026-03-10T05:00:00Z",
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        // Campaign landings (touches) before D.
        ev(
            "t1",
            "page_view",
            "u2",
            "dv2",
            "2026-03-07T10:00:00Z",
            "25-34",
            "accueil",
            "desktop",
            "s4",
            5,
            null,
            "c-display"),
        ev(
            "t2",
            "page_view",
            "u2",
            "dv2",
            "2026-03-09T11:00:00Z",
            "25-34",
            "accueil",
            "desktop",
            "s5",
            5,
            null,
            "c-search"),
        ev(
            "t3",
            "page_view",
            "u3",
            "dv3",
            "2026-03-08T09:00:00Z",
            "50-64",
            "accueil",
            "desktop",
            "s6",
            5,
            null,
            "c-display"),
        ev(
            "t4",
            "page_view",
            "u1",
            "dv1",
            "2026-03-06T08:00:00Z",
            "13-17",
            "accueil",
            "mobile",
            "s7",
            5,
            null,
            "c-search"),
        ev(
            "t5",
            "page_view",
            "u4",
            "dv4",
            "2026-03-09T10:00:00Z",
            "35-49",
            "accueil",
            "mobile",
            "s8",
            5,
            null,
            "c-search"));
    JsonRows.write(
        spark,
        lh,
        SilverTables.SESSIONS,
        "{\"session_id\":\"s1\",\"user_id\":\"u1\",\"engaged_seconds\":100.0,\"session_date\":\"2026-03-10\"}",
        "{\"session_id\":\"s2\",\"user_id\":\"u2\",\"engaged_seconds\":300.0,\"session_date\":\"2026-03-10\"}",
        "{\"session_id\":\"s9\",\"user_id\":\"u3\",\"engaged_seconds\":200.0,\"session_date\":\"2026-03-10\"}",
        "{\"session_id\":\"s10\",\"user_id\":\"u3\",\"engaged_seconds\":400.0,\"session_date\":\"2026-03-10\"}",
        "{\"session_id\":\"s3\",\"engaged_seconds\":50.0,\"session_date\":\"2026-03-10\"}",
        "{\"session_id\":\"s8\",\"user_id\":\"u4\",\"engaged_seconds\":70.0,\"session_date\":\"2026-03-09\"}");
    JsonRows.write(
        spark,
        lh,
        SilverTables.SUBSCRIPTION_EVENTS,
        "{\"event_id\":\"x1\",\"subscription_id\":\"sub2\",\"user_id\":\"u2\",\"event_type\":\"subscription_start\",\"ts\":\"2026-03-09T12:00:00Z\",\"event_date\":\"2026-03-09\"}");
    JsonRows.write(
        spark,
        lh,
        SilverTables.SUBSCRIPTIONS,
        "{\"subscription_id\":\"sub2\",\"user_id\":\"u2\",\"start_date\":\"2026-03-09\",\"as_of_date\":\"2026-03-10\"}",
        "{\"subscription_id\":\"sub5\",\"user_id\":\"u5\",\"start_date\":\"2025-06-01\",\"as_of_date\":\"2026-03-10\"}");
    JsonRows.write(
        spark,
        lh,
        SilverTables.TRANSACTIONS,
        "{\"order_id\":\"o1\",\"user_id\":\"u1\",\"ts\":\"2026-03-10T08:00:00Z\",\"amount_eur\":10.0,\"order_date\":\"2026-03-10\"}",
        "{\"order_id\":\"o3\",\"user_id\":\"u3\",\"ts\":\"2026-03-10T09:00:00Z\",\"amount_eur\":30.0,\"order_date\":\"2026-03-10\"}",
        "{\"order_id\":\"o4\",\"user_id\":\"u4\",\"amount_eur\":12.0,\"order_date\":\"2026-01-15\"}",
        "{\"order_id\":\"o5\",\"user_id\":\"u4\",\"ts\":\"2026-03-10T10:00:00Z\",\"amount_eur\":12.0,\"order_date\":\"2026-03-10\"}");
    JsonRows.write(
        spark,
        lh,
        BronzeTables.CAMPAIGNS,
        "{\"campaign_id\":\"c-search\",\"channel\":\"search\",\"day\":\"2026-03-09\",\"spend_eur\":100.0,\"impressions\":10000,\"avg_creative_kb\":50.0}",
        "{\"campaign_id\":\"c-search\",\"channel\":\"search\",\"day\":\"2026-03-10\",\"spend_eur\":50.0,\"impressions\":5000,\"avg_creative_kb\":50.0}",
        "{\"campaign_id\":\"c-search\",\"channel\":\"search\",\"day\":\"2026-03-01\",\"spend_eur\":999.0,\"impressions\":99999,\"avg_creative_kb\":50.0}",
        "{\"campaign_id\":\"c-display\",\"channel\":\"display\",\"day\":\"2026-03-10\",\"spend_eur\":200.0,\"impressions\":100000,\"avg_creative_kb\":150.0}",
        "{\"campaign_id\":\"c-social\",\"channel\":\"social\",\"day\":\"2026-03-10\",\"spend_eur\":30.0,\"impressions\":2000,\"avg_creative_kb\":100.0}");
    JsonRows.write(
        spark,
        lh,
        ClvTables.CUSTOMER,
        clv("u1", 100, 80, 20),
        clv("u2", 300, 300, 0),
        clv("u3", 50, 0, 50),
        clv("u5", 10, 0, 10));
    JsonRows.write(
        spark,
        lh,
        ChurnTables.CHURN_SCORES,
        churn("u2", 0.1, "faible", "digital", 20, 2),
        churn("u5", 0.6, "élevé", "print", 40, 24),
        churn("u6", 0.2, "faible", "digital", 10, 2));
  }

  private static String ev(
      String id,
      String type,
      String user,
      String device,
      String ts,
      String age,
      String section,
      String deviceType,
      String session,
      Integer dwell,
      Double video,
      String campaign) {
    StringBuilder b =
        new StringBuilder(
            "{\"event_id\":\""
                + id
                + "\",\"event_type\":\""
                + type
                + "\",\"ts\":\""
                + ts
                + "\",\"device_id\":\""
                + device
                + "\",\"event_date\":\""
                + ts.substring(0, 10)
                + "\"");
    field(b, "user_id", user);
    field(b, "age_band", age);
    field(b, "section", section);
    field(b, "device", deviceType);
    field(b, "session_id", session);
    field(b, "utm_campaign", campaign);
    if (dwell != null) {
      b.append(",\"dwell_seconds\":").append(dwell);
    }
    if (video != null) {
      b.append(",\"video_seconds\":").append(video);
    }
    return b.append('}').toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append(",\"").append(name).append("\":\"").append(value).append('"');
    }
  }

  private static String clv(String user, double total, double sub, double purchases) {
    return "{\"user_id\":\""
        + user
        + "\",\"clv_12m\":"
        + total
        + ",\"clv_subscription_12m\":"
        + sub
        + ",\"clv_purchases_12m\":"
        + purchases
        + ",\"as_of_date\":\"2026-03-10\"}";
  }

  private static String churn(
      String user, double p, String band, String plan, double monthly, double atRisk) {
    return "{\"user_id\":\""
        + user
        + "\",\"churn_probability\":"
        + p
        + ",\"risk_band\":\""
        + band
        + "\",\"plan\":\""
        + plan
        + "\",\"monthly_revenue_eur\":"
        + monthly
        + ",\"revenue_at_risk_eur\":"
        + atRisk
        + ",\"model_version\":\"test\",\"as_of_date\":\"2026-03-10\"}";
  }

  private Row one(String table, String where) {
    List<Row> rows =
        spark
            .sql("SELECT * FROM gold." + table + " WHERE as_of_date = DATE'" + D + "' AND " + where)
            .collectAsList();
    assertThat(rows).as(table + " where " + where).hasSize(1);
    return rows.get(0);
  }

  private long count(String table, LocalDate day) {
    return spark
        .sql("SELECT count(*) FROM gold." + table + " WHERE as_of_date = DATE'" + day + "'")
        .first()
        .getLong(0);
  }

  private static double d(Row r, String column) {
    return r.getDouble(r.fieldIndex(column));
  }

  private static long l(Row r, String column) {
    return r.getLong(r.fieldIndex(column));
  }

  private static boolean isNull(Row r, String column) {
    return r.isNullAt(r.fieldIndex(column));
  }

  @Test
  @Order(1)
  void clvBySegment() {
    // Segment 1 = u1 (100 = 80 sub + 20 one-shot) and u2 (300 = 300 + 0): 2 customers, mean
    // (100+300)/2 = 200,
    // median 200, total 400, subscription 380, one-shot 20, share 380/400 = 0.95.
    Row s1 = one("kpi_clv_by_segment", "segment_id = 1");
    assertThat(s1.getString(s1.fieldIndex("segment_label"))).isEqualTo("sport · mobile");
    assertThat(l(s1, "customers")).isEqualTo(2);
    assertThat(d(s1, "clv_mean_eur")).isCloseTo(200, within(EPS));
    assertThat(d(s1, "clv_median_eur")).isCloseTo(200, within(EPS));
    assertThat(d(s1, "clv_total_eur")).isCloseTo(400, within(EPS));
    assertThat(d(s1, "clv_subscription_total_eur")).isCloseTo(380, within(EPS));
    assertThat(d(s1, "clv_one_shot_total_eur")).isCloseTo(20, within(EPS));
    assertThat(d(s1, "subscription_share")).isCloseTo(0.95, within(EPS));
    // u5 has no segment: -1 'non segmenté', 1 customer worth 10, all one-shot: share 0/10 = 0.
    Row none = one("kpi_clv_by_segment", "segment_id = -1");
    assertThat(none.getString(none.fieldIndex("segment_label"))).isEqualTo("non segmenté");
    assertThat(d(none, "subscription_share")).isCloseTo(0, within(EPS));
    // tous: 4 customers, values 10, 50, 100, 300: mean 460/4 = 115, median (50+100)/2 = 75,
    // subscription 80+300 = 380, one-shot 20+50+10 = 80, share 380/460 = 0.826086956...
    Row all = one("kpi_clv_by_segment", "segment_id IS NULL");
    assertThat(all.getString(all.fieldIndex("segment_label"))).isEqualTo("tous");
    assertThat(l(all, "customers")).isEqualTo(4);
    assertThat(d(all, "clv_mean_eur")).isCloseTo(115, within(EPS));
    assertThat(d(all, "clv_median_eur")).isCloseTo(75, within(EPS));
    assertThat(d(all, "clv_one_shot_total_eur")).isCloseTo(80, within(EPS));
    assertThat(d(all, "subscription_share")).isCloseTo(380.0 / 460.0, within(EPS));
    assertThat(all.getInt(all.fieldIndex("horizon_months"))).isEqualTo(12);
    assertThat(count("kpi_clv_by_segment", D)).isEqualTo(4);
  }

  @Test
  @Order(2)
  void cacVsClv() {
    // New customers (first conversion 03-04..03-10): u2 (subscription 03-09 12:00, last touch
    // c-search
    // 03-09 11:00, after c-display 03-07), u3 (purchase 03-10 09:00, touch c-display 03-08 09:00,
    // within 3
    // days), u1 (purchase 03-10 08:00, only touch 03-06 08:00: more than 3 days before,
    // unattributed).
    // u4 bought in January and u5 subscribed in 2025: not new.
    // c-search: spend 100 + 50 = 150 (03-01 is outside the window), 1 customer: CAC 150, CLV 300,
    // CLV/CAC 2, payback 150 / (300/12) = 6 months.
    Row search = one("kpi_cac_vs_clv", "campaign_id = 'c-search'");
    assertThat(search.getString(search.fieldIndex("channel"))).isEqualTo("search");
    assertThat(d(search, "spend_eur")).isCloseTo(150, within(EPS));
    assertThat(l(search, "new_customers")).isEqualTo(1);
    assertThat(d(search, "cac_eur")).isCloseTo(150, within(EPS));
    assertThat(d(search, "mean_clv_eur")).isCloseTo(300, within(EPS));
    assertThat(d(search, "clv_to_cac")).isCloseTo(2, within(EPS));
    assertThat(d(search, "payback_months")).isCloseTo(6, within(EPS));
    assertThat(search.getInt(search.fieldIndex("attribution_window_days"))).isEqualTo(3);
    // c-display: 200 EUR, u3 worth 50: CAC 200, CLV/CAC 0.25, payback 200 / (50/12) = 48 months.
    Row display = one("kpi_cac_vs_clv", "campaign_id = 'c-display'");
    assertThat(d(display, "cac_eur")).isCloseTo(200, within(EPS));
    assertThat(d(display, "clv_to_cac")).isCloseTo(0.25, within(EPS));
    assertThat(d(display, "payback_months")).isCloseTo(48, within(EPS));
    // c-social: 30 EUR and nobody acquired: CAC, CLV and ratios null.
    Row social = one("kpi_cac_vs_clv", "campaign_id = 'c-social'");
    assertThat(l(social, "new_customers")).isZero();
    assertThat(isNull(social, "cac_eur")).isTrue();
    assertThat(isNull(social, "mean_clv_eur")).isTrue();
    assertThat(isNull(social, "payback_months")).isTrue();
    // Channel total of search equals its only campaign.
    assertThat(d(one("kpi_cac_vs_clv", "channel = 'search' AND campaign_id = 'all'"), "cac_eur"))
        .isCloseTo(150, within(EPS));
    // all/all (blended, unattributed u1 included): spend 150 + 200 + 30 = 380, 3 customers,
    // CAC 380/3 = 126.666..., mean CLV (300 + 50 + 100)/3 = 150, CLV/CAC 150/(380/3) = 1.18421...,
    // payback (380/3) / (150/12) = 10.1333... months.
    Row all = one("kpi_cac_vs_clv", "channel = 'all' AND campaign_id = 'all'");
    assertThat(d(all, "spend_eur")).isCloseTo(380, within(EPS));
    assertThat(l(all, "new_customers")).isEqualTo(3);
    assertThat(d(all, "cac_eur")).isCloseTo(380.0 / 3, within(EPS));
    assertThat(d(all, "mean_clv_eur")).isCloseTo(150, within(EPS));
    assertThat(d(all, "clv_to_cac")).isCloseTo(450.0 / 380.0, within(EPS));
    assertThat(d(all, "payback_months")).isCloseTo(380.0 / 3 / 12.5, within(EPS));
    // 3 campaigns + 3 channel totals + all/all.
    assertThat(count("kpi_cac_vs_clv", D)).isEqualTo(7);
  }

  @Test
  @Order(3)
  void revenueDurability() {
    // March 2026 to date (03-01..03-10): segment 1 = u2 subscription 20 + u1 purchase 10:
    // durable 20/30 = 0.6667, ratio 20/10 = 2. Segment 2 = u3 purchase 30 (03-11 excluded): durable
    // 0, ratio 0.
    // -1 = u5 subscription 40 (02-28 is another month, outside revenue-months = 1): durable 1,
    // ratio null.
    // tous: recurring 60, one-shot 40: durable 0.6, ratio 1.5.
    Row s1 = one("kpi_revenue_durability", "segment_id = 1");
    assertThat(s1.getString(s1.fieldIndex("month"))).isEqualTo("2026-03");
    assertThat(d(s1, "recurring_revenue_eur")).isCloseTo(20, within(EPS));
    assertThat(d(s1, "one_shot_revenue_eur")).isCloseTo(10, within(EPS));
    assertThat(d(s1, "durable_share")).isCloseTo(2.0 / 3, within(EPS));
    assertThat(d(s1, "recurring_to_one_shot")).isCloseTo(2, within(EPS));
    Row s2 = one("kpi_revenue_durability", "segment_id = 2");
    assertThat(d(s2, "durable_share")).isCloseTo(0, within(EPS));
    Row none = one("kpi_revenue_durability", "segment_id = -1");
    assertThat(d(none, "durable_share")).isCloseTo(1, within(EPS));
    assertThat(isNull(none, "recurring_to_one_shot")).isTrue();
    Row all = one("kpi_revenue_durability", "segment_id IS NULL");
    assertThat(d(all, "recurring_revenue_eur")).isCloseTo(60, within(EPS));
    assertThat(d(all, "one_shot_revenue_eur")).isCloseTo(40, within(EPS));
    assertThat(d(all, "durable_share")).isCloseTo(0.6, within(EPS));
    assertThat(d(all, "recurring_to_one_shot")).isCloseTo(1.5, within(EPS));
    assertThat(count("kpi_revenue_durability", D)).isEqualTo(4);
  }

  @Test
  @Order(4)
  void commercialPressure() {
    // Window 03-04..03-10 holds 7 days of data = 1 week, so counts are per week. People: u1..u4
    // (u5's only rows are outside). Newsletters: u1 14, u2 7, u3 2, u4 0 (u1's 50 on 03-03
    // excluded).
    // Sorted 0, 2, 7, 14; exact percentile at rank p x (n-1) interpolated: p50 rank 1.5 -> 2 + 0.5
    // x 5 = 4.5;
    // p90 rank 2.7 -> 7 + 0.7 x 7 = 11.9; p99 rank 2.97 -> 7 + 0.97 x 7 = 13.79; above 8: only u1
    // -> 1/4.
    Row nl = one("kpi_commercial_pressure", "segment_id IS NULL AND channel = 'newsletter'");
    assertThat(l(nl, "people")).isEqualTo(4);
    assertThat(d(nl, "p50_per_week")).isCloseTo(4.5, within(EPS));
    assertThat(d(nl, "p90_per_week")).isCloseTo(11.9, within(EPS));
    assertThat(d(nl, "p99_per_week")).isCloseTo(13.79, within(EPS));
    assertThat(d(nl, "threshold_per_week")).isCloseTo(8, within(EPS));
    assertThat(d(nl, "share_above_threshold")).isCloseTo(0.25, within(EPS));
    // Ads: 10, 40, 100, 300: p50 40 + 0.5 x 60 = 70; p90 100 + 0.7 x 200 = 240; above 200: u3 ->
    // 0.25.
    Row ad = one("kpi_commercial_pressure", "segment_id IS NULL AND channel = 'ad'");
    assertThat(d(ad, "p50_per_week")).isCloseTo(70, within(EPS));
    assertThat(d(ad, "p90_per_week")).isCloseTo(240, within(EPS));
    assertThat(d(ad, "share_above_threshold")).isCloseTo(0.25, within(EPS));
    // Segment 1 (u1 14, u2 7) newsletters: p50 10.5, p90 7 + 0.9 x 7 = 13.3, above 8: 1/2.
    Row s1 = one("kpi_commercial_pressure", "segment_id = 1 AND channel = 'newsletter'");
    assertThat(l(s1, "people")).isEqualTo(2);
    assertThat(d(s1, "p50_per_week")).isCloseTo(10.5, within(EPS));
    assertThat(d(s1, "p90_per_week")).isCloseTo(13.3, within(EPS));
    assertThat(d(s1, "share_above_threshold")).isCloseTo(0.5, within(EPS));
    // All channels: u1 14+7+100 = 121, u2 47, u3 2+21+300 = 323, u4 10: above 220 only u3 -> 0.25;
    // p50 (47+121)/2 = 84.
    Row all = one("kpi_commercial_pressure", "segment_id IS NULL AND channel = 'all'");
    assertThat(d(all, "share_above_threshold")).isCloseTo(0.25, within(EPS));
    assertThat(d(all, "p50_per_week")).isCloseTo(84, within(EPS));
    // Segments 1, 2, -1 (u4) and tous, 4 channels each.
    assertThat(count("kpi_commercial_pressure", D)).isEqualTo(16);
  }

  @Test
  @Order(5)
  void campaignCarbon() {
    // Factors (reference.conf): grid 0.052 kgCO2e/kWh, network 0.224 kWh/GB, device 2.8e-6
    // kWh/impression.
    // c-display: 100000 impressions x 150 kB = 15 GB; network 15 x 0.224 x 0.052 = 0.17472 kg;
    // device 100000 x 2.8e-6 x 0.052 = 0.01456 kg; total 0.18928 kg; per 1000 impressions
    // 0.18928 x 1e6 g / 100000 = 1.8928 g; 1 new customer (u3): 0.18928 kg.
    Row display = one("kpi_campaign_carbon", "campaign_id = 'c-display'");
    assertThat(l(display, "impressions")).isEqualTo(100000);
    assertThat(d(display, "data_gb")).isCloseTo(15, within(EPS));
    assertThat(d(display, "network_kgco2e")).isCloseTo(0.17472, within(EPS));
    assertThat(d(display, "device_kgco2e")).isCloseTo(0.01456, within(EPS));
    assertThat(d(display, "total_kgco2e")).isCloseTo(0.18928, within(EPS));
    assertThat(d(display, "gco2e_per_1000_impressions")).isCloseTo(1.8928, within(EPS));
    assertThat(d(display, "kgco2e_per_new_customer")).isCloseTo(0.18928, within(EPS));
    // c-search: 15000 impressions x 50 kB = 0.75 GB: 0.75 x 0.011648 = 0.008736 + 15000 x 1.456e-7
    // = 0.002184
    // -> 0.01092 kg, 0.728 g per 1000.
    Row search = one("kpi_campaign_carbon", "campaign_id = 'c-search'");
    assertThat(d(search, "total_kgco2e")).isCloseTo(0.01092, within(EPS));
    assertThat(d(search, "gco2e_per_1000_impressions")).isCloseTo(0.728, within(EPS));
    // c-social acquired nobody: per-customer figure null.
    Row social = one("kpi_campaign_carbon", "campaign_id = 'c-social'");
    assertThat(l(social, "new_customers")).isZero();
    assertThat(isNull(social, "kgco2e_per_new_customer")).isTrue();
    assertThat(count("kpi_campaign_carbon", D)).isEqualTo(3);
  }

  @Test
  @Order(6)
  void strategicAudience() {
    // Logged-in users with a session on D: u1 100 s, u2 300 s, u3 200 + 400 = 600 s (the anonymous
    // session and u4's session of 03-09 do not count): 3 users, 1000 s. Target 18-34 ans = u2
    // (25-34):
    // 1/3 of active users, 300/1000 = 0.3 of engaged time.
    Row total = one("kpi_strategic_audience", "target = 'total'");
    assertThat(l(total, "active_users")).isEqualTo(3);
    assertThat(d(total, "engaged_seconds")).isCloseTo(1000, within(EPS));
    assertThat(d(total, "active_users_share")).isCloseTo(1, within(EPS));
    Row young = one("kpi_strategic_audience", "target = '18-34 ans'");
    assertThat(l(young, "active_users")).isEqualTo(1);
    assertThat(d(young, "active_users_share")).isCloseTo(1.0 / 3, within(EPS));
    assertThat(d(young, "engaged_time_share")).isCloseTo(0.3, within(EPS));
  }

  @Test
  @Order(7)
  void engagement() {
    // Reading events of D: u1 sport/mobile in s1 (30 + 60 dwell + 120 video), u2 culture/desktop in
    // s2 (40),
    // anonymous device dv9 sport/mobile in s3 (20). The ad impression and the newsletter are not
    // reading.
    // sport x mobile: readers u1, dv9 = 2; sessions s1, s3 = 2; (210 + 20)/2 = 115 s per reader.
    Row sport = one("kpi_engagement", "section = 'sport' AND device = 'mobile'");
    assertThat(l(sport, "daily_active_users")).isEqualTo(2);
    assertThat(l(sport, "sessions")).isEqualTo(2);
    assertThat(d(sport, "sessions_per_user")).isCloseTo(1, within(EPS));
    assertThat(d(sport, "engaged_seconds_per_user")).isCloseTo(115, within(EPS));
    // all x all: 3 readers, 3 sessions, (210 + 40 + 20)/3 = 90 s.
    Row all = one("kpi_engagement", "section = 'all' AND device = 'all'");
    assertThat(l(all, "daily_active_users")).isEqualTo(3);
    assertThat(d(all, "engaged_seconds_per_user")).isCloseTo(90, within(EPS));
    assertThat(
            l(
                one("kpi_engagement", "section = 'all' AND device = 'desktop'"),
                "daily_active_users"))
        .isEqualTo(1);
    // 2 section x device pairs + 2 sections + 2 devices + all.
    assertThat(count("kpi_engagement", D)).isEqualTo(7);
  }

  @Test
  @Order(8)
  void churnRisk() {
    // u2 (segment 1) digital faible 0.1, 20 EUR/month, 2 at risk; u5 and u6 without segment:
    // print élevé 0.6, 40, 24 and digital faible 0.2, 10, 2.
    // tous digital faible: 2 subscribers, mean (0.1 + 0.2)/2 = 0.15, 30 EUR/month, 4 at risk.
    Row s1 = one("kpi_churn_risk", "segment_id = 1");
    assertThat(l(s1, "subscribers")).isEqualTo(1);
    assertThat(d(s1, "revenue_at_risk_eur")).isCloseTo(2, within(EPS));
    Row all =
        one("kpi_churn_risk", "segment_id IS NULL AND plan = 'digital' AND risk_band = 'faible'");
    assertThat(l(all, "subscribers")).isEqualTo(2);
    assertThat(d(all, "mean_churn_probability")).isCloseTo(0.15, within(EPS));
    assertThat(d(all, "monthly_revenue_eur")).isCloseTo(30, within(EPS));
    assertThat(d(all, "revenue_at_risk_eur")).isCloseTo(4, within(EPS));
    assertThat(
            d(
                one("kpi_churn_risk", "segment_id IS NULL AND risk_band = 'élevé'"),
                "revenue_at_risk_eur"))
        .isCloseTo(24, within(EPS));
    assertThat(count("kpi_churn_risk", D)).isEqualTo(5);
  }

  @Test
  @Order(9)
  void exposureAudit() {
    // Public 13-17 = u1: newsletters + pushes 14 + 7 = 21 a week, ads 100. Everyone else (u2, u3,
    // u4):
    // pressure (7 + 23 + 0)/3 = 10, ads (40 + 300 + 10)/3 = 116.666...; ratios 21/10 = 2.1 and
    // 100/116.666 = 0.857142...; 2.1 > limit 1.0 -> over_limit.
    Row minors = one("kpi_exposure_audit", "public = '13-17'");
    assertThat(l(minors, "people")).isEqualTo(1);
    assertThat(d(minors, "pressure_per_week")).isCloseTo(21, within(EPS));
    assertThat(d(minors, "ad_impressions_per_week")).isCloseTo(100, within(EPS));
    assertThat(d(minors, "reference_pressure_per_week")).isCloseTo(10, within(EPS));
    assertThat(d(minors, "reference_ad_impressions_per_week")).isCloseTo(350.0 / 3, within(EPS));
    assertThat(d(minors, "pressure_ratio")).isCloseTo(2.1, within(EPS));
    assertThat(d(minors, "ad_exposure_ratio")).isCloseTo(300.0 / 350.0, within(EPS));
    assertThat(minors.getBoolean(minors.fieldIndex("over_limit"))).isTrue();
  }

  @Test
  @Order(10)
  void everyPassedCheckIsRecorded() {
    long checks =
        spark
            .sql("SELECT count(*) FROM ops.dq_results WHERE as_of_date = DATE'" + D + "'")
            .first()
            .getLong(0);
    long failed =
        spark
            .sql(
                "SELECT count(*) FROM ops.dq_results WHERE as_of_date = DATE'"
                    + D
                    + "' AND NOT passed")
            .first()
            .getLong(0);
    assertThat(checks).isGreaterThanOrEqualTo(9 * 4);
    assertThat(failed).isZero();
  }

  @Test
  @Order(11)
  void reRunningADateGivesTheSameTables() {
    List<String> tables =
        List.of(
            "kpi_clv_by_segment",
            "kpi_cac_vs_clv",
            "kpi_revenue_durability",
            "kpi_commercial_pressure",
            "kpi_campaign_carbon",
            "kpi_strategic_audience",
            "kpi_engagement",
            "kpi_churn_risk",
            "kpi_exposure_audit");
    List<List<String>> before = tables.stream().map(this::contents).toList();
    run(D);
    assertThat(tables.stream().map(this::contents).toList()).isEqualTo(before);
  }

  private List<String> contents(String table) {
    return spark.table("gold." + table).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  @Test
  @Order(12)
  void theGateWithholdsABadTableAndSaysWhy() {
    // A negative spend delivered for 03-11 makes c-search's spend negative as of 03-11
    // (100 + 50 - 500 = -350; so are the search total and all/all): gold.kpi_cac_vs_clv breaks
    // non_negative and is withheld for 03-11;
    // the other tables publish (u3 has messages on 03-11). 03-11 has no churn scores and no CLV:
    // those tables get no rows.
    LocalDate next = D.plusDays(1);
    spark.sql(
        "INSERT INTO bronze.campaigns VALUES ('c-search', 'search', DATE'2026-03-11', -500.0, 100, 50.0)");
    assertThatThrownBy(() -> run(next))
        .hasMessageStartingWith(
            "Cannot publish gold.kpi_cac_vs_clv for 2026-03-11: gold.kpi_cac_vs_clv failed check "
                + "non_negative(spend_eur, new_customers, cac_eur, mean_clv_eur, clv_to_cac) on 2026-03-11 (3 of 7 rows")
        .hasMessageContaining("ops.dq_results");
    assertThat(count("kpi_cac_vs_clv", next)).isZero();
    assertThat(count("kpi_commercial_pressure", next)).isPositive();
    assertThat(count("kpi_churn_risk", next)).isZero();
    assertThat(count("kpi_clv_by_segment", next)).isZero();
    Row failed =
        spark
            .sql(
                "SELECT level, observed, message FROM ops.dq_results WHERE as_of_date = DATE'"
                    + next
                    + "' AND table_name = 'gold.kpi_cac_vs_clv' AND NOT passed")
            .first();
    assertThat(failed.getString(0)).isEqualTo("error");
    assertThat(failed.getString(2)).contains("not published");
    assertThat(
            spark
                .sql(
                    "SELECT status FROM ops.job_runs WHERE job = 'kpi' AND date_from = DATE'"
                        + next
                        + "'")
                .first()
                .getString(0))
        .isEqualTo("FAILED");
  }

  @Test
  @Order(13)
  void aDateSessionizeHasNotPublishedIsRefusedNotPublishedEmpty() {
    LocalDate before = LocalDate.parse("2020-01-01");
    fr.audience.core.AudienceException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            fr.audience.core.AudienceException.class, () -> run(before));
    assertThat(e).isNotNull();
    assertThat(e.refusedInput()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "Cannot run kpi for 2020-01-01: silver.user_daily has no rows for 2020-01-01 (sessionize"
                + " has not published that date). Run: bin/audience sessionize --date 2020-01-01");
    assertThat(count("kpi_commercial_pressure", before)).isZero();
  }
}
