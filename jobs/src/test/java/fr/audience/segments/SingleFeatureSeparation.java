package fr.audience.segments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How well one feature alone tells a planted segment from everyone else: the ROC AUC of the feature
 * as a score for "member of segment s", folded so that a feature lower in the segment counts as
 * well as one higher (max(AUC, 1 - AUC)). 0.5 is no separation, 1 a threshold that splits the
 * segment off exactly. Users without a value for the feature (a share whose denominator is zero)
 * are left out of that feature's AUC.
 */
public final class SingleFeatureSeparation {
  private SingleFeatureSeparation() {}

  /** The best feature of one segment and its folded AUC. */
  public record Best(String segment, String feature, double auc) {}

  /**
   * Each planted segment's best single feature among the model's, over the users segmented as of
   * {@code date}.
   */
  public static List<Best> ofPlanted(
      SparkSession spark, SegmentSettings settings, LocalDate date, double overlap) {
    Dataset<Row> users =
        SegmentScoring.usersAt(spark, settings, date, "score")
            .join(
                spark.table("truth.users").selectExpr("user_id", "segment_id AS planted"),
                "user_id");
    List<Best> best = of(users, "planted", settings.features());
    best.forEach(
        b ->
            System.out.printf(
                "segments: planted segment %s, best single feature %s, AUC %.3f (overlap %.1f)%n",
                b.segment(), b.feature(), b.auc(), overlap));
    return best;
  }

  /**
   * For each planted segment of {@code plantedColumn}, its best single feature among {@code
   * features}.
   */
  static List<Best> of(Dataset<Row> users, String plantedColumn, List<String> features) {
    String[] columns = new String[features.size() + 1];
    columns[0] = plantedColumn;
    for (int f = 0; f < features.size(); f++) {
      columns[f + 1] = "CAST(" + features.get(f) + " AS DOUBLE)";
    }
    List<Row> rows = users.selectExpr(columns).collectAsList();
    List<String> segments =
        rows.stream().map(r -> String.valueOf(r.get(0))).distinct().sorted().toList();
    List<Best> best = new ArrayList<>();
    for (String s : segments) {
      Best b = new Best(s, null, 0.5);
      for (int f = 0; f < features.size(); f++) {
        int column = f + 1;
        double auc = folded(values(rows, column, s, true), values(rows, column, s, false));
        if (auc > b.auc()) {
          b = new Best(s, features.get(f), auc);
        }
      }
      best.add(b);
    }
    return best;
  }

  /**
   * max(AUC, 1 - AUC) of members against others: commons-math's Mann-Whitney U (ties given their
   * average rank) is the larger of U1 and U2, and U / (n1 n2) is the AUC. 0.5 when a side is empty.
   */
  static double folded(double[] members, double[] others) {
    if (members.length == 0 || others.length == 0) {
      return 0.5;
    }
    return new MannWhitneyUTest().mannWhitneyU(members, others)
        / ((double) members.length * others.length);
  }

  private static double[] values(List<Row> rows, int column, String segment, boolean members) {
    return rows.stream()
        .filter(r -> !r.isNullAt(column) && String.valueOf(r.get(0)).equals(segment) == members)
        .mapToDouble(r -> r.getDouble(column))
        .toArray();
  }
}
