package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
  private static final TableSpec SPEC =
      TableSpec.builder("silver", "things", "Things by day.")
          .column("day", DataTypes.DateType, "Day of the thing")
          .column("name", DataTypes.StringType, "Name of the thing")
          .partitionedBy("day")
          .build();

  @TempDir Path dir;

  @Test
  void replaceSwapsOnlyTheGivenSliceAndKeepsComments() throws Exception {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    replaceDay(spark, lh, "2026-03-01", "a", "b");
    replaceDay(spark, lh, "2026-03-02", "c");
    replaceDay(spark, lh, "2026-03-01", "d");

    assertThat(names(spark)).containsExactly("c", "d");
    assertThat(
            spark
                .sql("DESCRIBE TABLE silver.things")
                .filter("col_name = 'name'")
                .first()
                .getString(2))
        .isEqualTo("Name of the thing");
    assertThat(spark.catalog().getTable("silver.things").description()).isEqualTo("Things by day.");
    assertThat(dir.resolve("silver.db")).exists();
  }

  @Test
  void aStagedReplaceShowsNothingUntilCommittedThenReplacesTheSliceInOneCommit() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    replaceDay(spark, lh, "2026-03-01", "a", "b");
    long before = version(spark);

    StagedReplace abandoned =
        StagedReplace.write(
            spark, lh, SPEC, rows(spark, "2026-03-01", "x", "y", "z"), "day = DATE'2026-03-01'");
    assertThat(abandoned.rowsWritten()).isEqualTo(3);
    assertThat(names(spark)).containsExactly("a", "b");
    assertThat(version(spark)).isEqualTo(before);

    StagedReplace staged =
        StagedReplace.write(
            spark, lh, SPEC, rows(spark, "2026-03-01", "c", "d"), "day = DATE'2026-03-01'");
    assertThat(names(spark)).containsExactly("a", "b");
    staged.commit();
    assertThat(names(spark)).containsExactly("c", "d");
    assertThat(version(spark)).isEqualTo(before + 1);
    Row last =
        spark.sql("DESCRIBE HISTORY silver.things").orderBy(functions.desc("version")).first();
    assertThat(last.<String>getAs("operation")).isEqualTo("WRITE");
    assertThat(
            last.<scala.collection.Map<String, String>>getAs("operationParameters")
                .get("predicate")
                .get())
        .contains("2026-03-01");
    org.assertj.core.api.Assertions.assertThatThrownBy(staged::commit)
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStagedReplaceRefusesRowsOutsideItsSlice() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                StagedReplace.write(
                    spark, lh, SPEC, rows(spark, "2026-03-02", "c"), "day = DATE'2026-03-01'"))
        .hasMessageContaining("2026-03-01");
  }

  /** Replaces the rows of {@code day} with things of these names, through Tables.replace. */
  private static void replaceDay(
      SparkSession spark, LakehouseSettings lh, String day, String... names) {
    Tables.replace(
        spark, lh, SPEC, rows(spark, day, names), functions.col("day").equalTo(functions.lit(day)));
  }

  private static List<String> names(SparkSession spark) {
    return spark
        .table("silver.things")
        .orderBy("name")
        .select(functions.col("name"))
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private static long version(SparkSession spark) {
    return spark
        .sql("DESCRIBE HISTORY silver.things")
        .agg(functions.max("version"))
        .first()
        .getLong(0);
  }

  private static org.apache.spark.sql.Dataset<Row> rows(
      SparkSession spark, String day, String... names) {
    List<Row> rows =
        java.util.Arrays.stream(names)
            .map(n -> RowFactory.create(java.sql.Date.valueOf(day), n))
            .toList();
    return spark.createDataFrame(rows, SPEC.schema());
  }
}
