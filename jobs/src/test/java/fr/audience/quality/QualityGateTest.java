package fr.audience.quality;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.core.TableSpec;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Each kind of check on hand-made rows, without writing anything. */
class QualityGateTest {
  private static final TableSpec SPEC =
      TableSpec.builder("gold", "dq_probe_never_written", "Probe")
          .column("key", DataTypes.StringType, "Key")
          .column("share", DataTypes.DoubleType, "Share")
          .column("amount", DataTypes.DoubleType, "Money")
          .column("as_of_date", DataTypes.DateType, "Date")
          .build();
  private static final GatedTable GATED =
      GatedTable.of(
          SPEC,
          "as_of_date",
          Check.notNull("key"),
          Check.unique("key"),
          Check.between(0, 1, "share"),
          Check.nonNegative("amount"),
          Check.rowCountVsPreviousDay());

  @Test
  void eachCheckCountsTheRowsThatBreakIt() {
    SparkSession spark = TestSpark.spark();
    java.sql.Date d1 = java.sql.Date.valueOf("2026-03-01");
    java.sql.Date d2 = java.sql.Date.valueOf("2026-03-02");
    // 2026-03-01: a, a (duplicate key: 2 rows), null key, share 1.5, amount -1 -> 4 rows.
    // 2026-03-02: one clean row -> 1 row, |1 - 4| = 3 > 0.5 x 4: outside the row-count band
    // (warning).
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                RowFactory.create("a", 0.5, 1.0, d1),
                RowFactory.create("a", 1.5, 2.0, d1),
                RowFactory.create(null, 0.2, -1.0, d1),
                RowFactory.create("b", null, 0.0, d1),
                RowFactory.create("a", 0.0, 0.0, d2)),
            SPEC.schema());
    Map<LocalDate, Row> perDate = new HashMap<>();
    List<CheckResult> results =
        new QualityGate(new QualitySettings(0.5, Check.Level.WARNING))
            .evaluate(spark, GATED, rows, List.of(d1.toLocalDate(), d2.toLocalDate()), perDate);
    Map<String, String> observed =
        results.stream()
            .collect(Collectors.toMap(r -> r.check() + " " + r.date(), CheckResult::observed));
    assertThat(observed)
        .containsEntry("not_null(key) 2026-03-01", "1 of 4 rows")
        .containsEntry("unique(key) 2026-03-01", "2 of 4 rows")
        .containsEntry("between(share) 2026-03-01", "1 of 4 rows")
        .containsEntry("non_negative(amount) 2026-03-01", "1 of 4 rows")
        .containsEntry("unique(key) 2026-03-02", "0 of 1 rows")
        .containsEntry("row_count_vs_previous_day 2026-03-02", "1 rows vs 4 the previous day");
    assertThat(results.stream().filter(CheckResult::blocks).map(r -> r.check() + " " + r.date()))
        .containsExactlyInAnyOrder(
            "not_null(key) 2026-03-01",
            "unique(key) 2026-03-01",
            "between(share) 2026-03-01",
            "non_negative(amount) 2026-03-01");
    CheckResult band =
        results.stream()
            .filter(r -> r.check().startsWith("row_count") && r.date().equals(d2.toLocalDate()))
            .findFirst()
            .orElseThrow();
    assertThat(band.passed()).isFalse();
    assertThat(band.level()).isEqualTo(Check.Level.WARNING);
    assertThat(band.message())
        .isEqualTo(
            "gold.dq_probe_never_written 2026-03-02: 1 rows vs 4 the previous day, "
                + "outside the 50% band (audience.quality.row-count-band) (warning)");
  }
}
