package fr.audience.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming parsers give, line for line, the verdict (reason and detail) and the typed values
 * that Spark's own readers give under the definition ingest had before them ({@link
 * SparkReaderOracle}): on hostile hand-written lines and on every line of a generated dataset with
 * its planted bad lines.
 */
class ParsersAgreeWithSparkReaderTest {
  private static final String OK_TAIL =
      ",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00.250Z\",\"device_id\":\"d1\"";

  private static String event(String fields) {
    return "{\"event_id\":\"e1\"" + OK_TAIL + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private static String withTs(String ts) {
    return "{\"event_id\":\"e1\",\"event_type\":\"page_view\",\"ts\":"
        + ts
        + ",\"device_id\":\"d1\"}";
  }

  static List<String> hostileEvents() {
    List<String> lines = new ArrayList<>();
    lines.add(event(""));
    lines.add(
        event(
            "\"user_id\":\"u1\",\"dwell_seconds\":12.5,\"scroll_depth\":0.5,\"consent_ads\":true,"
                + "\"period_days\":30,\"price_eur\":9.99,\"comment_text\":\"Très bien, l'équipe \\u00e9 😀\""));
    for (String ts :
        List.of(
            "\"2026-03-02T10:00:00Z\"",
            "\"2026-03-02T10:00:00.1Z\"",
            "\"2026-03-02T10:00:00.12Z\"",
            "\"2026-03-02T10:00:00.1234Z\"",
            "\"2026-03-02T10:00:00.123456Z\"",
            "\"2026-03-02T10:00:00.1234567Z\"",
            "\"2026-03-02T10:00:00.123.4Z\"",
            "\"2026-03-02t10:00:00z\"",
            "\"2026-03-02T10:00:00+01:00\"",
            "\"2026-03-02T10:00:00-05:30\"",
            "\"2026-03-02T10:00:00+0100\"",
            "\"2026-02-30T10:00:00Z\"",
            "\"2026-02-29T10:00:00Z\"",
            "\"2024-02-29T23:59:59Z\"",
            "\"2026-03-02T24:00:00Z\"",
            "\"2026-03-02T10:00:60Z\"",
            "\"2026-03-02 10:00:00Z\"",
            "\"2026-03-02T10:00:00\"",
            "\"0001-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999999Z\"",
            "\"+12026-03-02T10:00:00Z\"",
            "\"\"",
            "\"   \"",
            "\" 2026-03-02T10:00:00Z\"",
            "12345",
            "1.5",
            "true",
            "{\"a\":1}",
            "[1]",
            "null")) {
      lines.add(withTs(ts));
    }
    for (String dwell :
        List.of(
            "\"NaN\"",
            "\"Infinity\"",
            "\"+Infinity\"",
            "\"+INF\"",
            "\"-INF\"",
            "\"-Infinity\"",
            "\"nan\"",
            "\"\"",
            "\"12\"",
            "true",
            "{}",
            "[]",
            "1e400",
            "-1e400",
            "-0.0",
            "NaN",
            "-Infinity",
            "123456789012345678901234567890",
            "0.1e-400",
            "null")) {
      lines.add(event("\"dwell_seconds\":" + dwell));
    }
    for (String scroll : List.of("\"NaN\"", "1.5", "-0.1", "1", "0", "\"Infinity\"")) {
      lines.add(event("\"scroll_depth\":" + scroll));
    }
    for (String period :
        List.of("30", "30.0", "3000000000", "-2147483648", "2147483648", "\"30\"", "1e2", "-0")) {
      lines.add(event("\"period_days\":" + period));
    }
    for (String consent : List.of("\"true\"", "1", "0", "null", "false", "\"\"")) {
      lines.add(event("\"consent_analytics\":" + consent));
    }
    for (String user :
        List.of(
            "12345",
            "1.50",
            "1e2",
            "-0",
            "{\"a\": [1, 2, {\"b\": null}]}",
            "[1,2]",
            "true",
            "\"\"",
            "\"\\ud800\"",
            "\"a\\u0000b\"")) {
      lines.add(event("\"user_id\":" + user));
    }
    for (String type : List.of("\"teleport\"", "5", "\"\"", "\" \"", "\"\\t\"", "\"PAGE_VIEW\"")) {
      lines.add(
          "{\"event_id\":\"e1\",\"event_type\":"
              + type
              + ",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\"}");
    }
    // Repeated fields, in each order.
    lines.add(event("\"dwell_seconds\":\"x\",\"dwell_seconds\":5"));
    lines.add(event("\"dwell_seconds\":5,\"dwell_seconds\":\"x\""));
    lines.add(event("\"dwell_seconds\":\"x\",\"dwell_seconds\":null"));
    lines.add(event("\"dwell_seconds\":null,\"dwell_seconds\":\"x\""));
    lines.add(event("\"event_id\":\"e2\""));
    lines.add(event("\"event_id\":null"));
    // Unknown fields, nested values, negative amounts, several faults at once.
    lines.add(event("\"extra\":{\"deep\":[1,{\"x\":\"y\"}]},\"more\":[true,null]"));
    lines.add(event("\"amount_eur\":-3.5"));
    lines.add(event("\"price_eur\":-0.0"));
    lines.add(event("\"creative_kb\":-1"));
    lines.add(event("\"video_seconds\":-1e-9,\"scroll_depth\":2"));
    lines.add(event("\"dwell_seconds\":\"a\",\"period_days\":1.5,\"consent_ads\":\"no\""));
    lines.add("{\"event_type\":\"page_view\",\"device_id\":\"d1\"}");
    lines.add("{\"event_type\":\"page_view\",\"ts\":12,\"dwell_seconds\":\"a\"}");
    lines.add("{}");
    // Not one JSON object.
    lines.add("");
    lines.add("   ");
    lines.add("null");
    lines.add("123");
    lines.add("\"text\"");
    lines.add("[1,2,3]");
    lines.add("[" + event("") + "]");
    lines.add(event("").substring(0, 40));
    lines.add(event("") + " trailing");
    lines.add(event("") + event(""));
    lines.add(event("") + "}");
    lines.add(
        "{'event_id':'e1','event_type':'page_view','ts':'2026-03-02T10:00:00Z','device_id':'d'}");
    lines.add("{/*c*/\"event_id\":\"e1\"" + OK_TAIL + "}");
    lines.add("{event_id:\"e1\"" + OK_TAIL + "}");
    lines.add(event("\"section\":\"a\tb\""));
    lines.add(event("\"dwell_seconds\":007"));
    lines.add(event("\"dwell_seconds\":.5"));
    lines.add(event("\"dwell_seconds\":+1"));
    lines.add(event("\"section\":\"\\q\""));
    lines.add("\uFEFF" + event(""));
    lines.add(event("\"section\":{\"a\":]}"));
    lines.add(event("\"dwell_seconds\":{\"a\":]}"));
    lines.add(event("\"user_id\":\"\u00e9\u0000\""));
    return lines;
  }

  static List<String> hostileAccessLines() {
    String ua = "\"Mozilla/5.0 (X11; Linux) \\\"quoted\\\"\"";
    return List.of(
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] \"GET /sport/a HTTP/1.1\" 200 48213 \"https://www.google.com/\" \"Mozilla/5.0\"",
        "203.0.113.0 - - [02/mar/2026:08:15:30 +0100] \"GET /a HTTP/1.1\" 304 - \"-\" " + ua,
        "203.0.113.0 - - [02/MAR/2026:08:15:30 -0530] \"GET /a HTTP/1.1\" 200 1 \"\" \"\"   ",
        "203.0.113.0 - - [32/Mar/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"",
        "203.0.113.0 - - [29/Feb/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"",
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +00:00] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"",
        "203.0.113.0 - - [02/Mar/2026:08:15:30] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"",
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] GET /sport",
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 20 1 \"-\" \"ua\"",
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\" extra",
        "",
        "garbage",
        "x 203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"");
  }

  @Test
  void eventVerdictsAndValuesMatchOnHostileLines() {
    assertEventsAgree(hostileEvents());
  }

  @Test
  void accessVerdictsAndValuesMatchOnHostileLines() {
    assertAccessAgrees(hostileAccessLines());
  }

  @Test
  void aByteCountBeyondLongIsQuarantinedNotACrash() {
    // Spark's cast of the byte count fails the whole query in ANSI mode; the parser rejects the
    // line.
    AccessLineParser p = new AccessLineParser();
    assertThat(
            p.parse(
                "1.2.3.4 - - [02/Mar/2026:08:15:30 +0000] \"GET /a HTTP/1.1\" 200 99999999999999999999 \"-\" \"ua\""))
        .isFalse();
    assertThat(p.reason()).isEqualTo(AccessLogParsing.MALFORMED_ACCESS_LINE);
    assertThat(p.detail()).isEqualTo(AccessLineParser.BAD_BYTES);
  }

  @Test
  void everyGeneratedLineGetsTheSameVerdictAndValues(@TempDir Path dir) {
    GeneratorSettings settings =
        new GeneratorSettings(300, 3, LocalDate.of(2026, 3, 2), 11, 0.02, dir, 0.3, 24, 2);
    Generator.generate(settings);
    SparkSession spark = TestSpark.spark();
    List<String> events =
        spark
            .read()
            .text(dir.resolve("events").toString())
            .select(EventParsing.VALUE)
            .as(Encoders.STRING())
            .collectAsList();
    List<String> access =
        spark
            .read()
            .text(dir.resolve("access").toString())
            .select(EventParsing.VALUE)
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(events).hasSizeGreaterThan(5000);
    assertThat(access).hasSizeGreaterThan(1000);
    Map<String, Long> reasons = assertEventsAgree(events);
    // The generator's planted kinds all show up among the verdicts compared.
    assertThat(reasons)
        .containsKeys(
            EventParsing.MALFORMED_JSON, EventParsing.WRONG_TYPE, EventParsing.MISSING_FIELD);
    assertAccessAgrees(access);
  }

  /** Compares verdicts and values; returns the count of lines per verdict. */
  private static Map<String, Long> assertEventsAgree(List<String> lines) {
    List<String> names = new ArrayList<>(EventFields.FIELDS.keySet());
    Map<String, List<Object>> spark =
        oracle(
            SparkReaderOracle.withParsedEvent(lines(lines)),
            names.stream()
                .map(
                    n ->
                        n.equals(EventFields.TS)
                            ? functions.unix_micros(functions.col(n))
                            : functions.col(n))
                .toList());
    EventLineParser parser = new EventLineParser(true);
    return assertAgree(lines, spark, line -> verdict(parser.parse(line), parser));
  }

  private static void assertAccessAgrees(List<String> lines) {
    Map<String, List<Object>> spark =
        oracle(
            SparkReaderOracle.withParsedAccessLine(lines(lines)),
            Arrays.stream(AccessLineParser.NAMES)
                .map(
                    n ->
                        n.equals(AccessLogParsing.TS)
                            ? functions.unix_micros(functions.col(n))
                            : functions.col(n))
                .toList());
    AccessLineParser parser = new AccessLineParser();
    assertAgree(lines, spark, line -> verdict(parser.parse(line), parser));
  }

  private static Dataset<Row> lines(List<String> lines) {
    return TestSpark.spark().createDataset(lines, Encoders.STRING()).toDF(EventParsing.VALUE);
  }

  /** Line -> [reason, detail, values when valid...] as Spark's readers decide. */
  private static Map<String, List<Object>> oracle(Dataset<Row> parsed, List<Column> values) {
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(EventParsing.VALUE));
    cols.add(functions.col(EventParsing.REASON));
    cols.add(functions.col(EventParsing.DETAIL));
    cols.addAll(values);
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Row r : parsed.select(cols.toArray(Column[]::new)).collectAsList()) {
      List<Object> v = new ArrayList<>();
      for (int i = 1; i < r.length(); i++) {
        v.add(r.get(i));
      }
      out.put(r.getString(0), r.get(1) == null ? v : v.subList(0, 2));
    }
    return out;
  }

  private static List<Object> verdict(boolean valid, RawLines.Parser parser) {
    List<Object> v = new ArrayList<>();
    v.add(parser.reason());
    v.add(parser.detail());
    if (valid) {
      for (Object value : parser.values()) {
        v.add(value instanceof String s ? asStored(s) : value);
      }
    }
    return v;
  }

  /**
   * A string as Spark stores it (UTF-8): a lone surrogate, which no UTF-8 text can hold, becomes
   * '?' on the way into a row.
   */
  private static String asStored(String s) {
    return new String(
        s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, Long> assertAgree(
      List<String> lines,
      Map<String, List<Object>> spark,
      java.util.function.Function<String, List<Object>> ours) {
    List<String> differences = new ArrayList<>();
    for (String line : lines) {
      List<Object> expected = spark.get(line);
      List<Object> actual = ours.apply(line);
      if (!Objects.equals(expected, actual)) {
        differences.add(line + "\n  spark:  " + expected + "\n  parser: " + actual);
      }
    }
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
    return spark.values().stream()
        .collect(
            Collectors.groupingBy(
                v -> v.get(0) == null ? "VALID" : (String) v.get(0), Collectors.counting()));
  }
}
