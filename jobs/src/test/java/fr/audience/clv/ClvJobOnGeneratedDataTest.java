package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.audience.GeneratedLakehouse;
import fr.audience.core.AudienceException;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The clv job over the generated demo dataset (3000 users, 24 months of subscription and purchase
 * history, 35 days of events), checked against the parameters and values the generator planted.
 *
 * <p>Tolerances: a maximum-likelihood estimate is asymptotically normal around the true value with
 * the standard error the fit reports (inverse observed information), so each recovered parameter
 * must lie within 3 of its own standard errors of the planted value: a correct fit fails that with
 * probability 0.3% per parameter. The data are seeded, so the test is deterministic; the bound says
 * how far off a correct estimator may legitimately be on a sample this size.
 */
@Tag(GeneratedLakehouse.TAG)
class ClvJobOnGeneratedDataTest {
  private static final GeneratedLakehouse LH = GeneratedLakehouse.get();
  private static final double SE_TOLERANCE = 3;
  private static JsonNode truth;

  @BeforeAll
  static void runClv() throws Exception {
    truth = new ObjectMapper().readTree(LH.truthDir().resolve("params.json").toFile());
    run(LH.dates.to());
  }

  private static void run(LocalDate date) {
    DailyJob.runRecorded(
        LH.spark(), LH.lakehouse, new ClvJob(ClvSettings.from(LH.config)), DateRange.of(date));
  }

  private static List<Row> params(String model, String scopeType) {
    return LH.spark()
        .sql(
            "SELECT scope, parameters, standard_errors, customers FROM gold.clv_params "
                + "WHERE model = '"
                + model
                + "' AND scope_type = '"
                + scopeType
                + "' AND fit_date = DATE'"
                + LH.dates.to()
                + "' ORDER BY scope")
        .collectAsList();
  }

  private static void assertRecovered(String what, Row fit, String name, double planted) {
    Map<String, Double> values = fit.getJavaMap(1);
    Map<String, Double> errors = fit.getJavaMap(2);
    double estimate = values.get(name);
    double se = errors.get(name);
    System.out.printf(
        "recovered %s %s: %.4f (SE %.4f) vs planted %.4f, %.2f SE off, %.0f customers%n",
        what, name, estimate, se, planted, (estimate - planted) / se, fit.getDouble(3));
    assertThat(Math.abs(estimate - planted))
        .as(what + " " + name + " = " + estimate + " +/- " + se)
        .isLessThanOrEqualTo(SE_TOLERANCE * se);
  }

  @Test
  void recoversThePlantedSbgOfEveryPlan() {
    List<Row> plans = params("sBG", "plan");
    assertThat(plans).extracting(r -> r.getString(0)).containsExactly("bundle", "digital", "print");
    for (Row plan : plans) {
      JsonNode planted = truth.at("/plans/" + plan.getString(0));
      assertRecovered("sBG " + plan.getString(0), plan, "alpha", planted.get("alpha").asDouble());
      assertRecovered("sBG " + plan.getString(0), plan, "beta", planted.get("beta").asDouble());
    }
  }

  @Test
  void recoversThePlantedPurchaseProcessAndSpend() {
    JsonNode planted = truth.get("purchases");
    assertThat(planted.get("time_unit").asText()).isEqualTo("week");
    Row bg = params(BgNbd.NAME, "all").get(0);
    for (String name : List.of("r", "alpha", "a", "b")) {
      assertRecovered("BG/NBD", bg, name, planted.get(name).asDouble());
    }
    Row gg = params(GammaGamma.NAME, "all").get(0);
    for (String name : List.of("p", "q", "gamma")) {
      assertRecovered("Gamma-Gamma", gg, name, planted.get(name).asDouble());
    }
  }

