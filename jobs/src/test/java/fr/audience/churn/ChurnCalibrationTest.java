package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    ChurnCalibration c = ChurnCalibration.fit(planted.q(), planted.y());

    // Standard errors from the Fisher information of the planted model, sum of p(1-p)[1 x; x x^2]
    // over the rows (x = logit q): the asymptotic covariance of the maximum-likelihood fit.
    double i00 = 0;
    double i01 = 0;
    double i11 = 0;
    for (int i = 0; i < ROWS; i++) {
      double w = planted.p()[i] * (1 - planted.p()[i]);
      double x = logit(planted.q()[i]);
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

  /**
   * The same maximum as MLlib's unregularised logistic regression of the label on logit(q), the fit
   * this map used to be: MLlib stops its L-BFGS when the loss changes by less than 1e-6 relative
   * (its default tolerance), so the two agree to that order, not to the last digit.
   */
  @Test
  void findsTheMaximumMllibsLogisticRegressionFinds() {
    Planted planted = planted();
    ChurnCalibration c = ChurnCalibration.fit(planted.q(), planted.y());
    Dataset<Row> x =
        new VectorAssembler()
            .setInputCols(new String[] {"x"})
            .setOutputCol("features")
            .transform(
                planted
                    .frame()
                    .withColumn("x", org.apache.spark.sql.functions.expr("ln(p / (1 - p))"))
                    .withColumn("label", col(ChurnLabels.LABEL).cast("double")));
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setRegParam(0)
            .setStandardization(false)
            .setMaxIter(100)
            .setTol(1e-12)
            .fit(x);

    assertThat(c.intercept()).isCloseTo(lr.intercept(), within(1e-5));
    assertThat(c.slope()).isCloseTo(lr.coefficients().apply(0), within(1e-5));
  }

  @Test
  void crossFittedProbabilitiesScoreAsWellAsTheTrueOnesAndBetterThanTheRawOnes() {
    Planted planted = planted();
    int[] fold = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      fold[i] = i % 2;
    }
    double[] calibrated = ChurnCalibration.crossFitted(planted.q(), planted.y(), fold);
    double truth = ChurnEvaluation.brier(planted.p(), planted.y());
    double raw = ChurnEvaluation.brier(planted.q(), planted.y());
    double cross = ChurnEvaluation.brier(calibrated, planted.y());

    assertThat(calibrated).hasSize(ROWS);
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
    ChurnCalibration c = off.recentred(planted.q(), planted.y());
    double rate = java.util.Arrays.stream(planted.y()).average().orElseThrow();
    double mean = java.util.Arrays.stream(planted.q()).map(q -> c.apply(q)).average().orElseThrow();

    assertThat(c.slope()).isEqualTo(B);
    assertThat(mean).isCloseTo(rate, within(1e-8));
    // With the planted slope, the intercept that matches the sample's rate is the planted one up to
    // the sample's noise: 4 standard errors of the intercept as in the test above, about 0.1.
    assertThat(c.intercept()).isCloseTo(A, within(0.1));
  }

  /** The saved model applies the map in Spark: the same figures as the driver's. */
  @Test
  void sparkAppliesTheMapAsTheDriverDoes() {
    Planted planted = planted();
    ChurnCalibration c = new ChurnCalibration(A, B);
    List<Row> rows = planted.frame().select(col("p"), c.apply(col("p")).as("c")).collectAsList();
    for (Row r : rows.subList(0, 500)) {
      assertThat(r.getDouble(1)).isCloseTo(c.apply(r.getDouble(0)), within(1e-12));
    }
  }

  @Test
  void theIdentityMapKeepsProbabilitiesAndOneClassRowsGiveIt() {
    double[] p = {0.02, 0.5, 0.97};
    assertThat(ChurnCalibration.fit(p, new double[] {0, 0, 0}))
        .isEqualTo(ChurnCalibration.IDENTITY);
    assertThat(ChurnCalibration.fit(p, new double[] {1, 1, 1}))
        .isEqualTo(ChurnCalibration.IDENTITY);
    for (double q : p) {
      assertThat(ChurnCalibration.IDENTITY.apply(q)).isCloseTo(q, within(1e-12));
    }
  }

  /** Scores q, true probabilities p, labels y, and the rows as a Spark frame (q in column p). */
  private record Planted(double[] q, double[] p, double[] y, Dataset<Row> frame) {}

  /** Rows of (score q, true probability, label), scores spread over logit(q) in [-4, 1]. */
  private static Planted planted() {
    Random random = new Random(20261127L);
    double[] q = new double[ROWS];
    double[] p = new double[ROWS];
    double[] y = new double[ROWS];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      q[i] = sigmoid(-4 + 5 * random.nextDouble());
      p[i] = sigmoid(A + B * logit(q[i]));
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
      rows.add(RowFactory.create("u" + i, q[i], p[i], (int) y[i]));
    }
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("p", DataTypes.DoubleType)
            .add("true_p", DataTypes.DoubleType)
            .add(ChurnLabels.LABEL, DataTypes.IntegerType);
    return new Planted(q, p, y, TestSpark.spark().createDataFrame(rows, schema));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
