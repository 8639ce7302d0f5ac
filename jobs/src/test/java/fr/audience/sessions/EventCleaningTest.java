package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import fr.audience.TestSpark;
import fr.audience.ingest.EventFields;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * What cleaning decides for each bronze event: kept (null), DUPLICATE, FUTURE_TIMESTAMP, TOO_LATE,
 * BOT_USER_AGENT or BOT_RATE. Numeric settings are fixed here so the boundaries below are worked
 * out from them; the user-agent pattern is the shipped one.
 */
class EventCleaningTest {
  static final int LATE_WINDOW_DAYS = 1;
  static final int MAX_CLOCK_SKEW_MINUTES = 60;
  static final int BOT_BURST_PAGES = 10;
  static final int BOT_BURST_SECONDS = 120;
  static final SessionizeSettings SETTINGS = settings();

  private static SessionizeSettings settings() {
    SessionizeSettings shipped =
        SessionizeSettings.from(TestSpark.config(Path.of("target", "unused-lakehouse")));
    return new SessionizeSettings(
        shipped.lakehouse(),
        30,
        LATE_WINDOW_DAYS,
        MAX_CLOCK_SKEW_MINUTES,
        BOT_BURST_PAGES,
        BOT_BURST_SECONDS,
        shipped.botUserAgentPattern(),
        0.05);
  }

  private static Dataset<Row> classified(List<BronzeEvents.Event> events) {
    return EventCleaning.withDisposition(bronze(events), SETTINGS);
  }

  /** event_id -> disposition ("kept" for null); only for inputs where each id occurs once. */
  private static Map<String, String> dispositions(BronzeEvents.Event... events) {
    Map<String, String> out = new HashMap<>();
    for (Row r : classified(List.of(events)).collectAsList()) {
      String d = r.getAs(SilverColumns.DISPOSITION);
      assertThat(out.put(r.getAs(EventFields.EVENT_ID), d == null ? "kept" : d)).isNull();
    }
    return out;
  }

  /** Page views of {@code device}, one every {@code spacingSeconds} from {@code start}. */
  private static List<BronzeEvents.Event> pageViews(
      String device, int count, int spacingSeconds, String start) {
    List<BronzeEvents.Event> views = new ArrayList<>();
    Instant t = Instant.parse(start);
    for (int i = 0; i < count; i++) {
      views.add(
          event(device + "-" + i)
              .device(device)
              .at(t.plusSeconds((long) i * spacingSeconds).toString()));
    }
    return views;
  }

