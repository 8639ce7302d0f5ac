package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Parses Apache/Nginx "combined" access-log lines with built-in regular expressions. */
public final class AccessLogParsing {
  public static final String IP = "ip";
  public static final String IDENT = "ident";
  public static final String AUTH_USER = "auth_user";
  public static final String TS = "ts";
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String PROTOCOL = "protocol";
  public static final String STATUS = "status";
  public static final String BYTES = "bytes";
  public static final String REFERRER = "referrer";
  public static final String USER_AGENT = "user_agent";
  public static final String MALFORMED_ACCESS_LINE = "MALFORMED_ACCESS_LINE";

  static final String COMBINED =
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"\\s*$";
  static final String TS_PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

  private AccessLogParsing() {}

  /**
   * Requires {@code value}; adds the typed fields and {@code reason}/{@code detail} (null when
   * valid).
   */
  public static Dataset<Row> withParsedAccessLine(Dataset<Row> lines) {
    Columns.require(lines, EventParsing.VALUE);
    Column v = col(EventParsing.VALUE);
    Column matches = v.rlike(COMBINED);
    Column ts = functions.try_to_timestamp(group(v, 4), lit(TS_PATTERN));
    Column bytes = group(v, 9);
    Dataset<Row> parsed =
        lines
            .withColumn(IP, group(v, 1))
            .withColumn(IDENT, group(v, 2))
            .withColumn(AUTH_USER, group(v, 3))
            .withColumn(TS, ts)
            .withColumn(METHOD, group(v, 5))
            .withColumn(PATH, group(v, 6))
            .withColumn(PROTOCOL, group(v, 7))
            .withColumn(STATUS, group(v, 8).cast("int"))
            .withColumn(BYTES, when(bytes.equalTo("-"), lit(0L)).otherwise(bytes.cast("long")))
            .withColumn(REFERRER, group(v, 10))
            .withColumn(USER_AGENT, group(v, 11));
    Column bad = functions.not(matches).or(col(TS).isNull());
    return parsed
        .withColumn(EventParsing.REASON, when(bad, lit(MALFORMED_ACCESS_LINE)))
        .withColumn(
            EventParsing.DETAIL,
            when(functions.not(matches), lit("not in combined log format"))
                .when(col(TS).isNull(), lit("unreadable timestamp")));
  }

  private static Column group(Column line, int index) {
    return when(line.rlike(COMBINED), regexp_extract(line, COMBINED, index));
  }
}
