package fr.audience.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventParsingTest {
  private static Map<String, String> reasons(List<String> lines) {
    EventLineParser parser = new EventLineParser();
    return lines.stream()
        .collect(
            Collectors.toMap(
                line -> line,
                line -> parser.parse(line) ? "OK" : parser.reason() + ": " + parser.detail()));
  }

  @Test
  void tellsEachKindOfBadLineApart() {
    String ok =
        "{\"event_id\":\"e1\",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00.250Z\",\"device_id\":\"d1\",\"dwell_seconds\":12.5}";
    String okNoFraction =
        "{\"event_id\":\"e1b\",\"event_type\":\"purchase\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\",\"amount_eur\":12}";
    String truncated = "{\"event_id\":\"e2\",\"event_type\":\"page_v";
    String wrongType =
        "{\"event_id\":\"e3\",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\",\"dwell_seconds\":\"beaucoup\"}";
    String numericTs =
        "{\"event_id\":\"e4\",\"event_type\":\"page_view\",\"ts\":12345,\"device_id\":\"d1\"}";
    String noId =
        "{\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\"}";
    String unknownType =
        "{\"event_id\":\"e5\",\"event_type\":\"teleport\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\"}";
    String negative =
        "{\"event_id\":\"e6\",\"event_type\":\"purchase\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\",\"amount_eur\":-3.5}";
    String array = "[1,2,3]";

    Map<String, String> r =
        reasons(
            List.of(
                ok,
                okNoFraction,
                truncated,
                wrongType,
                numericTs,
                noId,
                unknownType,
                negative,
                array));

    assertThat(r.get(ok)).isEqualTo("OK");
    assertThat(r.get(okNoFraction)).isEqualTo("OK");
    assertThat(r.get(truncated)).startsWith("MALFORMED_JSON");
    assertThat(r.get(array)).startsWith("MALFORMED_JSON");
    assertThat(r.get(wrongType)).isEqualTo("WRONG_TYPE: wrong type for dwell_seconds");
    assertThat(r.get(numericTs)).isEqualTo("WRONG_TYPE: wrong type for ts");
    assertThat(r.get(noId)).isEqualTo("MISSING_FIELD: missing event_id");
    assertThat(r.get(unknownType)).isEqualTo("UNKNOWN_EVENT_TYPE: event_type teleport");
    assertThat(r.get(negative)).startsWith("OUT_OF_RANGE");
  }

  private static String line(String id, String type, String extra) {
    return "{\"event_id\":\""
        + id
        + "\",\"event_type\":\""
        + type
        + "\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\""
        + extra
        + "}";
  }

  @Test
  void refusesWhatSparksReaderLetThrough() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put(
        line("nan", "page_view", ",\"dwell_seconds\":\"NaN\""),
        "NON_FINITE: NaN or infinite value in dwell_seconds");
    expected.put(
        line("bare-nan", "page_view", ",\"dwell_seconds\":NaN"),
        "NON_FINITE: NaN or infinite value in dwell_seconds");
    expected.put(
        line("inf", "purchase", ",\"amount_eur\":\"Infinity\""),
        "NON_FINITE: NaN or infinite value in amount_eur");
    expected.put(
        line("overflow", "purchase", ",\"amount_eur\":1e400"),
        "NON_FINITE: NaN or infinite value in amount_eur");
    expected.put(
        line("scroll-nan", "article_read", ",\"scroll_depth\":\"NaN\""),
        "NON_FINITE: NaN or infinite value in scroll_depth");
    expected.put(
        line("huge", "purchase", ",\"amount_eur\":1e308"),
        "OUT_OF_RANGE: amount_eur 1.0E308 outside 0..100000");
    expected.put(
        line("long-dwell", "page_view", ",\"dwell_seconds\":86401"),
        "OUT_OF_RANGE: dwell_seconds 86401.0 outside 0..86400");
    expected.put(
        line("neg-duration", "video_play", ",\"video_duration_seconds\":-1"),
        "OUT_OF_RANGE: video_duration_seconds -1.0 outside 0..86400");
    expected.put(
        line("period-0", "subscription_start", ",\"period_days\":0"),
        "OUT_OF_RANGE: period_days 0 outside 1..3660");
    expected.put(
        line("period-huge", "subscription_start", ",\"period_days\":100000"),
        "OUT_OF_RANGE: period_days 100000 outside 1..3660");
    expected.put(
        "{\"event_id\":\"num-device\",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":123}",
        "WRONG_TYPE: wrong type for device_id");
    expected.put(
        line("obj-user", "page_view", ",\"user_id\":{\"id\":\"u1\"}"),
        "WRONG_TYPE: wrong type for user_id");
    expected.put(
        line("bool-section", "page_view", ",\"section\":true"),
        "WRONG_TYPE: wrong type for section");
    expected.put(
        line("ceiling-ok", "purchase", ",\"amount_eur\":100000,\"period_days\":3660"), "OK");
    expected.put(line("zero-ok", "page_view", ",\"dwell_seconds\":0,\"section\":null"), "OK");

    Map<String, String> strict = reasons(List.copyOf(expected.keySet()));
    expected.forEach((l, verdict) -> assertThat(strict.get(l)).as(l).isEqualTo(verdict));

    // Spark's JSON reader rules alone (the reference parser mode) accept the NaN, the huge amount,
    // the zero period and the number where text is due: what ingest used to publish.
    EventLineParser reader = new EventLineParser(true);
    for (String id : List.of("nan", "huge", "period-0", "num-device", "obj-user")) {
      String l =
          expected.keySet().stream().filter(k -> k.contains("\"" + id + "\"")).findFirst().get();
      assertThat(reader.parse(l)).as(l).isTrue();
    }
  }

  @Test
  void parsesCombinedAccessLines() {
    String good =
        "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] \"GET /sport/a00421-le-psg HTTP/1.1\" 200 48213 \"https://www.google.com/\" \"Mozilla/5.0 (X11; Linux)\"";
    String bad = "203.0.113.0 - - [02/Mar/2026:08:15:30 +0000] GET /sport";
    AccessLineParser parser = new AccessLineParser();
    assertThat(parser.parse(good)).isTrue();
    assertThat(parser.reason()).isNull();
    Map<String, Object> ok = new java.util.HashMap<>();
    for (int i = 0; i < AccessLineParser.NAMES.length; i++) {
      ok.put(AccessLineParser.NAMES[i], parser.values()[i]);
    }
    assertThat(ok.get("path")).isEqualTo("/sport/a00421-le-psg");
    assertThat(ok.get("status")).isEqualTo(200);
    assertThat(ok.get("bytes")).isEqualTo(48213L);
    assertThat(ok.get("ts"))
        .isEqualTo(java.time.Instant.parse("2026-03-02T08:15:30Z").toEpochMilli() * 1000);
    assertThat(ok.get("user_agent")).isEqualTo("Mozilla/5.0 (X11; Linux)");
    assertThat(parser.parse(bad)).isFalse();
    assertThat(parser.reason()).isEqualTo("MALFORMED_ACCESS_LINE");
  }
}
