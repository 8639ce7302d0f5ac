package fr.audience.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * One declarative data-quality check on the rows of a table about to be published. Row checks flag
 * each violating row ({@link #violation}); a uniqueness check counts rows sharing their key; the
 * row-count check compares a date's rows with the previous date's.
 */
public record Check(
    String name, Level level, Kind kind, List<String> columns, Column violation, String expected) {

  public enum Level {
    ERROR,
    WARNING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Kind {
    ROW,
    UNIQUE,
    ROW_COUNT
  }

  /** Every column given is set on every row. */
  public static Check notNull(String... columns) {
    Column bad = lit(false);
    for (String c : columns) {
      bad = bad.or(col(c).isNull());
    }
    return new Check(
        "not_null(" + String.join(", ", columns) + ")",
        Level.ERROR,
        Kind.ROW,
        List.of(columns),
        bad,
        "0 rows with a null");
  }

  /** No two rows of a date share these columns (nulls compare equal, as in GROUP BY). */
  public static Check unique(String... columns) {
    return new Check(
        "unique(" + String.join(", ", columns) + ")",
        Level.ERROR,
        Kind.UNIQUE,
        List.of(columns),
        null,
        "0 rows sharing their key");
  }

  /** Each column is null or within [low, high]; a share is {@code between(0, 1, ...)}. */
  public static Check between(double low, double high, String... columns) {
    Column bad = lit(false);
    for (String c : columns) {
      bad = bad.or(col(c).isNotNull().and(not(col(c).between(low, high))));
    }
    return new Check(
        "between(" + String.join(", ", columns) + ")",
        Level.ERROR,
        Kind.ROW,
        List.of(columns),
        bad,
        "every value null or in [" + low + ", " + high + "]");
  }

  /** Each column (money, counts) is null or zero or more. */
  public static Check nonNegative(String... columns) {
    Column bad = lit(false);
    for (String c : columns) {
      bad = bad.or(col(c).lt(0));
    }
    return new Check(
        "non_negative(" + String.join(", ", columns) + ")",
        Level.ERROR,
        Kind.ROW,
        List.of(columns),
        bad,
        "every value null or >= 0");
  }

  /** The date's row count within a band around the previous date's (band and level from config). */
  public static Check rowCountVsPreviousDay() {
    return new Check(
        "row_count_vs_previous_day", Level.WARNING, Kind.ROW_COUNT, List.of(), null, "");
  }

  public Check at(Level newLevel) {
    return new Check(name, newLevel, kind, columns, violation, expected);
  }

  @Override
  public String toString() {
    return name + " [" + level.label() + "] on " + Arrays.toString(columns.toArray());
  }
}
