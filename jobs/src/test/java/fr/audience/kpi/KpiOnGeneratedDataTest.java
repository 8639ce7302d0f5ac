package fr.audience.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.GeneratedLakehouse;
import fr.audience.churn.ChurnScoreJob;
import fr.audience.clv.ClvJob;
import fr.audience.pipeline.Pipeline;
import fr.audience.segments.SegmentAssignJob;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Commercial pressure and exposure measured by the kpi job (run by the daily pipeline over the
 * shared generated dataset) against the rates the generator planted per user (truth.users
 * newsletters_per_week, pushes_per_week, ads_per_week, age_band). Read-only on the shared
 * lakehouse.
 */
@Tag(GeneratedLakehouse.TAG)
class KpiOnGeneratedDataTest {
  private static final GeneratedLakehouse LH = GeneratedLakehouse.get();

  private static LocalDate last() {
    return LH.dates.to();
  }

  /**
   * Planted rates of the people the KPI counts at the last date (users with events in its window).
   */
  private static Dataset<Row> plantedPopulation(SparkSession spark) {
    int window = KpiSettings.from(LH.config).pressureWindowDays();
    spark
        .table("silver.user_daily")
        .filter(
            "event_date BETWEEN date_sub(DATE'"
                + last()
                + "', "
                + (window - 1)
                + ") AND DATE'"
                + last()
                + "'")
        .select("user_id")
        .distinct()
        .createOrReplaceTempView("kpi_people");
    return spark.sql("SELECT t.* FROM truth.users t JOIN kpi_people p ON t.user_id = p.user_id");
  }

  private static Row published(SparkSession spark, String channel) {
    return spark
        .sql(
            "SELECT people, p50_per_week, p90_per_week, share_above_threshold, threshold_per_week "
                + "FROM gold.kpi_commercial_pressure WHERE as_of_date = DATE'"
                + last()
                + "' AND segment_id IS NULL "
                + "AND channel = '"
                + channel
                + "'")
        .first();
  }

  @Test
  void pressurePercentilesMatchThePlantedRates() {
    SparkSession spark = LH.spark();
    Dataset<Row> planted = plantedPopulation(spark);
    long people = planted.count();
    for (String[] c :
        List.of(
            new String[] {"newsletter", "newsletters_per_week"},
            new String[] {"push", "pushes_per_week"})) {
      Row p = planted.selectExpr("percentile(" + c[1] + ", array(0.5, 0.9))").first();
      List<Double> q = p.getList(0);
      Row m = published(spark, c[0]);
      System.out.printf(
          "kpi pressure %s: people %d vs %d; p50 planted %.3f measured %.3f; p90 planted %.3f measured %.3f%n",
          c[0], m.getLong(0), people, q.get(0), m.getDouble(1), q.get(1), m.getDouble(2));
      assertThat(m.getLong(0)).isEqualTo(people);
      // Newsletters are sent on a fixed schedule (7 or 1 a week each): the measure is the plan,
      // less
      // the sends lost to the 1% planted bad lines (one lost send = 0.25 a week over 4 weeks).
      // Pushes are drawn per day around the planted rate: over 28 days a person's count has a
      // Poisson spread of sqrt(28 x rate), which widens p90 by a few percent. 10% covers both.
      assertThat(m.getDouble(1))
          .as(c[0] + " p50")
          .isCloseTo(q.get(0), within(0.10 * q.get(0) + 0.25));
      assertThat(m.getDouble(2))
          .as(c[0] + " p90")
          .isCloseTo(q.get(1), within(0.10 * q.get(1) + 0.25));
    }
  }

  @Test
  void meanExposurePerPersonMatchesThePlantedRates() {
    SparkSession spark = LH.spark();
    int window = KpiSettings.from(LH.config).pressureWindowDays();
    Dataset<Row> measured =
        AudienceKpis.exposurePerUser(
            spark.table("silver.user_daily"), KpiFrames.dates(spark, List.of(last())), window);
    measured.createOrReplaceTempView("kpi_measured");
    Row r =
        spark
            .sql(
                "SELECT avg(m.newsletter), avg(t.newsletters_per_week), avg(m.push), avg(t.pushes_per_week), "
                    + "avg(m.ad), avg(t.ads_per_week), corr(m.ad, t.ads_per_week), count(*) "
                    + "FROM kpi_measured m JOIN truth.users t ON m.user_id = t.user_id")
            .first();
    System.out.printf(
        "kpi mean per person per week over %d people: newsletters measured %.3f planted %.3f; "
            + "pushes measured %.3f planted %.3f; ads measured %.3f planted %.3f (per-user correlation %.3f)%n",
        r.getLong(7),
        r.getDouble(0),
        r.getDouble(1),
        r.getDouble(2),
        r.getDouble(3),
        r.getDouble(4),
        r.getDouble(5),
        r.getDouble(6));
    // Means over ~3000 people: Poisson noise of the mean is well under 1%; the 1% of bad lines the
    // generator plants remove about 1%; 5% leaves room for both.
    assertThat(r.getDouble(0)).isCloseTo(r.getDouble(1), within(0.05 * r.getDouble(1)));
    assertThat(r.getDouble(2)).isCloseTo(r.getDouble(3), within(0.05 * r.getDouble(3)));
    // Ads follow the reader's random visits (planted as an expectation) and reach a user only once
    // their device is stitched to the account: 20% and a clear per-user correlation.
    assertThat(r.getDouble(4)).isCloseTo(r.getDouble(5), within(0.20 * r.getDouble(5)));
    assertThat(r.getDouble(6)).isGreaterThan(0.5);
  }

