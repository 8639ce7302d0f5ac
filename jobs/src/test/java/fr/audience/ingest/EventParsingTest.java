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
