package fr.audience.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The definition of a valid line before the streaming parsers: Spark's JSON reader in PERMISSIVE
 * mode with the documented schema (typed, then all strings to tell a wrong type from malformed
 * JSON), and Spark's regular expressions for access logs. Kept as the reference the parsers are
 * compared with, line by line (ParsersAgreeWithSparkReaderTest).
 */
final class SparkReaderOracle {
  private SparkReaderOracle() {}

  /**
   * Requires {@code value} (the raw line). Returns the typed event fields ({@code ts} as a
   * timestamp), the input's other columns, and {@code reason}/{@code detail}, null for a valid
   * event.
   */
  static Dataset<Row> withParsedEvent(Dataset<Row> lines) {
    Columns.require(lines, EventParsing.VALUE);
    Map<String, String> options =
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", EventParsing.CORRUPT);
    // The all-strings parse runs only for the few lines the typed parse rejects.
    Dataset<Row> parsed =
        lines
            .withColumn(
                "_typed", from_json(col(EventParsing.VALUE), EventFields.rawSchema(), options))
            .withColumn(
                "_strings",
                when(
                    col("_typed").isNull().or(col("_typed." + EventParsing.CORRUPT).isNotNull()),
                    from_json(col(EventParsing.VALUE), EventFields.stringSchema(), options)));

    // Each check is computed once and shared by reason and detail.
    parsed =
        parsed
            .withColumn("_malformed", malformed())
            .withColumn("_missing", missingFields())
            .withColumn("_wrong", wrongTypeFields());

    List<Column> projection = new ArrayList<>();
    for (String other : lines.columns()) {
      projection.add(col(other));
    }
    for (String name : EventFields.FIELDS.keySet()) {
      Column typed = col("_typed." + name);
      if (name.equals(EventFields.TS)) {
        typed = functions.try_to_timestamp(typed, lit(EventParsing.TS_PATTERN));
      }
      projection.add(typed.as(name));
    }
    projection.add(reason().as(EventParsing.REASON));
    projection.add(detail().as(EventParsing.DETAIL));
    return parsed.select(projection.toArray(Column[]::new));
  }

  private static Column malformed() {
    Column typedRejected =
        col("_typed").isNull().or(col("_typed." + EventParsing.CORRUPT).isNotNull());
    return typedRejected.and(
        col("_strings").isNull().or(col("_strings." + EventParsing.CORRUPT).isNotNull()));
  }

  /** Fields present as text but unreadable in their documented type. */
  private static Column wrongTypeFields() {
    List<Column> checks = new ArrayList<>();
    for (Map.Entry<String, EventFields.Field> e : EventFields.FIELDS.entrySet()) {
      String name = e.getKey();
      Column wrong =
          name.equals(EventFields.TS)
              ? col("_typed." + name)
                  .isNotNull()
                  .and(
                      functions
                          .try_to_timestamp(col("_typed." + name), lit(EventParsing.TS_PATTERN))
                          .isNull())
              : col("_strings." + name).isNotNull().and(col("_typed." + name).isNull());
      checks.add(when(wrong, lit(name)));
    }
    return filter(functions.array(checks.toArray(Column[]::new)), Column::isNotNull);
  }

  private static Column missingFields() {
    List<Column> checks = new ArrayList<>();
    for (String required :
        List.of(
            EventFields.EVENT_ID, EventFields.EVENT_TYPE, EventFields.TS, EventFields.DEVICE_ID)) {
      Column v = col("_typed." + required);
      checks.add(when(v.isNull().or(trim(v).equalTo("")), lit(required)));
    }
    return filter(functions.array(checks.toArray(Column[]::new)), Column::isNotNull);
  }

