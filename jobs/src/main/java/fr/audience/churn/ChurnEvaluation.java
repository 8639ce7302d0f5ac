package fr.audience.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Validation metrics of churn probabilities against 0/1 labels, computed on the driver from one
 * collect of the validation snapshot (its size is bounded by the subscriber base: 250,000 rows are
 * 4 MB of doubles). The curves follow MLlib's {@code BinaryClassificationMetrics} with no binning
 * exactly: one point per distinct score, ties counted together, trapezoids between points; the
 * deciles follow Spark's {@code ntile(10)}. ChurnEvaluationTest checks both against Spark.
 */
final class ChurnEvaluation {
  private ChurnEvaluation() {}

  /** ROC AUC of {@code score} for {@code label} (1 = churned): exact, no binning. */
  static double rocAuc(double[] score, double[] label) {
    Curve c = Curve.of(score, label);
    // (0, 0), one point per distinct score from the highest, then (1, 1).
    double area = 0;
    double x = 0;
    double y = 0;
    for (int i = 0; i < c.size(); i++) {
      double nx = c.falsePositives[i] / c.negatives;
      double ny = c.truePositives[i] / c.positives;
      area += (nx - x) * (ny + y) / 2;
      x = nx;
      y = ny;
    }
    return area + (1 - x) * (1 + y) / 2;
  }

  /**
   * Area under the precision-recall curve as MLlib computes it: one (recall, precision) point per
   * distinct score from the highest, preceded by (0, the first point's precision).
   */
  static double prAuc(double[] score, double[] label) {
    Curve c = Curve.of(score, label);
    double area = 0;
    double x = 0;
    double y = c.size() == 0 ? 1 : precision(c, 0);
    for (int i = 0; i < c.size(); i++) {
      double nx = c.truePositives[i] / c.positives;
      double ny = precision(c, i);
      area += (nx - x) * (ny + y) / 2;
      x = nx;
      y = ny;
    }
    return area;
  }

  private static double precision(Curve c, int i) {
    double predicted = c.truePositives[i] + c.falsePositives[i];
    return predicted == 0 ? 1 : c.truePositives[i] / predicted;
  }

  /** Mean squared difference between the probability and the 0/1 outcome. */
  static double brier(double[] probability, double[] label) {
    double sum = 0;
    for (int i = 0; i < probability.length; i++) {
      double d = probability[i] - label[i];
      sum += d * d;
    }
    return sum / probability.length;
  }

  /** Churn rate among the 10% highest scores over the overall churn rate. */
  static double liftTopDecile(double[] probability, double[] label) {
    int[] order = order(probability, false);
    int n = order.length;
    int top = n / 10 + (n % 10 > 0 ? 1 : 0);
    double topChurners = 0;
    double churners = 0;
    for (int i = 0; i < n; i++) {
      churners += label[order[i]];
      if (i < top) {
        topChurners += label[order[i]];
      }
    }
    return churners == 0 ? 0 : (topChurners / top) / (churners / n);
  }

  /**
   * Mean predicted probability against observed churn rate per decile of the prediction (1 =
   * lowest), deciles as Spark's {@code ntile(10)}: the first n mod 10 deciles hold one row more.
   */
  static List<ChurnMetrics.Reliability> reliability(double[] probability, double[] label) {
    int[] order = order(probability, true);
    int n = order.length;
    int size = n / 10;
    int larger = n % 10;
    List<ChurnMetrics.Reliability> out = new ArrayList<>();
    int start = 0;
    for (int decile = 1; decile <= 10 && start < n; decile++) {
      int end = start + size + (decile <= larger ? 1 : 0);
      double p = 0;
      double y = 0;
      for (int i = start; i < end; i++) {
        p += probability[order[i]];
        y += label[order[i]];
      }
      int rows = end - start;
      out.add(new ChurnMetrics.Reliability(decile, p / rows, y / rows, rows));
      start = end;
    }
    return out;
  }

  /** Only the entries where {@code keep} is true, in order. */
  static double[] where(double[] values, boolean[] keep) {
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    double[] out = new double[n];
    int j = 0;
    for (int i = 0; i < values.length; i++) {
      if (keep[i]) {
        out[j++] = values[i];
      }
    }
    return out;
  }

  /** Indices of {@code values} sorted by value (stable: ties keep their collected order). */
  private static int[] order(double[] values, boolean ascending) {
    Comparator<Integer> byValue = Comparator.comparingDouble(i -> values[i]);
    return java.util.stream.IntStream.range(0, values.length)
        .boxed()
        .sorted(ascending ? byValue : byValue.reversed())
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Cumulative true and false positives at each distinct score, highest score first: a row counts
   * as predicted churn at every threshold at or below its score. Labels above 0.5 are positives, as
   * in MLlib.
   */
  private record Curve(
      double[] truePositives, double[] falsePositives, double positives, double negatives) {
    int size() {
      return truePositives.length;
    }

    static Curve of(double[] score, double[] label) {
      if (score.length != label.length) {
        throw new IllegalArgumentException(
            score.length + " scores against " + label.length + " labels");
      }
      int n = score.length;
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a]));
      double[] tp = new double[n];
      double[] fp = new double[n];
      int points = 0;
      double t = 0;
      double f = 0;
      for (int k = 0; k < n; k++) {
        int i = idx[k];
        if (label[i] > 0.5) {
          t++;
        } else {
          f++;
        }
        boolean last = k == n - 1 || Double.compare(score[idx[k + 1]], score[i]) != 0;
        if (last) {
          tp[points] = t;
          fp[points] = f;
          points++;
        }
      }
      return new Curve(Arrays.copyOf(tp, points), Arrays.copyOf(fp, points), t, f);
    }
  }
}
