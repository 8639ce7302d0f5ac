package fr.audience.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.pow;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Validation metrics of churn probabilities against labels: ranking, calibration, lift. */
final class ChurnEvaluation {
  private ChurnEvaluation() {}

  /** ROC AUC of {@code score} for the label (exact: no binning). */
  static double rocAuc(Dataset<Row> rows, String score) {
    return evaluator(score).setMetricName("areaUnderROC").evaluate(rows);
  }

  static double prAuc(Dataset<Row> rows, String score) {
    return evaluator(score).setMetricName("areaUnderPR").evaluate(rows);
  }

  private static BinaryClassificationEvaluator evaluator(String score) {
    return new BinaryClassificationEvaluator()
        .setLabelCol(ChurnLabels.LABEL)
        .setRawPredictionCol(score)
        .setNumBins(0);
  }

  /** Mean squared difference between the probability and the 0/1 outcome. */
  static double brier(Dataset<Row> rows, String probability) {
    return rows.agg(avg(pow(col(probability).minus(col(ChurnLabels.LABEL)), 2)))
        .first()
        .getDouble(0);
  }

  /** Churn rate among the 10% highest scores over the overall churn rate. */
  static double liftTopDecile(Dataset<Row> rows, String probability) {
    Row r =
        deciles(rows, probability, false)
            .groupBy()
            .agg(
                avg(
                    org.apache.spark.sql.functions.when(
                        col("decile").equalTo(1), col(ChurnLabels.LABEL))),
                avg(col(ChurnLabels.LABEL)))
            .first();
    return r.getDouble(1) == 0 ? 0 : r.getDouble(0) / r.getDouble(1);
  }

  /**
   * Mean predicted probability against observed churn rate per decile of the prediction (1 =
   * lowest).
   */
  static List<ChurnMetrics.Reliability> reliability(Dataset<Row> rows, String probability) {
    List<ChurnMetrics.Reliability> out = new ArrayList<>();
    for (Row r :
        deciles(rows, probability, true)
            .groupBy("decile")
            .agg(avg(col(probability)), avg(col(ChurnLabels.LABEL)), count(lit(1)))
            .orderBy("decile")
            .collectAsList()) {
      out.add(
          new ChurnMetrics.Reliability(r.getInt(0), r.getDouble(1), r.getDouble(2), r.getLong(3)));
    }
    return out;
  }

  /** Validation rows are one snapshot's subscribers: a single-partition window is small enough. */
  private static Dataset<Row> deciles(Dataset<Row> rows, String probability, boolean ascending) {
    return rows.withColumn(
        "decile",
        ntile(10)
            .over(Window.orderBy(ascending ? col(probability).asc() : col(probability).desc())));
  }
}
