package fr.audience;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;

/**
 * A checksum per table to compare whole tables between runs: its row count and the sum of a hash of
 * each row (modulo a prime, so that the sum cannot overflow), the columns that name a run or the
 * time it ran left out.
 */
public final class TableChecksums {
  /** Columns that differ between two runs writing the same rows. */
  public static final Set<String> RUN_COLUMNS = Set.of("run_id", "ingested_at", "computed_at");

  private TableChecksums() {}

  /** Per table: {rows, sum of row hashes}. */
  public static Map<String, List<Long>> of(SparkSession spark, List<String> tables) {
    Map<String, List<Long>> sums = new TreeMap<>();
    for (String table : tables) {
      // Maps cannot be hashed (their order is not defined): their sorted entries are.
      String[] columns =
          Arrays.stream(spark.table(table).schema().fields())
              .filter(f -> !RUN_COLUMNS.contains(f.name()))
              .map(
                  f ->
                      f.dataType() instanceof MapType
                          ? "array_sort(map_entries(`" + f.name() + "`))"
                          : "`" + f.name() + "`")
              .toArray(String[]::new);
      Row r =
          spark
              .table(table)
              .selectExpr(
                  "count(*)",
                  "coalesce(sum(xxhash64(" + String.join(", ", columns) + ") % 1000000007), 0)")
              .first();
      sums.put(table, List.of(r.getLong(0), r.getLong(1)));
    }
    return sums;
  }
}