  private static Column outOfRange() {
    Column negative = lit(false);
    for (String money :
        List.of(
            EventFields.PRICE_EUR,
            EventFields.AMOUNT_EUR,
            EventFields.DWELL_SECONDS,
            EventFields.VIDEO_SECONDS,
            EventFields.CREATIVE_KB)) {
      negative = negative.or(coalesce(col("_typed." + money).lt(0), lit(false)));
    }
    Column scroll =
        coalesce(
            col("_typed." + EventFields.SCROLL_DEPTH)
                .lt(0)
                .or(col("_typed." + EventFields.SCROLL_DEPTH).gt(1)),
            lit(false));
    return negative.or(scroll);
  }

  private static Column reason() {
    return when(col("_malformed"), lit(EventParsing.MALFORMED_JSON))
        .when(functions.size(col("_missing")).gt(0), lit(EventParsing.MISSING_FIELD))
        .when(functions.size(col("_wrong")).gt(0), lit(EventParsing.WRONG_TYPE))
        .when(
            functions.not(
                col("_typed." + EventFields.EVENT_TYPE).isin(EventFields.EVENT_TYPES.toArray())),
            lit(EventParsing.UNKNOWN_EVENT_TYPE))
        .when(outOfRange(), lit(EventParsing.OUT_OF_RANGE));
  }

  private static Column detail() {
    return when(col("_malformed"), lit("not a JSON object of the documented form"))
        .when(
            functions.size(col("_missing")).gt(0),
            functions.concat(lit("missing "), array_join(col("_missing"), ", ")))
        .when(
            functions.size(col("_wrong")).gt(0),
            functions.concat(lit("wrong type for "), array_join(col("_wrong"), ", ")))
        .when(
            functions.not(
                col("_typed." + EventFields.EVENT_TYPE).isin(EventFields.EVENT_TYPES.toArray())),
            functions.concat(lit("event_type "), col("_typed." + EventFields.EVENT_TYPE)))
        .when(outOfRange(), lit("negative amount, duration or size, or scroll depth outside 0..1"));
  }

  /**
   * Requires {@code value}; adds the typed fields and {@code reason}/{@code detail} (null when
   * valid).
   */
  static Dataset<Row> withParsedAccessLine(Dataset<Row> lines) {
    Columns.require(lines, EventParsing.VALUE);
    Column v = col(EventParsing.VALUE);
    Column matches = v.rlike(AccessLogParsing.COMBINED);
    Column ts = functions.try_to_timestamp(group(v, 4), lit(AccessLogParsing.TS_PATTERN));
    Column bytes = group(v, 9);
    Dataset<Row> parsed =
        lines
            .withColumn(AccessLogParsing.IP, group(v, 1))
            .withColumn(AccessLogParsing.IDENT, group(v, 2))
            .withColumn(AccessLogParsing.AUTH_USER, group(v, 3))
            .withColumn(AccessLogParsing.TS, ts)
            .withColumn(AccessLogParsing.METHOD, group(v, 5))
            .withColumn(AccessLogParsing.PATH, group(v, 6))
            .withColumn(AccessLogParsing.PROTOCOL, group(v, 7))
            .withColumn(AccessLogParsing.STATUS, group(v, 8).cast("int"))
            .withColumn(
                AccessLogParsing.BYTES,
                when(bytes.equalTo("-"), lit(0L)).otherwise(bytes.cast("long")))
            .withColumn(AccessLogParsing.REFERRER, group(v, 10))
            .withColumn(AccessLogParsing.USER_AGENT, group(v, 11));
    Column bad = functions.not(matches).or(col(AccessLogParsing.TS).isNull());
    return parsed
        .withColumn(EventParsing.REASON, when(bad, lit(AccessLogParsing.MALFORMED_ACCESS_LINE)))
        .withColumn(
            EventParsing.DETAIL,
            when(functions.not(matches), lit("not in combined log format"))
                .when(col(AccessLogParsing.TS).isNull(), lit("unreadable timestamp")));
  }

  private static Column group(Column line, int index) {
    return when(
        line.rlike(AccessLogParsing.COMBINED),
        regexp_extract(line, AccessLogParsing.COMBINED, index));
  }
}
