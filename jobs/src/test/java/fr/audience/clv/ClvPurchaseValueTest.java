package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import fr.audience.ingest.EventFields;
import java.nio.file.Path;
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

/**
 * Purchase values, whose series are evaluated once per distinct (x, T) and looked up, give each
 * customer what the per-customer scalar formulas give (the reference), to 1e-9 relative: for x = 0,
 * for a large x, for customers that share a triple and for one alone; and again for a second model
 * scored afterwards in the same JVM, whose pairs must not be read from the first model's map.
 */
class ClvPurchaseValueTest {
  @TempDir Path dir;

  @Test
  void everyCustomerGetsThePerCustomerFormulasValues() {
    check(BgNbdTest.CDNOW);
    check(new BgNbd(0.5, 6.0, 1.2, 3.0));
  }

  private void check(BgNbd bg) {
    SparkSession spark = TestSpark.spark();
    ClvSettings settings = ClvSettings.from(TestSpark.config(dir));
    GammaGamma gg = GammaGammaTest.CDNOW;
    StructType schema =
        new StructType()
            .add(EventFields.USER_ID, DataTypes.StringType)
            .add(ClvStatistics.X, DataTypes.IntegerType)
            .add(ClvStatistics.TX_DAYS, DataTypes.IntegerType)
            .add(ClvStatistics.T_DAYS, DataTypes.IntegerType)
            .add(ClvStatistics.MEAN_REPEAT_SPEND, DataTypes.DoubleType);
    List<Row> customers =
        List.of(
            RowFactory.create("new", 0, 0, 0, null),
            RowFactory.create("quiet", 0, 0, 700, null),
            RowFactory.create("twin-a", 2, 213, 272, 25.0),
            RowFactory.create("twin-b", 2, 213, 272, 60.0),
            RowFactory.create("lapsed", 1, 14, 490, 40.0),
            RowFactory.create("loyal", 7, 245, 266, 12.5),
            RowFactory.create("heavy", 300, 270, 272, 80.0));
    Map<String, Row> scored =
        ClvScoring.purchaseValue(spark.createDataFrame(customers, schema), bg, gg, settings)
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getAs(EventFields.USER_ID), Function.identity()));
    assertThat(scored).hasSize(customers.size());

    double unit = settings.unitDays();
    double d = 1 + settings.monthlyDiscountRate();
    for (Row c : customers) {
      Row r = scored.get(c.getString(0));
      int x = c.getInt(1);
      double tx = c.getInt(2) / unit;
      double bigT = c.getInt(3) / unit;
      double m = c.isNullAt(4) ? 0 : c.getDouble(4);
      double[] e = new double[3];
      for (int y = 1; y <= 3; y++) {
        e[y - 1] =
            bg.conditionalExpectedPurchases(
                12 * y * ClvSettings.DAYS_PER_MONTH / unit, x, tx, bigT);
      }
      double spend = gg.conditionalExpectedSpend(x, m);
      double clv12 = e[0] * Math.pow(d, -6) * spend;
      double clv36 =
          (e[0] * Math.pow(d, -6)
                  + (e[1] - e[0]) * Math.pow(d, -18)
                  + (e[2] - e[1]) * Math.pow(d, -30))
              * spend;
      assertRelative(r.getAs(ClvScoring.P_ALIVE), bg.probabilityAlive(x, tx, bigT));
      assertRelative(r.getAs(ClvScoring.PURCHASES_12), e[0]);
      assertRelative(r.getAs(ClvScoring.SPEND), spend);
      assertRelative(r.getAs(ClvScoring.CLV_BUY_12), clv12);
      assertRelative(r.getAs(ClvScoring.CLV_BUY_36), clv36);
    }
    // Twins share the expectations, not the spend.
    assertThat((double) scored.get("twin-a").getAs(ClvScoring.PURCHASES_12))
        .isEqualTo(scored.get("twin-b").getAs(ClvScoring.PURCHASES_12));
    assertThat((double) scored.get("twin-a").getAs(ClvScoring.SPEND))
        .isLessThan(scored.get("twin-b").getAs(ClvScoring.SPEND));
  }

  private static void assertRelative(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
  }
}
