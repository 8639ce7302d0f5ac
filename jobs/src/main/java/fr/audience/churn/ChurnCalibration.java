package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import fr.audience.ingest.EventFields;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Platt scaling of churn probabilities: calibrated = 1 / (1 + exp(-(intercept + slope *
 * logit(p)))), fitted by an unregularised logistic regression of the label on logit(p) over
 * held-out rows (Platt 1999). A strong L2 penalty or shallow trees compress a model's probabilities
 * toward the base rate (slope above 1 undoes it); the churn rate of the validation period can
 * differ from the training period's (the intercept follows it). Identity is intercept 0, slope 1.
 */
public record ChurnCalibration(double intercept, double slope) {
  static final ChurnCalibration IDENTITY = new ChurnCalibration(0, 1);

  /** Probabilities are kept inside [EPS, 1 - EPS] before the logit, so 0 and 1 stay finite. */
  private static final double EPS = 1e-6;

  private static final String LOGIT = "_logit";

  /** The calibrated probability of the probability column {@code p}. */
  Column apply(Column p) {
    return sigmoid(lit(intercept).plus(lit(slope).multiply(logit(p))));
  }

  /**
   * Fitted on rows holding the label and the probability column {@code probability}; identity when
   * the rows hold one class only or the fitted slope is not positive (so the map never changes the
   * order of the scores).
   */
  static ChurnCalibration fit(Dataset<Row> rows, String probability) {
    Row classes =
        rows.agg(
                org.apache.spark.sql.functions.min(ChurnLabels.LABEL),
                org.apache.spark.sql.functions.max(ChurnLabels.LABEL))
            .first();
    if (classes.isNullAt(0) || classes.get(0).equals(classes.get(1))) {
      return IDENTITY; // one class only: nothing to calibrate against
    }
    Dataset<Row> x =
        new VectorAssembler()
            .setInputCols(new String[] {LOGIT})
            .setOutputCol("_calibration_input")
            .transform(rows.withColumn(LOGIT, logit(col(probability))));
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setLabelCol(ChurnLabels.LABEL)
            .setFeaturesCol("_calibration_input")
            .setRegParam(0)
            .setStandardization(false)
            .setMaxIter(100)
            .fit(x);
    double slope = lr.coefficients().apply(0);
    // A slope of 0 or below means the scores do not rank churners on these rows: a map that flat or
    // reversed would hide that, so the probabilities stay as they are.
    return slope > 0 ? new ChurnCalibration(lr.intercept(), slope) : IDENTITY;
  }

  /**
   * Out-of-fold calibration: the rows are split in two by user (a user's snapshots stay together);
   * each half is calibrated by the map fitted on the other half, so metrics read off the result
   * stay held-out. Returns the rows with {@code probability} replaced.
   */
  static Dataset<Row> crossFitted(Dataset<Row> rows, String probability) {
    Column fold = pmod(hash(col(EventFields.USER_ID)), lit(2));
    Dataset<Row> zero = rows.filter(fold.equalTo(0));
    Dataset<Row> one = rows.filter(fold.equalTo(1));
    ChurnCalibration fromOne = fit(one, probability);
    ChurnCalibration fromZero = fit(zero, probability);
    return rows.withColumn(
        probability,
        when(fold.equalTo(0), fromOne.apply(col(probability)))
            .otherwise(fromZero.apply(col(probability))));
  }

  /**
   * The same slope with the intercept that makes the mean calibrated probability over {@code rows}
   * equal their churn rate (Newton's method on the one intercept). For a model refitted on rows
   * that include the ones the map was fitted on: it has already learnt their churn rate, so the
   * map's own intercept would count the shift between training and validation periods twice.
   */
  ChurnCalibration recentred(Dataset<Row> rows, String probability) {
    Dataset<Row> x =
        rows.select(
                col(ChurnLabels.LABEL).cast("double").as("y"), logit(col(probability)).as(LOGIT))
            .cache();
    try {
      double rate = x.agg(org.apache.spark.sql.functions.avg("y")).first().getDouble(0);
      if (rate <= 0 || rate >= 1) {
        return this;
      }
      double b = intercept;
      for (int i = 0; i < 50; i++) {
        Column q = sigmoid(lit(b).plus(lit(slope).multiply(col(LOGIT))));
        Row r =
            x.agg(
                    org.apache.spark.sql.functions.avg(q),
                    org.apache.spark.sql.functions.avg(q.multiply(lit(1.0).minus(q))))
                .first();
        double step = (r.getDouble(0) - rate) / r.getDouble(1);
        b -= step;
        if (Math.abs(step) < 1e-10) {
          break;
        }
      }
      return new ChurnCalibration(b, slope);
    } finally {
      x.unpersist();
    }
  }

  /** The map as saved in the metrics (metrics.json, ops.model_registry). */
  ChurnMetrics.Calibration describe() {
    return new ChurnMetrics.Calibration(ChurnMetrics.Calibration.PLATT, intercept, slope);
  }

  private static Column sigmoid(Column z) {
    return lit(1.0).divide(lit(1.0).plus(exp(z.multiply(-1))));
  }

  private static Column logit(Column p) {
    Column q = least(greatest(p, lit(EPS)), lit(1 - EPS));
    return log(q.divide(lit(1.0).minus(q)));
  }
}
