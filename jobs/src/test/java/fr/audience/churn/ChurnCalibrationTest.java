package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Platt scaling against planted miscalibration: scores q whose true probability is sigmoid(A + B *
 * logit(q)), the shape a shrunk model gives (B above 1: probabilities squeezed toward the base
 * rate), labels drawn from the true probability with a fixed seed.
 */
class ChurnCalibrationTest {
  private static final double A = -0.6;
  private static final double B = 1.7;
  private static final int ROWS = 20_000;

  @Test
  void recoversThePlantedMapWithinFourStandardErrors() {
    Planted planted = planted();
    ChurnCalibration c = ChurnCalibration.fit(planted.rows(), "p");

    // Standard errors from the Fisher information of the planted model, sum of p(1-p)[1 x; x x^2]
    // over the rows (x = logit q): the asymptotic covariance of the maximum-likelihood fit.
    double i00 = 0;
    double i01 = 0;
    double i11 = 0;
    for (double[] r : planted.values()) {
      double w = r[1] * (1 - r[1]);
      double x = logit(r[0]);
      i00 += w;
      i01 += w * x;
      i11 += w * x * x;
    }
    double det = i00 * i11 - i01 * i01;
    double seIntercept = Math.sqrt(i11 / det);
    double seSlope = Math.sqrt(i00 / det);
    assertThat(c.intercept()).isCloseTo(A, within(4 * seIntercept));
    assertThat(c.slope()).isCloseTo(B, within(4 * seSlope));
  }

  @Test
  void crossFittedProbabilitiesScoreAsWellAsTheTrueOnesAndBetterThanTheRawOnes() {
    Planted planted = planted();
    Dataset<Row> calibrated = ChurnCalibration.crossFitted(planted.rows(), "p");
    double truth = ChurnEvaluation.brier(planted.rows(), "true_p");
    double raw = ChurnEvaluation.brier(planted.rows(), "p");
    double cross = ChurnEvaluation.brier(calibrated, "p");

    assertThat(calibrated.count()).isEqualTo(ROWS);
    // The planted squeeze costs the raw scores several percent of Brier score.
    assertThat(raw / truth).isGreaterThan(1.03);
    // Two parameters fitted on 10,000 rows add an expected (2 / 10,000) x Brier-sized excess: far
    // below 1%.
    assertThat(cross / truth).isLessThan(1.01);
  }

  @Test
  void recentringKeepsTheSlopeAndMatchesTheRowsChurnRate() {
    Planted planted = planted();
    ChurnCalibration off = new ChurnCalibration(A + 0.8, B);
    ChurnCalibration c = off.recentred(planted.rows(), "p");
    double rate = planted.values().stream().mapToDouble(v -> v[2]).average().orElseThrow();
    double mean =
        planted.rows().select(c.apply(col("p"))).collectAsList().stream()
            .mapToDouble(r -> r.getDouble(0))
            .average()
            .orElseThrow();

    assertThat(c.slope()).isEqualTo(B);
    assertThat(mean).isCloseTo(rate, within(1e-8));
    // With the planted slope, the intercept that matches the sample's rate is the planted one up to
    // the sample's noise: 4 standard errors of the intercept as in the test above, about 0.1.
    assertThat(c.intercept()).isCloseTo(A, within(0.1));
  }

  @Test
  void theIdentityMapKeepsProbabilitiesAndOneClassRowsGiveIt() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> rows =
        frame(
            spark,
            List.of(
                new double[] {0.02, 0, 0}, new double[] {0.5, 0, 0}, new double[] {0.97, 0, 0}));
    assertThat(ChurnCalibration.fit(rows, "p")).isEqualTo(ChurnCalibration.IDENTITY);
    for (Row r :
        rows.select(col("p"), ChurnCalibration.IDENTITY.apply(col("p")).as("c")).collectAsList()) {
      assertThat(r.getDouble(1)).isCloseTo(r.getDouble(0), within(1e-12));
    }
  }

  private record Planted(Dataset<Row> rows, List<double[]> values) {}

  /** Rows of (score q, true probability, label), scores spread over logit(q) in [-4, 1]. */
  private static Planted planted() {
    Random random = new Random(20261127L);
    List<double[]> values = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double q = sigmoid(-4 + 5 * random.nextDouble());
      double p = sigmoid(A + B * logit(q));
      values.add(new double[] {q, p, random.nextDouble() < p ? 1 : 0});
    }
    return new Planted(frame(TestSpark.spark(), values).cache(), values);
  }

  private static Dataset<Row> frame(SparkSession spark, List<double[]> values) {
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("p", DataTypes.DoubleType)
            .add("true_p", DataTypes.DoubleType)
            .add(ChurnLabels.LABEL, DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      double[] v = values.get(i);
      rows.add(RowFactory.create("u" + i, v[0], v[1], (int) v[2]));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
