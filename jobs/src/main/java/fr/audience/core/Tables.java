package fr.audience.core;

import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Creates catalog tables from their specs and writes them the only ways jobs may: replace a slice,
 * append, merge.
 */
public final class Tables {
  private Tables() {}

  /** Creates the database and table when missing and adds columns a newer spec brought. */
  public static void ensure(SparkSession spark, LakehouseSettings lakehouse, TableSpec spec) {
    spark.sql(
        "CREATE DATABASE IF NOT EXISTS "
            + spec.database()
            + " LOCATION '"
            + lakehouse.databaseLocation(spec.database())
            + "'");
    if (!spark.catalog().tableExists(spec.fullName())) {
      spark.sql(createStatement(spec));
      return;
    }
    Set<String> existing =
        Arrays.stream(spark.table(spec.fullName()).schema().fieldNames())
            .collect(Collectors.toSet());
    String missing =
        Arrays.stream(spec.schema().fields())
            .filter(f -> !existing.contains(f.name()))
            .map(Tables::columnDefinition)
            .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE " + spec.fullName() + " ADD COLUMNS (" + missing + ")");
    }
    String stats = String.join(",", spec.statsColumns());
    if (!stats.isEmpty() && !stats.equals(property(spark, spec, STATS_COLUMNS))) {
      // A table created before its spec named them: statistics apply from the next write.
      spark.sql(
          "ALTER TABLE "
              + spec.fullName()
              + " SET TBLPROPERTIES ('"
              + STATS_COLUMNS
              + "' = '"
              + stats
              + "')");
    }
  }

  private static String property(SparkSession spark, TableSpec spec, String key) {
    java.util.List<Row> rows =
        spark.sql("SHOW TBLPROPERTIES " + spec.fullName() + " ('" + key + "')").collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(1);
  }

  static String createStatement(TableSpec spec) {
    String columns =
        Arrays.stream(spec.schema().fields())
            .map(Tables::columnDefinition)
            .collect(Collectors.joining(",\n  "));
    String partitions =
        spec.partitionColumns().isEmpty()
            ? ""
            : "\nPARTITIONED BY (" + String.join(", ", spec.partitionColumns()) + ")";
    return "CREATE TABLE IF NOT EXISTS "
        + spec.fullName()
        + " (\n  "
        + columns
        + ")\nUSING delta"
        + partitions
        + "\nCOMMENT "
        + quote(spec.comment())
        + (spec.statsColumns().isEmpty()
            ? ""
            : "\nTBLPROPERTIES ('"
                + STATS_COLUMNS
                + "' = '"
                + String.join(",", spec.statsColumns())
                + "')");
  }

  static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  private static String columnDefinition(StructField f) {
    return "`"
        + f.name()
        + "` "
        + f.dataType().sql()
        + " COMMENT "
        + quote(f.getComment().getOrElse(() -> ""));
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Shapes rows to the spec's columns, in order, failing early when one is missing. */
  public static Dataset<Row> conform(TableSpec spec, Dataset<Row> rows) {
    Set<String> have = Set.of(rows.columns());
    for (StructField f : spec.schema().fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalStateException("Rows for " + spec.fullName() + " lack column " + f.name());
      }
    }
    Column[] cols =
        Arrays.stream(spec.schema().fields())
            .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return rows.select(cols);
  }

  /**
   * Atomically replaces the rows matching {@code slice} (typically one date) with {@code rows}: one
   * Delta commit, so a failed run leaves the previous version visible and a re-run gives the same
   * table.
   */
  public static void replace(
      SparkSession spark,
      LakehouseSettings lakehouse,
      TableSpec spec,
      Dataset<Row> rows,
      Column slice) {
    ensure(spark, lakehouse, spec);
    try {
      conform(spec, rows).writeTo(spec.fullName()).overwrite(slice);
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(spec.fullName() + " vanished while being written", e);
    }
  }

  /** Replaces the whole table's content in one commit (small snapshot tables). */
  public static void replaceAll(
      SparkSession spark, LakehouseSettings lakehouse, TableSpec spec, Dataset<Row> rows) {
    replace(spark, lakehouse, spec, rows, functions.lit(true));
  }

  public static void append(
      SparkSession spark, LakehouseSettings lakehouse, TableSpec spec, Dataset<Row> rows) {
    ensure(spark, lakehouse, spec);
    try {
      conform(spec, rows).writeTo(spec.fullName()).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(spec.fullName() + " vanished while being written", e);
    }
  }

  /**
   * Upserts rows by key: new keys are inserted; a matching row is replaced only when {@code
   * replaceWhen} (SQL over t = table, s = new rows) holds, so merges can be made idempotent.
   */
  public static void upsert(
      SparkSession spark,
      LakehouseSettings lakehouse,
      TableSpec spec,
      Dataset<Row> rows,
      String replaceWhen,
      String... keys) {
    ensure(spark, lakehouse, spec);
    String on =
        Arrays.stream(keys)
            .map(k -> "t.`" + k + "` = s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    DeltaTable.forName(spark, spec.fullName())
        .as("t")
        .merge(conform(spec, rows).as("s"), on)
        .whenMatched(replaceWhen)
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }
}