  @Test
  void ranksCustomersLikeTheirTrueValue() {
    // Spearman = Pearson correlation of the ranks, ties given their average rank.
    Row result =
        LH.spark()
            .sql(
                "WITH j AS (SELECT c.clv_12m AS v, t.true_value_12m AS w "
                    + "FROM gold.clv_customer c JOIN truth.users t USING (user_id) WHERE c.as_of_date = DATE'"
                    + LH.dates.to()
                    + "'), "
                    + "r AS (SELECT rank() OVER (ORDER BY v) + (count(*) OVER (PARTITION BY v) - 1) / 2.0 AS rv, "
                    + "rank() OVER (ORDER BY w) + (count(*) OVER (PARTITION BY w) - 1) / 2.0 AS rw FROM j) "
                    + "SELECT corr(rv, rw), count(*) FROM r")
            .first();
    double spearman = result.getDouble(0);
    System.out.printf(
        "Spearman(clv_12m, true_value_12m) = %.4f over %d customers%n",
        spearman, result.getLong(1));
    // Measured 0.79 on the demo data (752 customers). Its sampling error there is about
    // (1 - rho^2) / sqrt(n) = 0.014, so 0.6 is no precision claim: it catches a broken component
    // (a value term dropped or inverted moves the correlation by far more than 0.19) while
    // leaving room for the irreducible gap between observed behaviour and the latent rates the
    // truth is computed from.
    assertThat(spearman).isGreaterThan(0.6);
  }

  @Test
  void reRunningTheDateGivesTheSameRows() {
    SparkSession spark = LH.spark();
    String customers = "SELECT * FROM gold.clv_customer ORDER BY as_of_date, user_id";
    String params =
        "SELECT model, scope_type, scope, parameters, log_likelihood FROM gold.clv_params ORDER BY fit_date, model, scope_type, scope";
    List<Row> before = spark.sql(customers).collectAsList();
    List<Row> paramsBefore = spark.sql(params).collectAsList();
    run(LH.dates.to());
    assertThat(spark.sql(customers).collectAsList()).isNotEmpty().isEqualTo(before);
    assertThat(spark.sql(params).collectAsList()).isEqualTo(paramsBefore);
  }

  @Test
  void fitsSbgPerSegmentOnceGoldSegmentsExists() {
    SparkSession spark = LH.spark();
    // The segment tests of this JVM may have published the real gold.segments: set it aside so the
    // stand-in below is the only segmentation, and put it back afterwards.
    String kept = ClvJob.SEGMENTS + "_kept_by_clv_test";
    boolean real = spark.catalog().tableExists(ClvJob.SEGMENTS);
    if (real) {
      spark.sql("ALTER TABLE " + ClvJob.SEGMENTS + " RENAME TO " + kept);
    }
    try {
      run(LH.dates.to());
      assertThat(params("sBG", "segment")).isEmpty();
      // Two stand-in segments by the parity of the account number, each with a few hundred
      // subscriptions.
      spark.sql(
          "CREATE TABLE "
              + ClvJob.SEGMENTS
              + " USING delta AS SELECT user_id, "
              + "CAST(substr(user_id, -1) AS INT) % 2 AS segment_id, DATE'"
              + LH.dates.to()
              + "' AS as_of_date "
              + "FROM truth.users");
      try {
        run(LH.dates.to());
        List<Row> segments = params("sBG", "segment");
        assertThat(segments).extracting(r -> r.getString(0)).containsExactly("0", "1");
        double all = params("sBG", "all").get(0).getDouble(3);
        assertThat(segments.get(0).getDouble(3) + segments.get(1).getDouble(3)).isEqualTo(all);
      } finally {
        spark.sql("DROP TABLE " + ClvJob.SEGMENTS);
      }
    } finally {
      if (real) {
        spark.sql("ALTER TABLE " + kept + " RENAME TO " + ClvJob.SEGMENTS);
      }
      run(LH.dates.to());
    }
  }

  @Test
  void aDateTheSubscriptionSnapshotDoesNotYetDescribeFailsWithARemedy() {
    LocalDate tooLate = LH.dates.to().plusDays(1);
    assertThatThrownBy(() -> run(tooLate))
        .isInstanceOf(AudienceException.class)
        .hasMessage(
            "Cannot run clv for "
                + tooLate
                + ": silver.subscriptions describes "
                + LH.dates.to()
                + ", before "
                + tooLate
                + ". Run: bin/audience sessionize --date "
                + tooLate);
    assertThat(
            LH.spark()
                .sql(
                    "SELECT count(*) FROM gold.clv_customer WHERE as_of_date = DATE'"
                        + tooLate
                        + "'")
                .first()
                .getLong(0))
        .isZero();
  }
}
