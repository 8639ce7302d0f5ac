package fr.audience.segments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How well one feature alone tells a planted segment from everyone else: the ROC AUC of the feature
 * as a score for "member of segment s" (Mann-Whitney, ties given their average rank), folded so that
 * a feature lower in the segment counts as well as one higher (max(AUC, 1 - AUC)). 0.5 is no
 * separation, 1 a threshold that splits the segment off exactly. Users without a value for the
 * feature (a share whose denominator is zero) are left out of that feature's AUC.
 */
public final class SingleFeatureSeparation {
  private SingleFeatureSeparation() {}

  /** The best feature of one segment and its folded AUC. */
  public record Best(String segment, String feature, double auc) {}

  /** For each planted segment of {@code plantedColumn}, its best single feature among {@code features}. */
  public static List<Best> of(Dataset<Row> users, String plantedColumn, List<String> features) {
    List<Row> rows = users.selectExpr(concat(plantedColumn, features)).collectAsList();
    String[] planted = rows.stream().map(r -> String.valueOf(r.get(0))).toArray(String[]::new);
    Map<String, Best> best = new LinkedHashMap<>();
    Arrays.stream(planted).distinct().sorted().forEach(s -> best.put(s, new Best(s, null, 0.5)));
    for (int f = 0; f < features.size(); f++) {
      List<Integer> present = new ArrayList<>();
      double[] values = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        Object v = rows.get(i).get(f + 1);
        if (v != null) {
          values[i] = ((Number) v).doubleValue();
          present.add(i);
        }
      }
      double[] ranks = averageRanks(present, values);
      for (String s : best.keySet()) {
        double auc = auc(present, ranks, planted, s);
        double folded = Math.max(auc, 1 - auc);
        if (folded > best.get(s).auc()) {
          best.put(s, new Best(s, features.get(f), folded));
        }
      }
    }
    return List.copyOf(best.values());
  }

  /** ROC AUC of {@code ranks} for members of {@code segment} against the others; 0.5 if either side is empty. */
  static double auc(List<Integer> present, double[] ranks, String[] planted, String segment) {
    long members = 0;
    double rankSum = 0;
    for (int k = 0; k < present.size(); k++) {
      if (planted[present.get(k)].equals(segment)) {
        members++;
        rankSum += ranks[k];
      }
    }
    long others = present.size() - members;
    if (members == 0 || others == 0) {
      return 0.5;
    }
    return (rankSum - members * (members + 1) / 2.0) / ((double) members * others);
  }

  /** Ranks 1..n of the present values, in the order of {@code present}; tied values share their average rank. */
  static double[] averageRanks(List<Integer> present, double[] values) {
    Integer[] order = new Integer[present.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[present.get(a)], values[present.get(b)]));
    double[] ranks = new double[order.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[present.get(order[end + 1])] == values[present.get(order[start])]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  private static String[] concat(String first, List<String> rest) {
    String[] all = new String[rest.size() + 1];
    all[0] = first;
    for (int i = 0; i < rest.size(); i++) {
      all[i + 1] = "CAST(" + rest.get(i) + " AS DOUBLE)";
    }
    return all;
  }
}
