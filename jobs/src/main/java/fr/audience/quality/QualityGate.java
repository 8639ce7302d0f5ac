package fr.audience.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a dated table only when its rows pass their error-level checks. Every result lands in
 * ops.dq_results (one commit per {@link #record}, which callers make in a finally block); a failed
 * error-level check withholds the whole batch (the dates already published stay as they were), a
 * failed warning is only recorded.
 */
public final class QualityGate {
  private static final Logger LOG = LoggerFactory.getLogger(QualityGate.class);

  public static final TableSpec DQ_RESULTS =
      TableSpec.builder(
              "ops",
              "dq_results",
              "Data-quality checks run before publishing a table for a date: one row per table, check and date per run.")
          .column("run_id", DataTypes.StringType, "Run that made the check (ops.job_runs.run_id)")
          .column("table_name", DataTypes.StringType, "Table checked, database.table")
          .column(
              "check_name",
              DataTypes.StringType,
              "Check, e.g. not_null(channel), unique(segment_id, segment_label), between(share)")
          .column(
              "level",
              DataTypes.StringType,
              "error (a failure withholds the table) or warning (recorded only)")
          .column("passed", DataTypes.BooleanType, "Whether the rows passed the check")
          .column("observed", DataTypes.StringType, "What was measured, e.g. '2 of 14 rows'")
          .column("expected", DataTypes.StringType, "What the check requires")
          .column(
              "message",
              DataTypes.StringType,
              "One line saying what failed and its consequence; empty when passed")
          .column("checked_at", DataTypes.TimestampType, "When the check ran (UTC)")
          .column("as_of_date", DataTypes.DateType, "Date of the rows checked (partition)")
          .partitionedBy("as_of_date")
          .build();

  private final QualitySettings settings;
  private final List<CheckResult> pending = new ArrayList<>();

  public QualityGate(QualitySettings settings) {
    this.settings = settings;
  }

  /** What happened to one table: its check results, and the rows written (-1 when withheld). */
  public record Outcome(GatedTable table, List<CheckResult> results, long rowsWritten) {
    public boolean published() {
      return rowsWritten >= 0;
    }

    public List<CheckResult> blocking() {
      return results.stream().filter(CheckResult::blocks).toList();
    }
  }

  /**
   * Checks {@code rows} (for the dates given) and, when no error-level check fails, replaces those
   * dates of the table with them. The results wait in this gate until {@link #record}.
   */
  public Outcome publish(
      SparkSession spark,
      LakehouseSettings lakehouse,
      GatedTable gated,
      Dataset<Row> rows,
      List<LocalDate> dates) {
    Dataset<Row> conformed = Tables.conform(gated.spec(), rows).cache();
    try {
      Map<LocalDate, Row> perDate = new HashMap<>();
      List<CheckResult> results = evaluate(spark, gated, conformed, dates, perDate);
      pending.addAll(results);
      results.stream().filter(r -> !r.passed()).forEach(r -> LOG.warn("{}", r.message()));
      if (results.stream().anyMatch(CheckResult::blocks)) {
        return new Outcome(gated, results, -1);
      }
      Column slice =
          col(gated.dateColumn())
              .between(Date.valueOf(dates.get(0)), Date.valueOf(dates.get(dates.size() - 1)));
      Tables.replace(spark, lakehouse, gated.spec(), conformed, slice);
      return new Outcome(
          gated, results, perDate.values().stream().mapToLong(QualityGate::countOf).sum());
    } finally {
      conformed.unpersist();
    }
  }

  /**
   * Appends the results of every check made since the last call to ops.dq_results, in one commit.
   */
  public void record(SparkSession spark, LakehouseSettings lakehouse, String runId) {
    if (!pending.isEmpty()) {
      record(spark, lakehouse, runId, List.copyOf(pending));
      pending.clear();
    }
  }

  /**
   * Runs every check of the table on the rows of each date, in one aggregation (uniqueness through
   * a window count) plus, for the row-count check, a count of the previous published date.
   */
  public List<CheckResult> evaluate(
      SparkSession spark,
      GatedTable gated,
      Dataset<Row> rows,
      List<LocalDate> dates,
      Map<LocalDate, Row> perDate) {
    String date = gated.dateColumn();
    List<Check> counted =
        gated.checks().stream().filter(c -> c.kind() != Check.Kind.ROW_COUNT).toList();
    Dataset<Row> withKeys = rows;
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < counted.size(); i++) {
      Check check = counted.get(i);
      Column bad = check.violation();
      if (check.kind() == Check.Kind.UNIQUE) {
        Column[] keys =
            Stream.concat(Stream.of(date), check.columns().stream())
                .map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        withKeys =
            withKeys.withColumn("_dup" + i, count(lit(1)).over(Window.partitionBy(keys)).gt(1));
        bad = col("_dup" + i);
      }
      aggs.add(sum(when(bad, 1L).otherwise(0L)).as("_c" + i));
    }
    for (Row r :
        withKeys
            .groupBy(col(date))
            .agg(count(lit(1)).as("_rows"), aggs.toArray(Column[]::new))
            .collectAsList()) {
      perDate.put(r.getDate(0).toLocalDate(), r);
    }
    List<CheckResult> results = new ArrayList<>();
    for (Check check : gated.checks()) {
      for (int d = 0; d < dates.size(); d++) {
        LocalDate day = dates.get(d);
        Row stats = perDate.get(day);
        long n = countOf(stats);
        results.add(
            check.kind() == Check.Kind.ROW_COUNT
                ? rowCountResult(
                    gated,
                    check,
                    day,
                    n,
                    d == 0
                        ? publishedRows(spark, gated, day.minusDays(1))
                        : countOf(perDate.get(dates.get(d - 1))))
                : rowResult(
                    gated,
                    check,
                    day,
                    n,
                    stats == null ? 0 : stats.getLong(2 + counted.indexOf(check))));
      }
    }
    return results;
  }

  private static long countOf(Row stats) {
    return stats == null ? 0 : stats.getLong(1);
  }

  /** Rows already published for {@code day}, 0 when the table or the date is absent. */
  private static long publishedRows(SparkSession spark, GatedTable gated, LocalDate day) {
    if (!spark.catalog().tableExists(gated.spec().fullName())) {
      return 0;
    }
    return spark
        .table(gated.spec().fullName())
        .filter(col(gated.dateColumn()).equalTo(lit(Date.valueOf(day))))
        .count();
  }

  private static CheckResult rowResult(
      GatedTable gated, Check check, LocalDate day, long rows, long bad) {
    String observed = bad + " of " + rows + " rows";
    String message =
        bad == 0
            ? ""
            : gated.spec().fullName()
                + " "
                + day
                + ": "
                + observed
                + " break "
                + check.name()
                + (check.level() == Check.Level.ERROR ? "; not published" : " (warning)");
    return new CheckResult(
        gated.spec().fullName(),
        check.name(),
        check.level(),
        bad == 0,
        observed,
        check.expected(),
        message,
        day);
  }

  private CheckResult rowCountResult(
      GatedTable gated, Check check, LocalDate day, long rows, long previous) {
    Check.Level level = settings.rowCountLevel();
    double band = settings.rowCountBand();
    String expected =
        String.format(Locale.ROOT, "within %.0f%% of the previous day's rows", 100 * band);
    if (previous == 0) {
      return new CheckResult(
          gated.spec().fullName(),
          check.name(),
          level,
          true,
          rows + " rows; no rows the previous day",
          expected,
          "",
          day);
    }
    boolean passed = Math.abs(rows - previous) <= band * previous;
    String observed = rows + " rows vs " + previous + " the previous day";
    String message =
        passed
            ? ""
            : gated.spec().fullName()
                + " "
                + day
                + ": "
                + observed
                + ", outside the "
                + String.format(Locale.ROOT, "%.0f%%", 100 * band)
                + " band (audience.quality.row-count-band)"
                + (level == Check.Level.ERROR ? "; not published" : " (warning)");
    return new CheckResult(
        gated.spec().fullName(), check.name(), level, passed, observed, expected, message, day);
  }

  private static void record(
      SparkSession spark, LakehouseSettings lakehouse, String runId, List<CheckResult> results) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows =
        results.stream()
            .map(
                r ->
                    RowFactory.create(
                        runId,
                        r.table(),
                        r.check(),
                        r.level().label(),
                        r.passed(),
                        r.observed(),
                        r.expected(),
                        r.message(),
                        now,
                        Date.valueOf(r.date())))
            .toList();
    Tables.append(spark, lakehouse, DQ_RESULTS, spark.createDataFrame(rows, DQ_RESULTS.schema()));
  }
}
