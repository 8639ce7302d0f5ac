package fr.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * A checksum per table to compare whole tables between runs: its row count, the sum of a hash of
 * each row over its exact columns (modulo a prime, so that the sum cannot overflow), and the sum of
 * each floating-point column, the columns that name a run or the time it ran left out.
 * Floating-point sums depend on the order Spark adds them in, which follows how the input was
 * split: two runs over the same rows may differ in their last bits, so those columns are compared
 * by their sums within a relative 1e-9 rather than hashed.
 */
public final class TableChecksums {
  /** Columns that differ between two runs writing the same rows. */
  public static final Set<String> RUN_COLUMNS = Set.of("run_id", "ingested_at", "computed_at");

  /** A table's checksum. */
  public record Sum(long rows, long hash, List<Double> floatingSums) {}

  private TableChecksums() {}

  public static Map<String, Sum> of(SparkSession spark, List<String> tables) {
    Map<String, Sum> sums = new TreeMap<>();
    for (String table : tables) {
      List<StructField> fields =
          Arrays.stream(spark.table(table).schema().fields())
              .filter(f -> !RUN_COLUMNS.contains(f.name()))
              .toList();
      // Maps cannot be hashed (their order is not defined): their sorted entries are.
      String[] exact =
          fields.stream()
              .filter(f -> !floating(f))
              .map(
                  f ->
                      f.dataType() instanceof MapType
                          ? "array_sort(map_entries(`" + f.name() + "`))"
                          : "`" + f.name() + "`")
              .toArray(String[]::new);
      List<String> aggregates = new ArrayList<>();
      aggregates.add("count(*)");
      aggregates.add("coalesce(sum(xxhash64(" + String.join(", ", exact) + ") % 1000000007), 0)");
      fields.stream()
          .filter(TableChecksums::floating)
          .forEach(f -> aggregates.add("coalesce(sum(`" + f.name() + "`), 0D)"));
      Row r = spark.table(table).selectExpr(aggregates.toArray(String[]::new)).first();
      List<Double> floating = new ArrayList<>();
      for (int i = 2; i < r.length(); i++) {
        floating.add(((Number) r.get(i)).doubleValue());
      }
      sums.put(table, new Sum(r.getLong(0), r.getLong(1), floating));
    }
    return sums;
  }

  /** Asserts that every table has the same checksum in both. */
  public static void assertSame(Map<String, Sum> actual, Map<String, Sum> expected) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (table, e) -> {
          Sum a = actual.get(table);
          assertThat(a.rows()).as("%s: rows", table).isEqualTo(e.rows());
          assertThat(a.hash()).as("%s: hash of its exact columns", table).isEqualTo(e.hash());
          for (int i = 0; i < e.floatingSums().size(); i++) {
            double want = e.floatingSums().get(i);
            assertThat(a.floatingSums().get(i))
                .as("%s: sum of floating-point column %d", table, i)
                .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
          }
        });
  }

  private static boolean floating(StructField f) {
    return f.dataType() instanceof DoubleType || f.dataType() instanceof FloatType;
  }
}
