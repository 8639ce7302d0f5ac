package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static fr.audience.sessions.BronzeEvents.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.ingest.EventFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Session ids: the 30-minute inactivity rule per device, midnight, server-side events, stable ids.
 */
class SessionizationTest {
  static final int INACTIVITY = 30;

  private static Map<String, Row> byEventId(Dataset<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    rows.collectAsList().forEach(r -> out.put(r.getAs(EventFields.EVENT_ID), r));
    return out;
  }

  private static Map<String, Row> sessionized(BronzeEvents.Event... events) {
    return byEventId(Sessionization.withSessionId(bronze(events), INACTIVITY));
  }

  private static String sessionOf(Map<String, Row> rows, String eventId) {
    return rows.get(eventId).getAs(SilverColumns.SESSION_ID);
  }

  /**
   * The documented id: first 24 hex digits of SHA-256("device|yyyy-MM-dd HH:mm:ss"), start in UTC.
   */
  private static String expectedId(String device, String start) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((device + "|" + start).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aGapOfExactlyThirtyMinutesStaysInTheSessionAndOneSecondMoreStartsANewOne() {
    Map<String, Row> rows =
        sessionized(
            event("a").device("d1").at("2026-03-02T10:00:00Z"),
            event("b").device("d1").at("2026-03-02T10:30:00Z"),
            event("c").device("d1").at("2026-03-02T11:00:01Z"));

    assertThat(sessionOf(rows, "b")).isEqualTo(sessionOf(rows, "a"));
    assertThat(sessionOf(rows, "c")).isNotEqualTo(sessionOf(rows, "a"));
    assertThat(rows.get("b").<Timestamp>getAs(SilverColumns.SESSION_START))
        .isEqualTo(ts("2026-03-02T10:00:00Z"));
    assertThat(rows.get("c").<Timestamp>getAs(SilverColumns.SESSION_START))
        .isEqualTo(ts("2026-03-02T11:00:01Z"));
  }

  @Test
  void theGapIsMeasuredFromThePreviousEventNotFromTheSessionStart() {
    // Four events 20 minutes apart: 60 minutes from first to last, never 30 minutes idle.
    Map<String, Row> rows =
        sessionized(
            event("a").device("d1").at("2026-03-02T10:00:00Z"),
            event("b").device("d1").at("2026-03-02T10:20:00Z"),
            event("c").device("d1").at("2026-03-02T10:40:00Z"),
            event("d").device("d1").at("2026-03-02T11:00:00Z"));

    assertThat(List.of("b", "c", "d"))
        .allSatisfy(id -> assertThat(sessionOf(rows, id)).isEqualTo(sessionOf(rows, "a")));
  }

  @Test
  void sessionsArePerDeviceEvenWhenAnotherDeviceIsActiveInBetween() {
    Map<String, Row> rows =
        sessionized(
            event("a1").device("d1").at("2026-03-02T10:00:00Z"),
            event("b1").device("d2").at("2026-03-02T10:00:00Z"),
            event("b2").device("d2").at("2026-03-02T10:20:00Z"),
            event("a2").device("d1").at("2026-03-02T10:40:00Z"));

    assertThat(sessionOf(rows, "a1")).isNotEqualTo(sessionOf(rows, "b1"));
    assertThat(sessionOf(rows, "b2")).isEqualTo(sessionOf(rows, "b1"));
    // d2's event at 10:20 does not keep d1's visit alive: d1 was idle 40 minutes.
    assertThat(sessionOf(rows, "a2")).isNotEqualTo(sessionOf(rows, "a1"));
    assertThat(sessionOf(rows, "a1")).isEqualTo(expectedId("d1", "2026-03-02 10:00:00"));
    assertThat(sessionOf(rows, "b1")).isEqualTo(expectedId("d2", "2026-03-02 10:00:00"));
  }

  @Test
  void aSessionCrossingMidnightKeepsItsStartAndIsDatedByIt() {
    Dataset<Row> events =
        Sessionization.withSessionId(
                bronze(
                    event("a")
                        .device("d1")
                        .at("2026-03-02T23:50:00Z")
                        .set(EventFields.SECTION, "sport"),
                    event("b")
                        .device("d1")
                        .at("2026-03-03T00:10:00Z")
                        .set(EventFields.SECTION, "culture"),
                    event("c")
                        .device("d1")
                        .at("2026-03-03T00:35:00Z")
                        .set(EventFields.SECTION, "culture")),
                INACTIVITY)
            .withColumn(SilverColumns.REFERRER_CLASS, lit("direct"));
    Map<String, Row> rows = byEventId(events);

    String id = expectedId("d1", "2026-03-02 23:50:00");
    assertThat(List.of("a", "b", "c"))
        .allSatisfy(e -> assertThat(sessionOf(rows, e)).isEqualTo(id));
    List<Row> sessions = Sessionization.sessions(events).collectAsList();
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).<Date>getAs(SilverColumns.SESSION_DATE))
        .isEqualTo(Date.valueOf("2026-03-02"));
    assertThat(sessions.get(0).<Double>getAs("duration_seconds")).isEqualTo(45 * 60.0);
  }

  @Test
  void idsAreAHashOfDeviceAndStartWhateverTheRowOrderOrOtherDevices() {
    List<BronzeEvents.Event> events =
        new ArrayList<>(
            List.of(
                event("a").device("d1").at("2026-03-02T08:15:30Z"),
                event("b").device("d1").at("2026-03-02T08:20:00Z"),
                event("c").device("d1").at("2026-03-02T09:00:00Z")));
    Map<String, Row> alone = byEventId(Sessionization.withSessionId(bronze(events), INACTIVITY));

    Collections.reverse(events);
    events.add(event("x").device("d2").at("2026-03-02T08:10:00Z"));
    events.add(event("y").device("d2").at("2026-03-02T08:50:00Z"));
    Map<String, Row> mixed = byEventId(Sessionization.withSessionId(bronze(events), INACTIVITY));

    assertThat(sessionOf(alone, "a")).isEqualTo(expectedId("d1", "2026-03-02 08:15:30"));
    assertThat(sessionOf(alone, "b")).isEqualTo(expectedId("d1", "2026-03-02 08:15:30"));
    assertThat(sessionOf(alone, "c")).isEqualTo(expectedId("d1", "2026-03-02 09:00:00"));
    for (String id : List.of("a", "b", "c")) {
      assertThat(sessionOf(mixed, id)).as(id).isEqualTo(sessionOf(alone, id));
    }
  }

  @Test
  void serverSideEventsGetNoSessionAndDoNotKeepAVisitAlive() {
    Map<String, Row> rows =
        sessionized(
            event("a").device("d1").at("2026-03-02T10:00:00Z"),
            event("push").device("d1").type("push_sent").at("2026-03-02T10:20:00Z"),
            event("nl").device("d1").type("newsletter_send").at("2026-03-02T10:25:00Z"),
            event("b").device("d1").at("2026-03-02T10:45:00Z"),
            event("open").device("d1").type("push_open").at("2026-03-02T11:10:00Z"));

    assertThat(rows).hasSize(5);
    assertThat(sessionOf(rows, "push")).isNull();
    assertThat(rows.get("nl").<Object>getAs(SilverColumns.SESSION_START)).isNull();
    assertThat(sessionOf(rows, "b")).isEqualTo(expectedId("d1", "2026-03-02 10:45:00"));
    // A push opened 25 minutes later is the reader's own visit, part of the one that started at
    // 10:45.
    assertThat(sessionOf(rows, "open")).isEqualTo(sessionOf(rows, "b"));
  }

  @Test
  void eventsAtTheSameInstantShareTheirSession() {
    Map<String, Row> rows =
        sessionized(
            event("b").device("d1").at("2026-03-02T10:00:00Z").type("article_read"),
            event("a").device("d1").at("2026-03-02T10:00:00Z"));

    assertThat(sessionOf(rows, "a"))
        .isEqualTo(sessionOf(rows, "b"))
        .isEqualTo(expectedId("d1", "2026-03-02 10:00:00"));
  }

  @Test
  void sessionsSumUpTheirEventsFromTheFirstEventsReferrerAndEntryPage() {
    Dataset<Row> events =
        Sessionization.withSessionId(
                bronze(
                    event("a")
                        .device("d1")
                        .at("2026-03-02T10:00:00Z")
                        .set(EventFields.REFERRER, "https://www.google.fr/")
                        .set(EventFields.SECTION, "politique")
                        .set(EventFields.DWELL_SECONDS, 40.0),
                    event("b")
                        .device("d1")
                        .at("2026-03-02T10:05:00Z")
                        .type("video_play")
                        .user("u1")
                        .set(EventFields.SECTION, "sport")
                        .set(EventFields.VIDEO_SECONDS, 90.0),
                    event("c")
                        .device("d1")
                        .at("2026-03-02T10:10:00Z")
                        .user("u1")
                        .set(EventFields.REFERRER, "https://www.facebook.com/")
                        .set(EventFields.SECTION, "culture")
                        .set(EventFields.DWELL_SECONDS, 20.0),
                    event("z")
                        .device("d1")
                        .at("2026-03-02T09:00:00Z")
                        .set(EventFields.SECTION, "planete")),
                INACTIVITY)
            .withColumn(
                SilverColumns.REFERRER_CLASS,
                Sessionization.referrerClass(
                    col(EventFields.REFERRER),
                    col(EventFields.UTM_CAMPAIGN),
                    col(EventFields.UTM_MEDIUM)));
    Map<String, Row> sessions = new HashMap<>();
    Sessionization.sessions(events)
        .collectAsList()
        .forEach(r -> sessions.put(r.getAs(SilverColumns.SESSION_ID), r));

    assertThat(sessions).hasSize(2);
    Row visit = sessions.get(expectedId("d1", "2026-03-02 10:00:00"));
    assertThat(visit.<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(visit.<Long>getAs("events")).isEqualTo(3L);
    assertThat(visit.<Long>getAs("page_views")).isEqualTo(2L);
    assertThat(visit.<Double>getAs("engaged_seconds")).isEqualTo(150.0);
    assertThat(visit.<Double>getAs("duration_seconds")).isEqualTo(600.0);
    assertThat(visit.<String>getAs("entry_section")).isEqualTo("politique");
    assertThat(visit.<String>getAs(SilverColumns.REFERRER_CLASS)).isEqualTo("search");
    assertThat(visit.<String>getAs(EventFields.DEVICE)).isEqualTo("mobile");
    Row earlier = sessions.get(expectedId("d1", "2026-03-02 09:00:00"));
    assertThat(earlier.<Long>getAs("events")).isEqualTo(1L);
    assertThat(earlier.<Double>getAs("engaged_seconds")).isEqualTo(0.0);
    assertThat(earlier.<String>getAs(SilverColumns.REFERRER_CLASS)).isEqualTo("direct");
    assertThat(earlier.<String>getAs(EventFields.USER_ID)).isNull();
  }

  @Test
  void aMissingColumnIsNamedUpFront() {
    assertThatThrownBy(
            () -> Sessionization.withSessionId(bronze().drop(EventFields.DEVICE_ID), INACTIVITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Expected column device_id among");
  }
}
