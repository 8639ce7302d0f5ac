package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifies every raw line on its own, as ingestion would, and checks the counts against the
 * planted truth: a line that is not planted bad must follow the documented contract.
 */
class GeneratorBadInputTest {
  static final int DAYS = 3;
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> STRING_FIELDS =
      Set.of(
          "event_id",
          "event_type",
          "ts",
          "device_id",
          "user_id",
          "device",
          "user_agent",
          "ip",
          "referrer",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "age_band",
          "article_id",
          "section",
          "video_id",
          "campaign_id",
          "newsletter_id",
          "push_id",
          "subscription_id",
          "plan",
          "cancel_reason",
          "order_id",
          "product",
          "comment_text");
  static final Set<String> DOUBLE_FIELDS =
      Set.of(
          "dwell_seconds",
          "scroll_depth",
          "video_seconds",
          "video_duration_seconds",
          "creative_kb",
          "price_eur",
          "amount_eur");
  static final Set<String> BOOLEAN_FIELDS = Set.of("consent_analytics", "consent_ads");
  static final Set<String> INT_FIELDS = Set.of("period_days");
  static final Set<String> EVENT_TYPES =
      Set.of(
          "page_view",
          "article_read",
          "video_play",
          "ad_impression",
          "ad_click",
          "newsletter_send",
          "newsletter_open",
          "push_sent",
          "push_open",
          "subscription_start",
          "subscription_renew",
          "subscription_cancel",
          "purchase",
          "comment");
  static final Pattern COMBINED =
      Pattern.compile(
          "^\\S+ - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000] \"GET \\S+ HTTP/1\\.1\" \\d{3} \\d+ \"[^\"]*\" \"[^\"]+\"$");
  static final Pattern CRAWLER =
      Pattern.compile("Googlebot|bingbot|AhrefsBot|YandexBot|SemrushBot|GPTBot");

  @TempDir static Path out;
  static Map<String, Long> planted;
  static Set<String> bots;

  @BeforeAll
  static void generate() throws IOException {
    Generator.generate(Runs.settings(out, 300, DAYS, 11, 0.05));
    planted = new TreeMap<>();
    for (Map<String, String> row : Runs.csv(out.resolve("_truth/bad_records.csv"))) {
      planted.put(row.get("event_date") + "/" + row.get("kind"), Long.parseLong(row.get("count")));
    }
    bots = new HashSet<>();
    Runs.csv(out.resolve("_truth/bots.csv")).forEach(r -> bots.add(r.get("device_id")));
  }

  @Test
  void eventLinesClassifyIntoThePlantedCountsAndTheRestFollowTheContract() throws IOException {
    Map<String, Long> found = new TreeMap<>();
    long valid = 0;
    for (int d = 0; d < DAYS; d++) {
      LocalDate date = Runs.START.plusDays(d);
      Set<String> seen = new HashSet<>();
      for (String line : lines(out.resolve("events/event_date=" + date))) {
        String kind = classify(line, date, seen);
        seen.add(line);
        if (kind == null) {
          valid++;
        } else {
          found.merge(date + "/" + kind, 1L, Long::sum);
        }
      }
    }
    assertThat(valid).isGreaterThan(10_000);
    for (String kind :
        List.of(
            "malformed_json",
            "wrong_type",
            "missing_id",
            "duplicate",
            "future_clock",
            "late",
            "bot_event")) {
      for (int d = 0; d < DAYS; d++) {
        String key = Runs.START.plusDays(d) + "/" + kind;
        assertThat(found.getOrDefault(key, 0L)).as(key).isEqualTo(planted.get(key));
      }
      assertThat(total(planted, kind)).as(kind).isPositive();
    }
  }

  @Test
  void accessLinesClassifyIntoThePlantedCounts() throws IOException {
    for (int d = 0; d < DAYS; d++) {
      LocalDate date = Runs.START.plusDays(d);
      long malformed = 0;
      long crawlers = 0;
      for (String line : lines(out.resolve("access/event_date=" + date))) {
        if (!COMBINED.matcher(line).matches()) {
          malformed++;
        } else if (CRAWLER.matcher(line).find()) {
          crawlers++;
        }
      }
      assertThat(malformed).isEqualTo(planted.get(date + "/malformed_access")).isPositive();
      assertThat(crawlers).isEqualTo(planted.get(date + "/crawler_access")).isPositive();
    }
  }

  @Test
  void visitsOfADeviceAreSeparatedByMoreThanTheSessionGap() throws IOException {
    Set<String> sessionTypes =
        Set.of("page_view", "article_read", "video_play", "ad_impression", "ad_click", "comment");
    Map<String, List<Long>> byDevice = new TreeMap<>();
    for (int d = 0; d < DAYS; d++) {
      LocalDate date = Runs.START.plusDays(d);
      Set<String> seen = new HashSet<>();
      for (String line : lines(out.resolve("events/event_date=" + date))) {
        if (classify(line, date, seen) == null) {
          JsonNode e = JSON.readTree(line);
          if (sessionTypes.contains(e.get("event_type").asText())) {
            byDevice
                .computeIfAbsent(e.get("device_id").asText(), k -> new ArrayList<>())
                .add(Instant.parse(e.get("ts").asText()).toEpochMilli());
          }
        }
        seen.add(line);
      }
    }
    long within = 0;
    for (List<Long> ts : byDevice.values()) {
      ts.sort(null);
      for (int i = 1; i < ts.size(); i++) {
        long gapMinutes = (ts.get(i) - ts.get(i - 1)) / 60_000;
        assertThat(gapMinutes)
            .satisfiesAnyOf(
                g -> assertThat(g).isLessThan(30), g -> assertThat(g).isGreaterThanOrEqualTo(45));
        within += gapMinutes < 30 ? 1 : 0;
      }
    }
    assertThat(within).isGreaterThan(1000);
  }

  /** The planted kind of a line, or null for a valid line (after checking its field types). */
  private static String classify(String line, LocalDate fileDate, Set<String> seen) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      return "malformed_json";
    }
    if (!hasDocumentedTypes(node)) {
      return "wrong_type";
    }
    if (!node.has("event_id") || !node.has("device_id")) {
      return "missing_id";
    }
    if (seen.contains(line)) {
      return "duplicate";
    }
    if (bots.contains(node.get("device_id").asText())) {
      return "bot_event";
    }
    Instant ts = Instant.parse(node.get("ts").asText());
    Instant fileStart = fileDate.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (ts.isAfter(fileStart.plusSeconds(2 * 86_400))) {
      return "future_clock";
    }
    if (ts.isBefore(fileStart)) {
      return "late";
    }
    assertThat(ts).isBefore(fileStart.plusSeconds(86_400));
    assertThat(EVENT_TYPES).contains(node.get("event_type").asText());
    return null;
  }

  private static boolean hasDocumentedTypes(JsonNode node) {
    var fields = node.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      boolean ok =
          STRING_FIELDS.contains(name)
              ? v.isTextual()
              : DOUBLE_FIELDS.contains(name)
                  ? v.isDouble()
                  : BOOLEAN_FIELDS.contains(name)
                      ? v.isBoolean()
                      : INT_FIELDS.contains(name) ? v.isInt() : false;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static long total(Map<String, Long> counts, String kind) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().endsWith("/" + kind))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static List<String> lines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".gz")).sorted().toList()) {
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    return lines;
  }
}
