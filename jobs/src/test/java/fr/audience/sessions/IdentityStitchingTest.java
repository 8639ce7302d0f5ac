package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static fr.audience.sessions.BronzeEvents.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** A device's anonymous events count for the first account that logged in on it. */
class IdentityStitchingTest {
  static final int LATE_WINDOW_DAYS = 1;

  /** Clean events as stitching sees them: bronze columns plus the true date of each event. */
  private static Dataset<Row> events(BronzeEvents.Event... events) {
    return bronze(events).withColumn(EventCleaning.TRUE_DATE, to_date(col(EventFields.TS)));
  }

  private static Map<String, Row> byKey(Dataset<Row> rows, String key) {
    Map<String, Row> out = new HashMap<>();
    rows.collectAsList().forEach(r -> assertThat(out.put(r.getAs(key), r)).isNull());
    return out;
  }

  private static Map<String, Row> stitched(Dataset<Row> events, Dataset<Row> identityMap) {
    return byKey(
        IdentityStitching.withStitchedUser(events, identityMap, LATE_WINDOW_DAYS),
        EventFields.EVENT_ID);
  }

  @Test
  void theMapHoldsTheEarliestAccountOfEachDeviceSeenLoggedIn() {
    Map<String, Row> map =
        byKey(
            IdentityStitching.firstLoginByDevice(
                events(
                    event("d1-u2").device("d1").user("u2").at("2026-03-02T12:00:00Z"),
                    event("d1-anon").device("d1").at("2026-03-02T09:00:00Z"),
                    event("d1-u1").device("d1").user("u1").at("2026-03-02T10:00:00Z"),
                    event("d1-u1-again").device("d1").user("u1").at("2026-03-02T13:00:00Z"),
                    event("d2-u3").device("d2").user("u3").at("2026-03-03T00:15:00Z"),
                    event("d2-u4").device("d2").user("u4").at("2026-03-02T23:45:00Z"),
                    event("d3-anon").device("d3").at("2026-03-02T09:00:00Z"))),
            EventFields.DEVICE_ID);

    assertThat(map.keySet()).containsExactlyInAnyOrder("d1", "d2");
    assertThat(map.get("d1").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(map.get("d1").<Timestamp>getAs(IdentityStitching.FIRST_LOGIN_TS))
        .isEqualTo(ts("2026-03-02T10:00:00Z"));
    assertThat(map.get("d1").<Date>getAs(IdentityStitching.FIRST_LOGIN_DATE))
        .isEqualTo(Date.valueOf("2026-03-02"));
    assertThat(map.get("d2").<String>getAs(EventFields.USER_ID)).isEqualTo("u4");
    assertThat(map.get("d2").<Date>getAs(IdentityStitching.FIRST_LOGIN_DATE))
        .isEqualTo(Date.valueOf("2026-03-02"));
    assertThat(List.of(IdentityStitching.firstLoginByDevice(events()).columns()))
        .containsExactlyElementsOf(SilverTables.IDENTITY_MAP.columnNames());
  }

  @Test
  void anonymousEventsBeforeAndAfterALoginTakeTheDevicesFirstAccount() {
    Dataset<Row> events =
        events(
            event("before").device("d1").at("2026-03-02T09:00:00Z"),
            event("login").device("d1").user("u1").at("2026-03-02T10:00:00Z"),
            event("after").device("d1").at("2026-03-02T11:00:00Z"),
            event("stranger").device("d9").at("2026-03-02T11:00:00Z"));
    Map<String, Row> rows = stitched(events, IdentityStitching.firstLoginByDevice(events));

    assertThat(rows).hasSize(4);
    assertThat(rows.get("before").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(rows.get("before").<String>getAs(SilverColumns.LOGIN_USER_ID)).isNull();
    assertThat(rows.get("login").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(rows.get("login").<String>getAs(SilverColumns.LOGIN_USER_ID)).isEqualTo("u1");
    assertThat(rows.get("after").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(rows.get("stranger").<String>getAs(EventFields.USER_ID)).isNull();
  }

  @Test
  void aSharedDeviceGivesItsAnonymousEventsToTheFirstAccountAndKeepsEachLogin() {
    Dataset<Row> events =
        events(
            event("anon-early").device("family").at("2026-03-02T07:00:00Z"),
            event("parent").device("family").user("parent").at("2026-03-02T08:00:00Z"),
            event("child").device("family").user("child").at("2026-03-02T18:00:00Z"),
            event("anon-late").device("family").at("2026-03-02T18:30:00Z"));
    Map<String, Row> rows = stitched(events, IdentityStitching.firstLoginByDevice(events));

    assertThat(rows.get("anon-early").<String>getAs(EventFields.USER_ID)).isEqualTo("parent");
    assertThat(rows.get("parent").<String>getAs(EventFields.USER_ID)).isEqualTo("parent");
    assertThat(rows.get("child").<String>getAs(EventFields.USER_ID)).isEqualTo("child");
    assertThat(rows.get("child").<String>getAs(SilverColumns.LOGIN_USER_ID)).isEqualTo("child");
    // Even right after the second account was used, an anonymous event stays with the first one.
    assertThat(rows.get("anon-late").<String>getAs(EventFields.USER_ID)).isEqualTo("parent");
  }

  @Test
  void aLoginCountsForEventsAtMostTheLateWindowBeforeIt() {
    // Logged in on 03-05; with a 1-day window, events dated 03-04 are stitched, 03-03 not.
    Dataset<Row> events =
        events(
            event("three-days-before").device("d1").at("2026-03-02T12:00:00Z"),
            event("two-days-before").device("d1").at("2026-03-03T23:59:59Z"),
            event("day-before").device("d1").at("2026-03-04T00:00:00Z"),
            event("login").device("d1").user("u1").at("2026-03-05T20:00:00Z"));
    Map<String, Row> rows = stitched(events, IdentityStitching.firstLoginByDevice(events));

    assertThat(rows.get("three-days-before").<String>getAs(EventFields.USER_ID)).isNull();
    assertThat(rows.get("two-days-before").<String>getAs(EventFields.USER_ID)).isNull();
    assertThat(rows.get("day-before").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(rows.get("login").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
  }

  @Test
  void aMappingFromAnEarlierRunStitchesDevicesNotLoggedInToday() {
    Dataset<Row> known =
        TestSpark.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "d1", "u1", ts("2026-02-10T09:00:00Z"), Date.valueOf("2026-02-10"))),
                SilverTables.IDENTITY_MAP.schema());
    Dataset<Row> events =
        events(
            event("anon").device("d1").at("2026-03-02T09:00:00Z"),
            event("other-account").device("d1").user("u7").at("2026-03-02T10:00:00Z"));
    Map<String, Row> rows = stitched(events, known);

    assertThat(rows.get("anon").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
    assertThat(rows.get("other-account").<String>getAs(EventFields.USER_ID)).isEqualTo("u7");
  }

  @Test
  void stitchedSessionsAreTheSessionsOfTheStitchedEvents() {
    // Known before this run: d1 logged in as u5 on 03-04, d2 as u2 on 02-10; d3 never. A login
    // counts for events dated at most one day (the late window) before it.
    Dataset<Row> known =
        TestSpark.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "d1", "u5", ts("2026-03-04T09:00:00Z"), Date.valueOf("2026-03-04")),
                    RowFactory.create(
                        "d2", "u2", ts("2026-02-10T09:00:00Z"), Date.valueOf("2026-02-10"))),
                SilverTables.IDENTITY_MAP.schema());
    Dataset<Row> events =
        Sessionization.withSessionId(
                events(
                    // d1, 03-02: anonymous only, two days before the login: nobody.
                    event("a1").device("d1").at("2026-03-02T09:00:00Z"),
                    event("a2").device("d1").at("2026-03-02T09:10:00Z"),
                    // d1, 03-04: an account and an anonymous event on the day of the login.
                    event("b1").device("d1").user("u1").at("2026-03-04T09:00:00Z"),
                    event("b2").device("d1").at("2026-03-04T09:05:00Z"),
                    // d1, later on 03-04: logged in only, the mapped account does not apply.
                    event("c1").device("d1").user("u0").at("2026-03-04T12:00:00Z"),
                    // d1, a visit from 03-02 late into 03-03: only its last event is in time.
                    event("e1").device("d1").at("2026-03-02T23:50:00Z"),
                    event("e2").device("d1").at("2026-03-03T00:10:00Z"),
                    // d2: anonymous, then an account smaller and one larger than the mapped one.
                    event("f1").device("d2").at("2026-03-02T09:00:00Z"),
                    event("g1").device("d2").user("u1").at("2026-03-02T12:00:00Z"),
                    event("g2").device("d2").at("2026-03-02T12:05:00Z"),
                    event("h1").device("d2").user("u3").at("2026-03-02T15:00:00Z"),
                    event("h2").device("d2").at("2026-03-02T15:05:00Z"),
                    // d3: never mapped.
                    event("i1").device("d3").at("2026-03-02T09:00:00Z")),
                30)
            .withColumn(SilverColumns.REFERRER_CLASS, lit("direct"));

    Dataset<Row> expected =
        Sessionization.sessions(
            IdentityStitching.withStitchedUser(events, known, LATE_WINDOW_DAYS));
    Dataset<Row> actual = IdentityStitching.stitchedSessions(events, known, LATE_WINDOW_DAYS);

    assertThat(actual.columns()).containsExactly(expected.columns());
    SessionizeEquivalenceTest.assertSameRows("stitched sessions", expected, actual);
    Map<String, String> userByFirstEvent = new HashMap<>();
    for (Row r :
        actual
            .join(
                events.select(SilverColumns.SESSION_ID, EventFields.EVENT_ID, EventFields.TS),
                SilverColumns.SESSION_ID)
            .filter(col(EventFields.TS).equalTo(col(SilverColumns.SESSION_START)))
            .collectAsList()) {
      userByFirstEvent.put(r.getAs(EventFields.EVENT_ID), r.getAs(EventFields.USER_ID));
    }
    Map<String, String> byHand = new HashMap<>();
    byHand.put("a1", null);
    byHand.put("b1", "u5");
    byHand.put("c1", "u0");
    byHand.put("e1", "u5");
    byHand.put("f1", "u2");
    byHand.put("g1", "u2");
    byHand.put("h1", "u3");
    byHand.put("i1", null);
    assertThat(userByFirstEvent).isEqualTo(byHand);
  }
}