  @Test
  void minorsExposureRatioMatchesThePlantedOne() {
    SparkSession spark = LH.spark();
    Dataset<Row> planted = plantedPopulation(spark);
    Row t =
        planted
            .selectExpr(
                "avg(CASE WHEN age_band = '13-17' THEN newsletters_per_week + pushes_per_week END) "
                    + "/ avg(CASE WHEN age_band <> '13-17' THEN newsletters_per_week + pushes_per_week END)",
                "avg(CASE WHEN age_band = '13-17' THEN ads_per_week END) / avg(CASE WHEN age_band <> '13-17' THEN ads_per_week END)",
                "sum(CASE WHEN age_band = '13-17' THEN 1 ELSE 0 END)")
            .first();
    Row m =
        spark
            .sql(
                "SELECT people, pressure_ratio, ad_exposure_ratio, over_limit FROM gold.kpi_exposure_audit "
                    + "WHERE as_of_date = DATE'"
                    + last()
                    + "' AND public = '13-17'")
            .first();
    System.out.printf(
        "kpi exposure 13-17: people planted %d measured %d; pressure ratio planted %.3f measured %.3f; "
            + "ad ratio planted %.3f measured %.3f; over limit %s%n",
        t.getLong(2),
        m.getLong(0),
        t.getDouble(0),
        m.getDouble(1),
        t.getDouble(1),
        m.getDouble(2),
        m.getBoolean(3));
    // Minors are a few hundred people: the ratio of two means carries a few percent of noise; the
    // age
    // band is known only from logged-in events, so a minor never logged in counts with the others.
    assertThat(m.getDouble(1)).isCloseTo(t.getDouble(0), within(0.10 * t.getDouble(0)));
    assertThat(m.getDouble(2)).isCloseTo(t.getDouble(1), within(0.15 * t.getDouble(1)));
    assertThat(m.getBoolean(3)).isEqualTo(t.getDouble(0) > 1.0 || t.getDouble(1) > 1.0);
  }

  @Test
  void everyKpiTableIsPublishedForTheLastDateWithItsChecks() {
    SparkSession spark = LH.spark();
    Date day = Date.valueOf(last());
    for (String table :
        List.of(
            "kpi_cac_vs_clv",
            "kpi_revenue_durability",
            "kpi_commercial_pressure",
            "kpi_campaign_carbon",
            "kpi_strategic_audience",
            "kpi_engagement",
            "kpi_exposure_audit")) {
      long rows =
          spark
              .table("gold." + table)
              .filter(org.apache.spark.sql.functions.col("as_of_date").equalTo(day))
              .count();
      assertThat(rows).as(table).isPositive();
    }
    long failedErrors =
        spark
            .sql("SELECT count(*) FROM ops.dq_results WHERE level = 'error' AND NOT passed")
            .first()
            .getLong(0);
    assertThat(failedErrors).isZero();
    Row carbon =
        spark
            .sql(
                "SELECT sum(total_kgco2e), sum(impressions) FROM gold.kpi_campaign_carbon WHERE as_of_date = DATE'"
                    + last()
                    + "'")
            .first();
    System.out.printf(
        "kpi carbon over the last 28 days: %.3f kgCO2e for %d impressions%n",
        carbon.getDouble(0), carbon.getLong(1));
    Row run =
        spark
            .sql(
                "SELECT seconds, rows_out FROM ops.job_runs WHERE job = 'kpi' AND status = 'SUCCEEDED' "
                    + "ORDER BY started_at LIMIT 1")
            .first();
    System.out.printf(
        "kpi for %s in the pipeline: %.1f s, %d rows%n", last(), run.getDouble(0), run.getLong(1));
    // kpi reads what segment-assign, clv and churn-score publish for the date: it runs after them.
    assertThat(Pipeline.ORDER)
        .containsSubsequence(SegmentAssignJob.NAME, ClvJob.NAME, ChurnScoreJob.NAME, KpiJob.NAME);
  }
}