  /** Each row's disposition ("kept" when none), by the given columns' values joined by spaces. */
  private static Map<String, String> byCopy(Dataset<Row> rows, String... key) {
    Map<String, String> byCopy = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      String d = r.getAs(SilverColumns.DISPOSITION);
      StringBuilder k = new StringBuilder();
      for (String c : key) {
        k.append(k.isEmpty() ? "" : " ").append((Object) r.getAs(c));
      }
      byCopy.put(k.toString(), d == null ? "kept" : d);
    }
    return byCopy;
  }

  @Test
  void keepsTheFirstCopyOfAnEventIdByDeliveryDateThenFileAndMarksTheOthersDuplicate() {
    Dataset<Row> rows =
        classified(
            List.of(
                event("retried")
                    .device("d1")
                    .at("2026-03-02T10:00:00Z")
                    .deliveredOn("2026-03-03")
                    .file("events-00.json.gz"),
                event("retried")
                    .device("d1")
                    .at("2026-03-02T10:00:00Z")
                    .deliveredOn("2026-03-02")
                    .file("events-01.json.gz"),
                event("twice").device("d1").at("2026-03-02T11:00:00Z").file("events-01.json.gz"),
                event("twice").device("d1").at("2026-03-02T11:00:00Z").file("events-00.json.gz"),
                event("thrice").device("d2").at("2026-03-02T12:00:00Z").file("events-02.json.gz"),
                event("thrice").device("d2").at("2026-03-02T12:00:00Z").file("events-00.json.gz"),
                event("thrice").device("d2").at("2026-03-02T12:00:00Z").file("events-01.json.gz"),
                event("single").device("d2").at("2026-03-02T12:01:00Z")));
    Map<String, String> byCopy =
        byCopy(rows, EventFields.EVENT_ID, SilverColumns.ARRIVAL_DATE, EventFields.SOURCE_FILE);

    assertThat(byCopy)
        .containsOnly(
            entry("retried 2026-03-02 events-01.json.gz", "kept"),
            entry("retried 2026-03-03 events-00.json.gz", "DUPLICATE"),
            entry("twice 2026-03-02 events-00.json.gz", "kept"),
            entry("twice 2026-03-02 events-01.json.gz", "DUPLICATE"),
            entry("thrice 2026-03-02 events-00.json.gz", "kept"),
            entry("thrice 2026-03-02 events-01.json.gz", "DUPLICATE"),
            entry("thrice 2026-03-02 events-02.json.gz", "DUPLICATE"),
            entry("single 2026-03-02 events-00.json.gz", "kept"));
  }

  @Test
  void anEventIdSpreadOverDevicesKeepsOnlyItsFirstCopyWhereverItIs() {
    Dataset<Row> rows =
        classified(
            List.of(
                event("spread").device("d3").at("2026-03-02T10:00:00Z").deliveredOn("2026-03-03"),
                event("spread").device("d2").at("2026-03-02T10:00:00Z").file("events-02.json.gz"),
                event("spread").device("d1").at("2026-03-02T10:00:05Z").file("events-02.json.gz"),
                event("spread").device("d1").at("2026-03-02T10:00:00Z").file("events-03.json.gz"),
                event("own").device("d1").at("2026-03-02T10:01:00Z"),
                event("own-too").device("d2").at("2026-03-02T10:01:00Z")));
    Map<String, String> byCopy =
        byCopy(
            rows,
            EventFields.EVENT_ID,
            EventFields.DEVICE_ID,
            SilverColumns.ARRIVAL_DATE,
            EventFields.SOURCE_FILE);

    // First copy: the earliest delivery, then file, then ts: d2's copy in events-02 at 10:00.
    assertThat(byCopy)
        .containsOnly(
            entry("spread d3 2026-03-03 events-00.json.gz", "DUPLICATE"),
            entry("spread d2 2026-03-02 events-02.json.gz", "kept"),
            entry("spread d1 2026-03-02 events-02.json.gz", "DUPLICATE"),
            entry("spread d1 2026-03-02 events-03.json.gz", "DUPLICATE"),
            entry("own d1 2026-03-02 events-00.json.gz", "kept"),
            entry("own-too d2 2026-03-02 events-00.json.gz", "kept"));
  }

  @Test
  void rejectsAClockMoreThanTheSkewPastTheEndOfItsDeliveryDay() {
    // Delivered 2026-03-02: that day ends at 03-03T00:00Z, plus 60 minutes of skew -> 01:00:00Z.
    Map<String, String> d =
        dispositions(
            event("start-of-day").at("2026-03-02T00:00:00Z").deliveredOn("2026-03-02"),
            event("just-after-midnight").at("2026-03-03T00:30:00Z").deliveredOn("2026-03-02"),
            event("at-the-limit").at("2026-03-03T01:00:00Z").deliveredOn("2026-03-02"),
            event("one-second-over").at("2026-03-03T01:00:01Z").deliveredOn("2026-03-02"),
            event("next-year").at("2027-01-01T00:00:00Z").deliveredOn("2026-03-02"));

    assertThat(d)
        .containsOnly(
            entry("start-of-day", "kept"),
            entry("just-after-midnight", "kept"),
            entry("at-the-limit", "kept"),
            entry("one-second-over", "FUTURE_TIMESTAMP"),
            entry("next-year", "FUTURE_TIMESTAMP"));
  }

  @Test
  void rejectsEventsDeliveredMoreThanTheLateWindowAfterTheirDate() {
    // Window of 1 day: delivered 03-04, an event may be dated 03-03 at the earliest.
    Map<String, String> d =
        dispositions(
            event("same-day").at("2026-03-04T08:00:00Z").deliveredOn("2026-03-04"),
            event("one-day-late").at("2026-03-03T00:00:00Z").deliveredOn("2026-03-04"),
            event("just-too-late").at("2026-03-02T23:59:59Z").deliveredOn("2026-03-04"),
            event("week-old").at("2026-02-25T12:00:00Z").deliveredOn("2026-03-04"));

    assertThat(d)
        .containsOnly(
            entry("same-day", "kept"),
            entry("one-day-late", "kept"),
            entry("just-too-late", "TOO_LATE"),
            entry("week-old", "TOO_LATE"));
  }

  @Test
  void rejectsCrawlersAndScriptsByUserAgentWhateverTheCase() {
    Map<String, String> d =
        dispositions(
            event("googlebot")
                .device("g")
                .at("2026-03-02T10:00:00Z")
                .agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
            event("requests")
                .device("p")
                .at("2026-03-02T10:00:00Z")
                .agent("python-requests/2.31.0"),
            event("headless")
                .device("h")
                .at("2026-03-02T10:00:00Z")
                .agent("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.0.0 Safari/537.36"),
            event("curl").device("c").at("2026-03-02T10:00:00Z").agent("CURL/8.4.0"),
            event("browser").device("b").at("2026-03-02T10:00:00Z"),
            event("no-agent").device("n").at("2026-03-02T10:00:00Z").agent(null));

    assertThat(d)
        .containsOnly(
            entry("googlebot", "BOT_USER_AGENT"),
            entry("requests", "BOT_USER_AGENT"),
            entry("headless", "BOT_USER_AGENT"),
            entry("curl", "BOT_USER_AGENT"),
            entry("browser", "kept"),
            entry("no-agent", "kept"));
  }

  @Test
  void aDeviceAboveTheBurstRateIsABotForThatWholeDayOnly() {
    List<BronzeEvents.Event> events = new ArrayList<>();
    // 11 page views 12 s apart: the window ending at +120 s holds all 11 (> 10).
    events.addAll(pageViews("script", 11, 12, "2026-03-02T10:00:00Z"));
    events.add(
        event("script-read").device("script").type("article_read").at("2026-03-02T16:00:00Z"));
    events.add(event("script-next-day").device("script").at("2026-03-03T10:00:00Z"));
    // 11 page views 13 s apart span 130 s: no 120 s window holds more than 10.
    events.addAll(pageViews("reader", 11, 13, "2026-03-02T10:00:00Z"));
    // Exactly 10 page views at the same instant is the limit, not above it.
    events.addAll(pageViews("fast", 10, 0, "2026-03-02T10:00:00Z"));
    Map<String, String> d = new HashMap<>();
    for (Row r : classified(events).collectAsList()) {
      String disposition = r.getAs(SilverColumns.DISPOSITION);
      d.put(r.getAs(EventFields.EVENT_ID), disposition == null ? "kept" : disposition);
    }

    for (int i = 0; i < 11; i++) {
      assertThat(d.get("script-" + i)).as("script-" + i).isEqualTo("BOT_RATE");
      assertThat(d.get("reader-" + i)).as("reader-" + i).isEqualTo("kept");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(d.get("fast-" + i)).as("fast-" + i).isEqualTo("kept");
    }
    assertThat(d.get("script-read")).isEqualTo("BOT_RATE");
    assertThat(d.get("script-next-day")).isEqualTo("kept");
    assertThat(d).hasSize(11 + 2 + 11 + 10);
  }

  @Test
  void onlyFirstCopiesOfPageViewsCountTowardsTheBurstRate() {
    List<BronzeEvents.Event> events =
        new ArrayList<>(pageViews("d1", 10, 5, "2026-03-02T10:00:00Z"));
    // A retried delivery of one page view, and other event types, within the same 2 minutes.
    events.add(event("d1-3").device("d1").at("2026-03-02T10:00:15Z").file("events-01.json.gz"));
    for (int i = 0; i < 5; i++) {
      events.add(
          event("read-" + i).device("d1").type("article_read").at("2026-03-02T10:00:5" + i + "Z"));
    }
    List<String> dispositions =
        classified(events).collectAsList().stream()
            .map(r -> r.<String>getAs(SilverColumns.DISPOSITION))
            .map(x -> x == null ? "kept" : x)
            .toList();

    assertThat(dispositions).hasSize(16);
    assertThat(dispositions).filteredOn("kept"::equals).hasSize(15);
    assertThat(dispositions).filteredOn("DUPLICATE"::equals).hasSize(1);
  }

  @Test
  void aRecordGetsTheFirstReasonThatApplies() {
    // Order: duplicate, future, too late, bot user agent, bot rate.
    String crawler = "Mozilla/5.0 (compatible; bingbot/2.0)";
    List<BronzeEvents.Event> events =
        new ArrayList<>(
            List.of(
                event("copy-of-future")
                    .device("c")
                    .agent(crawler)
                    .at("2027-01-01T00:00:00Z")
                    .deliveredOn("2026-03-02")
                    .file("events-00.json.gz"),
                event("copy-of-future")
                    .device("c")
                    .agent(crawler)
                    .at("2027-01-01T00:00:00Z")
                    .deliveredOn("2026-03-02")
                    .file("events-01.json.gz"),
                event("late-crawler")
                    .device("c")
                    .agent(crawler)
                    .at("2026-02-20T10:00:00Z")
                    .deliveredOn("2026-03-02"),
                event("fast-crawler").device("c").agent(crawler).at("2026-03-02T10:00:00Z")));
    pageViews("c", 11, 1, "2026-03-02T10:00:01Z").forEach(e -> events.add(e.agent(crawler)));
    Map<String, List<String>> d = new HashMap<>();
    for (Row r : classified(events).collectAsList()) {
      String disposition = r.getAs(SilverColumns.DISPOSITION);
      d.computeIfAbsent(r.getAs(EventFields.EVENT_ID), k -> new ArrayList<>()).add(disposition);
    }

    assertThat(d.get("copy-of-future")).containsExactlyInAnyOrder("FUTURE_TIMESTAMP", "DUPLICATE");
    assertThat(d.get("late-crawler")).containsExactly("TOO_LATE");
    assertThat(d.get("fast-crawler")).containsExactly("BOT_USER_AGENT");
  }

  @Test
  void renamesTheDeliveryDateAndAddsTheTrueDateOfTheEventInUtc() {
    Row r =
        classified(List.of(event("e").at("2026-03-02T23:30:00Z").deliveredOn("2026-03-03")))
            .first();

    assertThat(List.of(r.schema().fieldNames())).doesNotContain(EventFields.EVENT_DATE);
    assertThat(r.<Date>getAs(SilverColumns.ARRIVAL_DATE)).isEqualTo(Date.valueOf("2026-03-03"));
    assertThat(r.<Date>getAs(EventCleaning.TRUE_DATE)).isEqualTo(Date.valueOf("2026-03-02"));
    assertThat(r.<String>getAs(SilverColumns.DISPOSITION)).isNull();
  }

  @Test
  void explainsEachQuarantineReasonInOneLine() {
    Map<String, String> details = new HashMap<>();
    Dataset<Row> rows =
        classified(
            List.of(
                event("dup").at("2026-03-02T10:00:00Z").file("events-00.json.gz"),
                event("dup").at("2026-03-02T10:00:00Z").file("events-01.json.gz"),
                event("future").at("2027-01-01T00:00:00Z").deliveredOn("2026-03-02"),
                event("late").at("2026-02-01T00:00:00Z").deliveredOn("2026-03-02"),
                event("agent").device("bot").at("2026-03-02T10:00:00Z").agent("Wget/1.21")));
    for (Row r : rows.withColumn("detail", EventCleaning.detail(SETTINGS)).collectAsList()) {
      String d = r.getAs(SilverColumns.DISPOSITION);
      details.put(d == null ? "kept" : d, r.getAs("detail"));
    }

    assertThat(details)
        .containsOnly(
            entry("kept", null),
            entry("DUPLICATE", null),
            entry("FUTURE_TIMESTAMP", "ts more than 60 minutes after the end of its delivery day"),
            entry(
                "TOO_LATE",
                "delivered more than 1 day(s) after it happened; raise audience.sessionize.late-window-days to keep such events"),
            entry("BOT_USER_AGENT", "user agent of a crawler or automated client"));
    Row rate =
        classified(pageViews("script", 11, 1, "2026-03-02T10:00:00Z"))
            .select(EventCleaning.detail(SETTINGS))
            .first();
    assertThat(rate.getString(0)).isEqualTo("device above 10 page views within 120 seconds");
  }
}
