package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;

import fr.audience.ingest.EventFields;
import org.apache.spark.sql.Column;

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

  /** The cross-fitting fold of a row, 0 or 1, from its user id: {@link #crossFitted}'s input. */
  static Column fold() {
    return pmod(hash(col(EventFields.USER_ID)), lit(2));
  }

  /** The calibrated probability of the probability column {@code p}. */
  Column apply(Column p) {
    return sigmoid(lit(intercept).plus(lit(slope).multiply(logit(p))));
  }

  /** The calibrated probability of {@code p}, as {@link #apply(Column)} computes it in Spark. */
  double apply(double p) {
    return sigmoid(intercept + slope * logit(p));
  }

  /**
   * The maximum-likelihood map for probabilities {@code p} against 0/1 labels {@code label}: an
   * unregularised logistic regression of the label on logit(p), by Newton's method on its two
   * parameters (the log-likelihood is concave, so it converges to the one maximum, to 1e-12).
   * Identity when the rows hold one class only or the fitted slope is not positive (so the map
   * never changes the order of the scores).
   */
  static ChurnCalibration fit(double[] p, double[] label) {
    int n = p.length;
    double positives = 0;
    for (double y : label) {
      positives += y;
    }
    if (n == 0 || positives == 0 || positives == n) {
      return IDENTITY; // one class only: nothing to calibrate against
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = logit(p[i]);
    }
    // Newton's method from the base rate's log-odds with slope 1 (the identity's shape), each step
    // halved until the log-likelihood does not fall: a full step can overshoot far from the
    // maximum.
    double a = Math.log(positives / (n - positives));
    double b = 1;
    double likelihood = logLikelihood(a, b, x, label);
    for (int iteration = 0; iteration < 100; iteration++) {
      double g0 = 0;
      double g1 = 0;
      double h00 = 0;
      double h01 = 0;
      double h11 = 0;
      for (int i = 0; i < n; i++) {
        double q = sigmoid(a + b * x[i]);
        double r = label[i] - q;
        double w = q * (1 - q);
        g0 += r;
        g1 += r * x[i];
        h00 += w;
        h01 += w * x[i];
        h11 += w * x[i] * x[i];
      }
      double det = h00 * h11 - h01 * h01;
      if (!(det > 0)) {
        break; // a single distinct score: the slope is not identified
      }
      double da = (h11 * g0 - h01 * g1) / det;
      double db = (h00 * g1 - h01 * g0) / det;
      double t = 1;
      double next = logLikelihood(a + da, b + db, x, label);
      while (next < likelihood && t > 1e-6) {
        t /= 2;
        next = logLikelihood(a + t * da, b + t * db, x, label);
      }
      a += t * da;
      b += t * db;
      likelihood = next;
      if (Math.abs(t * da) < 1e-12 * (1 + Math.abs(a))
          && Math.abs(t * db) < 1e-12 * (1 + Math.abs(b))) {
        break;
      }
    }
    // A slope of 0 or below means the scores do not rank churners on these rows: a map that flat or
    // reversed would hide that, so the probabilities stay as they are.
    return b > 0 && Double.isFinite(a) && Double.isFinite(b)
        ? new ChurnCalibration(a, b)
        : IDENTITY;
  }

  /**
   * Out-of-fold calibration: the rows are split in two by user ({@code fold} 0 or 1, a hash of the
   * user id, so a user's snapshots stay together); each half is calibrated by the map fitted on the
   * other half, so metrics read off the result stay held-out.
   */
  static double[] crossFitted(double[] p, double[] label, int[] fold) {
    boolean[] zero = new boolean[p.length];
    boolean[] one = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      zero[i] = fold[i] == 0;
      one[i] = !zero[i];
    }
    ChurnCalibration fromOne =
        fit(ChurnEvaluation.where(p, one), ChurnEvaluation.where(label, one));
    ChurnCalibration fromZero =
        fit(ChurnEvaluation.where(p, zero), ChurnEvaluation.where(label, zero));
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = zero[i] ? fromOne.apply(p[i]) : fromZero.apply(p[i]);
    }
    return out;
  }

  /**
   * The same slope with the intercept that makes the mean calibrated probability of {@code p} equal
   * the churn rate of {@code label} (Newton's method on the one intercept). For a model refitted on
   * rows that include the ones the map was fitted on: it has already learnt their churn rate, so
   * the map's own intercept would count the shift between training and validation periods twice.
   */
  ChurnCalibration recentred(double[] p, double[] label) {
    int n = p.length;
    double rate = 0;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      rate += label[i];
      x[i] = logit(p[i]);
    }
    rate /= n;
    if (!(rate > 0 && rate < 1)) {
      return this;
    }
    double b = intercept;
    for (int iteration = 0; iteration < 50; iteration++) {
      double mean = 0;
      double slopeOfMean = 0;
      for (int i = 0; i < n; i++) {
        double q = sigmoid(b + slope * x[i]);
        mean += q;
        slopeOfMean += q * (1 - q);
      }
      double step = (mean / n - rate) / (slopeOfMean / n);
      b -= step;
      if (Math.abs(step) < 1e-10) {
        break;
      }
    }
    return new ChurnCalibration(b, slope);
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

  /** Log-likelihood of 0/1 labels under sigmoid(a + b x), computed without overflow. */
  private static double logLikelihood(double a, double b, double[] x, double[] label) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a + b * x[i];
      // log sigmoid(z) = -log1p(exp(-z)); log(1 - sigmoid(z)) = -log1p(exp(z)); stable either side.
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += label[i] * z - softplus;
    }
    return sum;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, EPS), 1 - EPS);
    return Math.log(q / (1 - q));
  }
}
