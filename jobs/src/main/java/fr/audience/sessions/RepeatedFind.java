package fr.audience.sessions;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spark's {@code rlike} (a {@link java.util.regex.Matcher#find} of the pattern in the value, null
 * on null) for columns whose values repeat: user agents and referrers take a few thousand distinct
 * values a day over millions of events, so each task answers each distinct value once and looks the
 * others up. A regex find over a user agent costs microseconds, a lookup tens of nanoseconds. A
 * task holds at most {@value #MAX_HELD} answers and starts again when full, so hostile input with
 * every value distinct costs no more than {@code rlike} and a bounded amount of memory.
 */
final class RepeatedFind implements UDF1<String, Boolean> {
  static final int MAX_HELD = 1 << 16;
  private static final long serialVersionUID = 1L;

  private final Pattern pattern;
  private final ConcurrentHashMap<String, Boolean> answers = new ConcurrentHashMap<>();

  RepeatedFind(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  /** {@code value.rlike(regex)}, with the same result on every value, null included. */
  static Column of(Column value, String regex) {
    return functions.udf(new RepeatedFind(regex), DataTypes.BooleanType).apply(value);
  }

  @Override
  public Boolean call(String value) {
    if (value == null) {
      return null;
    }
    Boolean found = answers.get(value);
    if (found == null) {
      found = pattern.matcher(value).find();
      if (answers.size() >= MAX_HELD) {
        answers.clear();
      }
      answers.put(value, found);
    }
    return found;
  }
}
