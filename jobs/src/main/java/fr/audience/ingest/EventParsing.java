package fr.audience.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
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
 * Turns raw JSON lines into typed events, each either valid or carrying the reason it is rejected.
 * Parsing twice (documented types, then all strings) tells a type mismatch from malformed JSON
 * without a UDF.
 */
public final class EventParsing {
  public static final String VALUE = "value";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  static final String CORRUPT = "_corrupt_record";
  static final String TS_PATTERN = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS][.SS][.S]XXX";

  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE";
  public static final String OUT_OF_RANGE = "OUT_OF_RANGE";

  private EventParsing() {}

  /**
   * Requires {@code value} (the raw line). Returns the typed event fields ({@code ts} as a
   * timestamp), the input's other columns, and {@code reason}/{@code detail}, null for a valid
   * event.
   */
  public static Dataset<Row> withParsedEvent(Dataset<Row> lines) {
    Columns.require(lines, VALUE);
    Map<String, String> options =
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);
    // The all-strings parse runs only for the few lines the typed parse rejects.
    Dataset<Row> parsed =
        lines
            .withColumn("_typed", from_json(col(VALUE), EventFields.rawSchema(), options))
            .withColumn(
                "_strings",
                when(
                    col("_typed").isNull().or(col("_typed." + CORRUPT).isNotNull()),
                    from_json(col(VALUE), EventFields.stringSchema(), options)));

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
        typed = functions.try_to_timestamp(typed, lit(TS_PATTERN));
      }
      projection.add(typed.as(name));
    }
    projection.add(reason().as(REASON));
    projection.add(detail().as(DETAIL));
    return parsed.select(projection.toArray(Column[]::new));
  }

  private static Column malformed() {
    Column typedRejected = col("_typed").isNull().or(col("_typed." + CORRUPT).isNotNull());
    return typedRejected.and(col("_strings").isNull().or(col("_strings." + CORRUPT).isNotNull()));
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
                  .and(functions.try_to_timestamp(col("_typed." + name), lit(TS_PATTERN)).isNull())
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
    return when(col("_malformed"), lit(MALFORMED_JSON))
        .when(functions.size(col("_missing")).gt(0), lit(MISSING_FIELD))
        .when(functions.size(col("_wrong")).gt(0), lit(WRONG_TYPE))
        .when(
            functions.not(
                col("_typed." + EventFields.EVENT_TYPE).isin(EventFields.EVENT_TYPES.toArray())),
            lit(UNKNOWN_EVENT_TYPE))
        .when(outOfRange(), lit(OUT_OF_RANGE));
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
}
