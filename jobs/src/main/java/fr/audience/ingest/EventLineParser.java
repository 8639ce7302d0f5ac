package fr.audience.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one raw JSON line into the documented event fields, in one streaming pass with Jackson, and
 * decides whether it is valid or why it is rejected (docs/raw-formats.md). The rules are those of
 * Spark's JSON reader in PERMISSIVE mode with the documented schema, which defined ingest before
 * this parser: a field that cannot be read in its type is a wrong type (the other fields still
 * count), a line that is not one JSON object is malformed, unknown fields are ignored and a
 * repeated field keeps its last readable value. Ingest adds stricter rules those did not have
 * ({@link #EventLineParser()}): no number, object or array where text is due, no NaN or infinity,
 * and ceilings on amounts, durations and sizes. Not thread-safe: one instance per task.
 */
public final class EventLineParser implements RawLines.Parser {
  /** The event fields and how a task makes its parser. */
  public static final RawLines.Kind KIND =
      new RawLines.Kind(
          List.copyOf(EventFields.FIELDS.keySet()),
          EventFields.FIELDS.values().stream().map(EventFields.Field::rawType).toList(),
          EventLineParser::new);

  static final String MALFORMED_DETAIL = "not a JSON object of the documented form";
  static final String OUT_OF_RANGE_DETAIL =
      "negative amount, duration or size, or scroll depth outside 0..1";

  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .configure(JsonReadFeature.ALLOW_JAVA_COMMENTS, false)
          .configure(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, false)
          .configure(JsonReadFeature.ALLOW_SINGLE_QUOTES, true)
          .configure(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, false)
          .configure(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, true)
          .configure(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, false)
          .configure(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, false)
          .build();

  /**
   * The timestamp pattern of docs/raw-formats.md ({@link EventParsing#TS_PATTERN}) as Spark parses
   * it: year as proleptic, strict resolution, case-insensitive letters, and each optional fraction
   * read with 1 up to its number of digits.
   */
  private static final DateTimeFormatter TS_FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendLiteral('.')
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, false)
          .optionalEnd()
          .optionalStart()
          .appendLiteral('.')
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 3, false)
          .optionalEnd()
          .optionalStart()
          .appendLiteral('.')
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 2, false)
          .optionalEnd()
          .optionalStart()
          .appendLiteral('.')
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 1, false)
          .optionalEnd()
          .appendPattern("XXX")
          .toFormatter(Locale.US)
          .withResolverStyle(ResolverStyle.STRICT);

  /** Field names in bronze order. */
  public static final List<String> NAMES = List.copyOf(EventFields.FIELDS.keySet());

  private static final int N = NAMES.size();
  private static final Map<String, Integer> INDEX = new HashMap<>();
  private static final int[] TYPE_OF = new int[N];
  private static final int STRING = 0;
  private static final int BOOLEAN = 1;
  private static final int DOUBLE = 2;
  private static final int INT = 3;
  static final int TS = NAMES.indexOf(EventFields.TS);
  private static final int EVENT_TYPE = NAMES.indexOf(EventFields.EVENT_TYPE);
  private static final int[] REQUIRED = {
    NAMES.indexOf(EventFields.EVENT_ID), EVENT_TYPE, TS, NAMES.indexOf(EventFields.DEVICE_ID)
  };
  private static final int[] NON_NEGATIVE = {
    NAMES.indexOf(EventFields.PRICE_EUR),
    NAMES.indexOf(EventFields.AMOUNT_EUR),
    NAMES.indexOf(EventFields.DWELL_SECONDS),
    NAMES.indexOf(EventFields.VIDEO_SECONDS),
    NAMES.indexOf(EventFields.CREATIVE_KB)
  };
  private static final int SCROLL = NAMES.indexOf(EventFields.SCROLL_DEPTH);
  private static final int PERIOD_DAYS = NAMES.indexOf(EventFields.PERIOD_DAYS);

  /**
   * Largest plausible value of each number (docs/raw-formats.md): above it a value is a collector
   * fault, and would otherwise reach the revenue and time totals. Durations: one day.
   */
  static final Map<String, Double> CEILINGS =
      Map.of(
          EventFields.PRICE_EUR, 10_000.0,
          EventFields.AMOUNT_EUR, 100_000.0,
          EventFields.DWELL_SECONDS, 86_400.0,
          EventFields.VIDEO_SECONDS, 86_400.0,
          EventFields.VIDEO_DURATION_SECONDS, 86_400.0,
          EventFields.CREATIVE_KB, 1_000_000.0);

  /** Longest renewal period, days (ten years). */
  static final int MAX_PERIOD_DAYS = 3_660;

  private static final int[] CEILED =
      CEILINGS.keySet().stream().sorted().mapToInt(NAMES::indexOf).toArray();

  /** {@link #CEILINGS} by field index, read once per line instead of looked up by name. */
  private static final double[] CEILING_OF = new double[NAMES.size()];

  static {
    CEILINGS.forEach((name, ceiling) -> CEILING_OF[NAMES.indexOf(name)] = ceiling);
  }

  static {
    for (int i = 0; i < N; i++) {
      INDEX.put(NAMES.get(i), i);
      DataType t = EventFields.FIELDS.get(NAMES.get(i)).rawType();
      TYPE_OF[i] =
          t.equals(DataTypes.BooleanType)
              ? BOOLEAN
              : t.equals(DataTypes.DoubleType)
                  ? DOUBLE
                  : t.equals(DataTypes.IntegerType) ? INT : STRING;
    }
  }

  /** Typed values of the last line, in {@link #NAMES} order; {@code ts} as epoch microseconds. */
  public final Object[] values = new Object[N];

  /** Whether a field's last non-null value could not be read in its type. */
  private final boolean[] unreadable = new boolean[N];

  private boolean anyUnreadable;
  private String reason;
  private String detail;

  /** Only the rules of Spark's JSON reader (the reference the parser is compared with). */
  private final boolean readerRulesOnly;

  /** A parser with every ingest rule. */
  public EventLineParser() {
    this(false);
  }

  /**
   * With {@code readerRulesOnly}, the rules of Spark's JSON reader alone: text fields keep numbers
   * and objects as their JSON text, NaN and infinities pass, no ceilings.
   */
  EventLineParser(boolean readerRulesOnly) {
    this.readerRulesOnly = readerRulesOnly;
  }

  @Override
  public Object[] values() {
    return values;
  }

  /** Reason code of the last line, or null when it is valid. */
  @Override
  public String reason() {
    return reason;
  }

  /** Detail of the last line's reason, or null when it is valid. */
  @Override
  public String detail() {
    return detail;
  }

  /** Parses one line; returns true when it is a valid event. */
  @Override
  public boolean parse(String line) {
    java.util.Arrays.fill(values, null);
    java.util.Arrays.fill(unreadable, false);
    anyUnreadable = false;
    reason = null;
    detail = null;
    if (!readObject(line)) {
      return reject(EventParsing.MALFORMED_JSON, MALFORMED_DETAIL);
    }
    List<String> missing = null;
    for (int i : REQUIRED) {
      Object v = values[i];
      // Present but unreadable in its type (a number for device_id) is a wrong type, not missing.
      if (v == null ? !unreadable[i] : trimSpaces((String) v).isEmpty()) {
        missing = add(missing, NAMES.get(i));
      }
    }
    if (missing != null) {
      return reject(EventParsing.MISSING_FIELD, "missing " + String.join(", ", missing));
    }
    // ts arrives as text: a timestamp it does not hold is a wrong type, like the other fields.
    Long micros = values[TS] == null ? null : parseTimestamp((String) values[TS]);
    values[TS] = micros;
    List<String> wrong = null;
    for (int i = 0; i < N; i++) {
      boolean wrongHere =
          i == TS ? micros == null : anyUnreadable && unreadable[i] && values[i] == null;
      if (wrongHere) {
        wrong = add(wrong, NAMES.get(i));
      }
    }
    if (wrong != null) {
      return reject(EventParsing.WRONG_TYPE, "wrong type for " + String.join(", ", wrong));
    }
    if (!readerRulesOnly) {
      List<String> nonFinite = null;
      for (int i = 0; i < N; i++) {
        if (TYPE_OF[i] == DOUBLE && values[i] != null && !Double.isFinite((Double) values[i])) {
          nonFinite = add(nonFinite, NAMES.get(i));
        }
      }
      if (nonFinite != null) {
        return reject(
            EventParsing.NON_FINITE, "NaN or infinite value in " + String.join(", ", nonFinite));
      }
    }
    String type = (String) values[EVENT_TYPE];
    if (!EventFields.EVENT_TYPES.contains(type)) {
      return reject(EventParsing.UNKNOWN_EVENT_TYPE, "event_type " + type);
    }
    if (outOfRange()) {
      return reject(EventParsing.OUT_OF_RANGE, OUT_OF_RANGE_DETAIL);
    }
    if (!readerRulesOnly) {
      for (int i : CEILED) {
        Double d = (Double) values[i];
        double ceiling = CEILING_OF[i];
        if (d != null && (d < 0 || d > ceiling)) {
          return reject(
              EventParsing.OUT_OF_RANGE, NAMES.get(i) + " " + d + " outside 0.." + (long) ceiling);
        }
      }
      Integer period = (Integer) values[PERIOD_DAYS];
      if (period != null && (period < 1 || period > MAX_PERIOD_DAYS)) {
        return reject(
            EventParsing.OUT_OF_RANGE, "period_days " + period + " outside 1.." + MAX_PERIOD_DAYS);
      }
    }
    return true;
  }

  private boolean reject(String reason, String detail) {
    this.reason = reason;
    this.detail = detail;
    return false;
  }

  private static List<String> add(List<String> list, String name) {
    List<String> l = list == null ? new ArrayList<>(2) : list;
    l.add(name);
    return l;
  }

  /**
   * Spark compares NaN as larger than any number: a NaN amount is not negative, a NaN scroll depth
   * is above 1.
   */
  private boolean outOfRange() {
    for (int i : NON_NEGATIVE) {
      Double d = (Double) values[i];
      if (d != null && d < 0) {
        return true;
      }
    }
    Double s = (Double) values[SCROLL];
    return s != null && (s < 0 || s > 1 || s.isNaN());
  }

  /** Reads the line's root object; false when it is not one JSON object. */
  private boolean readObject(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          return false;
        }
        Integer index = INDEX.get(p.currentName());
        JsonToken v = p.nextToken();
        if (index == null) {
          p.skipChildren();
          continue;
        }
        readField(p, v, index);
      }
      // What follows the root object is not read (as with Spark's reader).
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void readField(JsonParser p, JsonToken v, int i) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      values[i] = null;
      unreadable[i] = false;
      return;
    }
    Object value =
        switch (TYPE_OF[i]) {
          case BOOLEAN ->
              v == JsonToken.VALUE_TRUE
                  ? Boolean.TRUE
                  : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
          case DOUBLE -> readDouble(p, v);
          case INT -> readInt(p, v);
          default -> readerRulesOnly || v == JsonToken.VALUE_STRING ? readString(p, v) : null;
        };
    if (value == null) {
      // Unreadable in its type: the field keeps any earlier readable value.
      p.skipChildren();
      unreadable[i] = true;
      anyUnreadable = true;
    } else {
      values[i] = value;
      unreadable[i] = false;
    }
  }

  private static Double readDouble(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (v == JsonToken.VALUE_STRING) {
      return switch (p.getText()) {
        case "NaN" -> Double.NaN;
        case "+INF", "+Infinity", "Infinity" -> Double.POSITIVE_INFINITY;
        case "-INF", "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> null;
      };
    }
    return null;
  }

  private static Integer readInt(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      return null;
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      return null;
    }
    return p.getIntValue();
  }

  /** A string as is; any other value as its JSON text (a number or object in a text field). */
  private static String readString(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  /** Trims ASCII spaces only, as Spark's trim does. */
  private static String trimSpaces(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    return s.substring(from, to);
  }

  /**
   * Epoch microseconds of a timestamp in the documented pattern, or null. The common shapes
   * (2026-03-02T10:00:00Z, with .S to .SSSSSS) are read directly; any other text goes through the
   * full pattern.
   */
  static Long parseTimestamp(String text) {
    Long fast = parseCommon(text);
    if (fast != null) {
      return fast;
    }
    try {
      java.time.Instant instant = java.time.OffsetDateTime.parse(text, TS_FORMAT).toInstant();
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /** yyyy-MM-ddTHH:mm:ss[.f{1,6}]Z, or null for anything else. */
  private static Long parseCommon(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int micros = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 6) {
        return null;
      }
      int f = digits(s, 20, fraction);
      if (f < 0) {
        return null;
      }
      micros = f;
      for (int i = fraction; i < 6; i++) {
        micros *= 10;
      }
    }
    try {
      long seconds =
          LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
      return seconds * 1_000_000L + micros;
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
