package fr.audience.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The driver's validation metrics against Spark's own computations of the same figures on the same
 * rows, the way training computed them before: MLlib's {@code BinaryClassificationEvaluator} with
 * no binning for the ROC and PR areas, Spark's {@code ntile(10)} window for the lift and the
 * reliability deciles, an aggregate for the Brier score. Scores are drawn with a fixed seed; the
 * tied variant rounds them to two decimals, so many rows share a score (MLlib counts them as one
 * point of the curve). Tolerance 1e-12: the sums run in another order, nothing else differs.
 */
class ChurnEvaluationTest {
  private static final int ROWS = 7_003;

  @Test
  void rocAndPrAreasAreMllibsWithAndWithoutTies() {
    for (boolean tied : new boolean[] {false, true}) {
      Drawn d = drawn(tied);
      assertThat(ChurnEvaluation.rocAuc(d.score(), d.label()))
          .as("ROC AUC, tied=%s", tied)
          .isCloseTo(evaluator("areaUnderROC").evaluate(d.frame()), within(1e-12));
      assertThat(ChurnEvaluation.prAuc(d.score(), d.label()))
          .as("PR AUC, tied=%s", tied)
          .isCloseTo(evaluator("areaUnderPR").evaluate(d.frame()), within(1e-12));
    }
  }

  @Test
  void perfectAndReversedRankingsGiveOneAndZero() {
    double[] score = {0.9, 0.8, 0.3, 0.1};
    assertThat(ChurnEvaluation.rocAuc(score, new double[] {1, 1, 0, 0})).isEqualTo(1.0);
    assertThat(ChurnEvaluation.rocAuc(score, new double[] {0, 0, 1, 1})).isEqualTo(0.0);
    // One score for every row: the diagonal.
    assertThat(ChurnEvaluation.rocAuc(new double[] {0.5, 0.5, 0.5}, new double[] {1, 0, 0}))
        .isEqualTo(0.5);
  }

  @Test
  void brierLiftAndReliabilityAreSparksWindowFigures() {
    Drawn d = drawn(false);
    Dataset<Row> rows = d.frame();
    double brier =
        rows.agg(avg(org.apache.spark.sql.functions.pow(col("p").minus(col("label")), 2)))
            .first()
            .getDouble(0);
    assertThat(ChurnEvaluation.brier(d.score(), d.label())).isCloseTo(brier, within(1e-12));

    Row lift =
        rows.withColumn("decile", ntile(10).over(Window.orderBy(col("p").desc())))
            .agg(avg(when(col("decile").equalTo(1), col("label"))), avg(col("label")))
            .first();
    assertThat(ChurnEvaluation.liftTopDecile(d.score(), d.label()))
        .isCloseTo(lift.getDouble(0) / lift.getDouble(1), within(1e-12));

    List<Row> deciles =
        rows.withColumn("decile", ntile(10).over(Window.orderBy(col("p").asc())))
            .groupBy("decile")
            .agg(avg(col("p")), avg(col("label")), count(lit(1)))
            .orderBy("decile")
            .collectAsList();
    List<ChurnMetrics.Reliability> driver = ChurnEvaluation.reliability(d.score(), d.label());
    assertThat(driver).hasSize(10);
    for (int i = 0; i < 10; i++) {
      Row r = deciles.get(i);
      ChurnMetrics.Reliability b = driver.get(i);
      assertThat(b.decile()).isEqualTo(r.getInt(0));
      assertThat(b.predicted()).isCloseTo(r.getDouble(1), within(1e-12));
      assertThat(b.observed()).isCloseTo(r.getDouble(2), within(1e-12));
      assertThat(b.rows()).isEqualTo(r.getLong(3));
    }
  }

  private static BinaryClassificationEvaluator evaluator(String metric) {
    return new BinaryClassificationEvaluator()
        .setLabelCol("label")
        .setRawPredictionCol("p")
        .setNumBins(0)
        .setMetricName(metric);
  }

  private record Drawn(double[] score, double[] label, Dataset<Row> frame) {}

  /** Scores uniform on (0, 1), each row churning with probability its score squared. */
  private static Drawn drawn(boolean tied) {
    Random random = new Random(tied ? 7L : 11L);
    double[] score = new double[ROWS];
    double[] label = new double[ROWS];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double s = random.nextDouble();
      score[i] = tied ? Math.round(s * 100) / 100.0 : s;
      label[i] = random.nextDouble() < s * s ? 1 : 0;
      rows.add(RowFactory.create(score[i], label[i]));
    }
    StructType schema =
        new StructType().add("p", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    return new Drawn(score, label, TestSpark.spark().createDataFrame(rows, schema).repartition(3));
  }
}
