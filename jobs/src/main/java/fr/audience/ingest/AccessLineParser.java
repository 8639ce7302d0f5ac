package fr.audience.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one Apache/Nginx "combined" access-log line into its typed fields with one match of the
 * documented expression, or tells why it is rejected. Not thread-safe: one instance per task.
 */
public final class AccessLineParser implements RawLines.Parser {
  static final String NOT_COMBINED = "not in combined log format";
  static final String BAD_TIMESTAMP = "unreadable timestamp";
  static final String BAD_BYTES = "byte count out of range";

  private static final Pattern COMBINED = Pattern.compile(AccessLogParsing.COMBINED);
  private static final DateTimeFormatter TS_FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern(AccessLogParsing.TS_PATTERN.replace("yyyy", "uuuu"))
          .toFormatter(Locale.US)
          .withResolverStyle(ResolverStyle.STRICT);

  /** Fields in bronze.access_log order; {@code ts} as epoch microseconds. */
  public static final String[] NAMES = {
    AccessLogParsing.IP,
    AccessLogParsing.IDENT,
    AccessLogParsing.AUTH_USER,
    AccessLogParsing.TS,
    AccessLogParsing.METHOD,
    AccessLogParsing.PATH,
    AccessLogParsing.PROTOCOL,
    AccessLogParsing.STATUS,
    AccessLogParsing.BYTES,
    AccessLogParsing.REFERRER,
    AccessLogParsing.USER_AGENT
  };

  /** The access-log fields and how a task makes its parser. */
  public static final RawLines.Kind KIND =
      new RawLines.Kind(
          List.of(AccessLineParser.NAMES),
          List.of(
              DataTypes.StringType,
              DataTypes.StringType,
              DataTypes.StringType,
              DataTypes.TimestampType,
              DataTypes.StringType,
              DataTypes.StringType,
              DataTypes.StringType,
              DataTypes.IntegerType,
              DataTypes.LongType,
              DataTypes.StringType,
              DataTypes.StringType),
          AccessLineParser::new);

  public final Object[] values = new Object[NAMES.length];
  private final Matcher matcher = COMBINED.matcher("");
  private String detail;

  @Override
  public Object[] values() {
    return values;
  }

  @Override
  public String reason() {
    return detail == null ? null : AccessLogParsing.MALFORMED_ACCESS_LINE;
  }

  /** Detail of the last line's rejection, or null when it is valid. */
  @Override
  public String detail() {
    return detail;
  }

  /** Parses one line; returns true when it is a valid access-log line. */
  @Override
  public boolean parse(String line) {
    java.util.Arrays.fill(values, null);
    detail = null;
    if (!matcher.reset(line).find()) {
      detail = NOT_COMBINED;
      return false;
    }
    Long micros = timestamp(matcher.group(4));
    if (micros == null) {
      detail = BAD_TIMESTAMP;
      return false;
    }
    String bytes = matcher.group(9);
    Long size;
    try {
      size = bytes.equals("-") ? 0L : Long.parseLong(bytes);
    } catch (NumberFormatException e) {
      detail = BAD_BYTES;
      return false;
    }
    values[0] = matcher.group(1);
    values[1] = matcher.group(2);
    values[2] = matcher.group(3);
    values[3] = micros;
    values[4] = matcher.group(5);
    values[5] = matcher.group(6);
    values[6] = matcher.group(7);
    values[7] = Integer.parseInt(matcher.group(8));
    values[8] = size;
    values[9] = matcher.group(10);
    values[10] = matcher.group(11);
    return true;
  }

  private static Long timestamp(String text) {
    try {
      Instant instant = OffsetDateTime.parse(text, TS_FORMAT).toInstant();
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }
}
