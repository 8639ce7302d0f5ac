package fr.audience.segments;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adjusted Rand index (Hubert and Arabie, 1985) of two partitions, from their contingency table: 1
 * for identical partitions whatever the labels, about 0 for independent ones.
 */
public final class AdjustedRandIndex {
  private AdjustedRandIndex() {}

  /**
   * ARI of the partitions given by columns {@code a} and {@code b} of {@code rows} (one row per
   * item).
   */
  public static double of(Dataset<Row> rows, String a, String b) {
    List<Row> cells = rows.groupBy(a, b).count().collectAsList();
    Map<Object, Integer> rowIndex = new HashMap<>();
    Map<Object, Integer> colIndex = new HashMap<>();
    for (Row r : cells) {
      rowIndex.putIfAbsent(r.get(0), rowIndex.size());
      colIndex.putIfAbsent(r.get(1), colIndex.size());
    }
    long[][] table = new long[rowIndex.size()][colIndex.size()];
    for (Row r : cells) {
      table[rowIndex.get(r.get(0))][colIndex.get(r.get(1))] = r.getLong(2);
    }
    return of(table);
  }

  public static double of(long[][] contingency) {
    double cells = 0;
    long n = 0;
    long[] colSums = new long[contingency.length == 0 ? 0 : contingency[0].length];
    double rowPairs = 0;
    for (long[] row : contingency) {
      long rowSum = 0;
      for (int j = 0; j < row.length; j++) {
        cells += pairs(row[j]);
        rowSum += row[j];
        colSums[j] += row[j];
      }
      rowPairs += pairs(rowSum);
      n += rowSum;
    }
    double colPairs = 0;
    for (long c : colSums) {
      colPairs += pairs(c);
    }
    double expected = rowPairs * colPairs / pairs(n);
    double max = (rowPairs + colPairs) / 2;
    return max == expected ? 1.0 : (cells - expected) / (max - expected);
  }

  private static double pairs(long count) {
    return count * (count - 1) / 2.0;
  }
}
