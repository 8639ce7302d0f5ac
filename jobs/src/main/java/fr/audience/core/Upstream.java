package fr.audience.core;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a job checks before it runs: its upstream job has published every date it is asked for. */
public final class Upstream {
  private Upstream() {}

  /** The dates from..to that {@code rows} holds rows for in {@code dateColumn}. */
  public static Set<LocalDate> datesIn(
      Dataset<Row> rows, String dateColumn, LocalDate from, LocalDate to) {
    return rows
        .filter(col(dateColumn).between(Date.valueOf(from), Date.valueOf(to)))
        .select(dateColumn)
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .collect(Collectors.toSet());
  }

  /**
   * Refuses, in one line naming the upstream command to run, a run for dates {@code table} has no
   * row for (or a run before the table exists): without them the job would publish empty or partial
   * tables and succeed.
   *
   * @param dateColumn the table's date column (a partition column: the check reads no data)
   * @param upstream the command that publishes the table, e.g. "sessionize"
   */
  public static void requirePublished(
      SparkSession spark,
      String job,
      DateRange dates,
      TableSpec table,
      String dateColumn,
      String upstream) {
    if (!spark.catalog().tableExists(table.fullName())) {
      throw Errors.inputMissing("run " + job + " for " + dates, table.fullName(), upstream, dates);
    }
    Set<LocalDate> published =
        datesIn(spark.table(table.fullName()), dateColumn, dates.from(), dates.to());
    for (LocalDate date : dates.dates()) {
      if (!published.contains(date)) {
        throw Errors.inputMissing(
            "run " + job + " for " + date,
            table.fullName(),
            "has no rows for " + date + " (" + upstream + " has not published that date)",
            upstream,
            DateRange.of(date));
      }
    }
  }
}
