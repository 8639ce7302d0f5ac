package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.Subscriptions;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewal payments of active subscriptions, scored once per group of subscribers alike. */
class ClvSubscriptionValueTest {
  private static final double D = 0.01;

  @TempDir Path dir;

  /**
   * With alpha = beta = 1 the sBG retention from period t-1 to t is t / (t + 1), so the chance to
   * pay the k-th next renewal after n is (n+1) / (n+k+1); the arithmetic is in the comments.
   */
  @Test
  void paymentsWithinSumTheRetainedDiscountedRenewals() {
    // Yearly plan started today: one renewal within 12 months (365.25 days), kept with 1/2.
    assertThat(ClvScoring.paymentsWithin(12, 0, 365, 0, 1, 1, D)).isEqualTo(0.5);
    // Within 36 months: renewals at 1, 2, 3 years, kept with 1/2, 1/3, 1/4, discounted by v^0,
    // v^1, v^2 where v = 1.01^(-365 / 30.4375).
    double v = Math.pow(1.01, -365 / ClvSettings.DAYS_PER_MONTH);
    assertThat(ClvScoring.paymentsWithin(36, 0, 365, 0, 1, 1, D))
        .isCloseTo(0.5 + v / 3 + v * v / 4, within(1e-15));
    // 400 days in, one renewal made: the next due date (730 days) is within 12 months, kept 2/3.
    assertThat(ClvScoring.paymentsWithin(12, 400, 365, 1, 1, 1, D))
        .isCloseTo(2.0 / 3, within(1e-15));
    // Every due date within the horizon already paid: nothing to come.
    assertThat(ClvScoring.paymentsWithin(12, 0, 400, 1, 1, 1, D)).isZero();
  }

  @Test
  void everySubscriptionGetsItsPlansPaymentsAndNoneIsLost() {
    SparkSession spark = TestSpark.spark();
    ClvSettings settings = ClvSettings.from(TestSpark.config(dir));
    LocalDate asOf = LocalDate.parse("2026-04-05");
    ShiftedBetaGeometric all = new ShiftedBetaGeometric(0.704, 1.182);
    ShiftedBetaGeometric monthly = new ShiftedBetaGeometric(1.3, 2.5);
    Map<String, ClvJob.Fitted<ShiftedBetaGeometric>> models =
        Map.of(ClvJob.ALL, fitted(all), "digital_monthly", fitted(monthly));
    StructType schema =
        new StructType()
            .add(EventFields.USER_ID, DataTypes.StringType)
            .add(EventFields.PLAN, DataTypes.StringType)
            .add(EventFields.PRICE_EUR, DataTypes.DoubleType)
            .add(EventFields.PERIOD_DAYS, DataTypes.IntegerType)
            .add(Subscriptions.START_DATE, DataTypes.DateType)
            .add(ClvStatistics.RENEWALS, DataTypes.IntegerType);
    List<Row> active =
        List.of(
            RowFactory.create("a", "digital_monthly", 9.99, 30, date("2026-01-10"), 2),
            RowFactory.create("b", "digital_monthly", 9.99, 30, date("2026-01-10"), 2),
            RowFactory.create("c", "print_yearly", 199.0, 365, date("2025-05-01"), 0),
            RowFactory.create("d", "digital_monthly", 9.99, null, date("2026-03-01"), 1));
    Map<String, Row> scored =
        ClvScoring.subscriptionValue(spark.createDataFrame(active, schema), models, settings, asOf)
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getAs(EventFields.USER_ID), Function.identity()));

    assertThat(scored).containsOnlyKeys("a", "b", "c", "d");
    int monthlyDays = (int) (asOf.toEpochDay() - LocalDate.parse("2026-01-10").toEpochDay());
    double a12 = 9.99 * ClvScoring.paymentsWithin(12, monthlyDays, 30, 2, 1.3, 2.5, D);
    assertThat((double) scored.get("a").getAs(ClvScoring.CLV_SUB_12)).isEqualTo(a12);
    assertThat((double) scored.get("b").getAs(ClvScoring.CLV_SUB_12)).isEqualTo(a12);
    assertThat((String) scored.get("a").getAs(ClvScoring.MODELS))
        .isEqualTo("sBG plan=digital_monthly");
    int yearlyDays = (int) (asOf.toEpochDay() - LocalDate.parse("2025-05-01").toEpochDay());
    assertThat((double) scored.get("c").getAs(ClvScoring.CLV_SUB_36))
        .isEqualTo(199.0 * ClvScoring.paymentsWithin(36, yearlyDays, 365, 0, 0.704, 1.182, D));
    assertThat((String) scored.get("c").getAs(ClvScoring.MODELS)).isEqualTo("sBG all");
    // No period: no renewal date to count, and the subscriber is still there.
    assertThat((double) scored.get("d").getAs(ClvScoring.CLV_SUB_12)).isZero();
  }

  private static ClvJob.Fitted<ShiftedBetaGeometric> fitted(ShiftedBetaGeometric m) {
    return new ClvJob.Fitted<>("sBG", "plan", "x", new ClvFit<>(m, 0, 100, Map.of()));
  }

  private static Date date(String day) {
    return Date.valueOf(day);
  }
}
