package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static fr.audience.sessions.BronzeEvents.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Per user and day counts, from silver events carrying a stitched user and a session. */
class UserDailyTest {

  /**
   * Silver-like events: bronze columns, event_date as the true date, the session of each event
   * given by hand.
   */
  private static Map<String, Row> byUserAndDate(
      Map<String, String> sessionOfEvent, BronzeEvents.Event... events) {
    Column session = lit(null).cast("string");
    for (Map.Entry<String, String> e : sessionOfEvent.entrySet()) {
      session =
          when(col(EventFields.EVENT_ID).equalTo(e.getKey()), lit(e.getValue())).otherwise(session);
    }
    Map<String, Row> out = new HashMap<>();
    UserDaily.userDaily(bronze(events).withColumn(SilverColumns.SESSION_ID, session))
        .collectAsList()
        .forEach(
            r -> out.put(r.getAs(EventFields.USER_ID) + " " + r.getAs(EventFields.EVENT_DATE), r));
    return out;
  }

  private static Map<String, Long> counts(Row r, String column) {
    return r.getJavaMap(r.fieldIndex(column));
  }

  @Test
  void countsAUsersDayByTypeSessionSectionDeviceAndDaypart() {
    Map<String, Row> days =
        byUserAndDate(
            Map.of(
                "pv1",
                "s1",
                "pv2",
                "s1",
                "pv3",
                "s2",
                "read1",
                "s2",
                "read2",
                "s2",
                "buy",
                "s2",
                "anon",
                "s9",
                "next-day",
                "s3"),
            event("pv1")
                .user("u1")
                .at("2026-03-02T05:59:59Z")
                .set(EventFields.SECTION, "sport")
                .set(EventFields.DWELL_SECONDS, 30.0),
            event("pv2")
                .user("u1")
                .at("2026-03-02T06:00:00Z")
                .set(EventFields.SECTION, "sport")
                .set(EventFields.DWELL_SECONDS, 10.0),
            event("pv3")
                .user("u1")
                .at("2026-03-02T18:00:00Z")
                .set(EventFields.SECTION, "culture")
                .set(EventFields.DEVICE, "desktop"),
            event("read1")
                .user("u1")
                .type("article_read")
                .at("2026-03-02T18:01:00Z")
                .set(EventFields.SCROLL_DEPTH, 0.4)
                .set(EventFields.DEVICE, "desktop"),
            event("read2")
                .user("u1")
                .type("article_read")
                .at("2026-03-02T18:02:00Z")
                .set(EventFields.SCROLL_DEPTH, 0.8)
                .set(EventFields.DEVICE, "desktop"),
            event("buy")
                .user("u1")
                .type("purchase")
                .at("2026-03-02T18:03:00Z")
                .set(EventFields.AMOUNT_EUR, 7.5)
                .set(EventFields.DEVICE, "desktop"),
            event("renew")
                .user("u1")
                .type("subscription_renew")
                .at("2026-03-02T03:00:00Z")
                .set(EventFields.PRICE_EUR, 9.99)
                .set(EventFields.DEVICE, null),
            event("anon").at("2026-03-02T12:00:00Z").set(EventFields.SECTION, "sport"),
            event("next-day")
                .user("u1")
                .at("2026-03-03T12:00:00Z")
                .set(EventFields.SECTION, "planete"));

    assertThat(days.keySet()).containsExactlyInAnyOrder("u1 2026-03-02", "u1 2026-03-03");
    Row d = days.get("u1 2026-03-02");
    assertThat(d.<Long>getAs("events")).isEqualTo(7L);
    // The renewal is server side: no session, so two distinct sessions.
    assertThat(d.<Long>getAs("sessions")).isEqualTo(2L);
    assertThat(d.<Long>getAs("page_views")).isEqualTo(3L);
    assertThat(d.<Long>getAs("article_reads")).isEqualTo(2L);
    assertThat(d.<Long>getAs("purchases")).isEqualTo(1L);
    assertThat(d.<Long>getAs("subscription_renewals")).isEqualTo(1L);
    assertThat(d.<Long>getAs("subscription_starts")).isEqualTo(0L);
    assertThat(d.<Double>getAs("engaged_seconds")).isEqualTo(40.0);
    assertThat(d.<Double>getAs("avg_scroll_depth")).isCloseTo(0.6, offset(1e-12));
    assertThat(d.<Double>getAs("purchase_amount_eur")).isEqualTo(7.5);
    assertThat(d.<Double>getAs("subscription_revenue_eur")).isEqualTo(9.99);
    assertThat(d.<Timestamp>getAs("first_ts")).isEqualTo(ts("2026-03-02T03:00:00Z"));
    assertThat(d.<Timestamp>getAs("last_ts")).isEqualTo(ts("2026-03-02T18:03:00Z"));
    assertThat(counts(d, UserDaily.SECTION_PAGE_VIEWS))
        .containsOnly(Map.entry("sport", 2L), Map.entry("culture", 1L));
    assertThat(counts(d, UserDaily.DEVICE_EVENTS))
        .containsOnly(Map.entry("mobile", 2L), Map.entry("desktop", 4L));
    assertThat(counts(d, UserDaily.DAYPART_PAGE_VIEWS))
        .containsOnly(Map.entry("nuit", 1L), Map.entry("matin", 1L), Map.entry("soir", 1L));
    assertThat(days.get("u1 2026-03-03").<Date>getAs(EventFields.EVENT_DATE))
        .isEqualTo(Date.valueOf("2026-03-03"));
  }

  @Test
  void daypartsChangeAtSixTenFourteenAndEighteenUtc() {
    Dataset<Row> hours =
        bronze(
            event("a").at("2026-03-02T00:00:00Z"), event("b").at("2026-03-02T05:59:59Z"),
            event("c").at("2026-03-02T06:00:00Z"), event("d").at("2026-03-02T09:59:59Z"),
            event("e").at("2026-03-02T10:00:00Z"), event("f").at("2026-03-02T13:59:59Z"),
            event("g").at("2026-03-02T14:00:00Z"), event("h").at("2026-03-02T17:59:59Z"),
            event("i").at("2026-03-02T18:00:00Z"), event("j").at("2026-03-02T23:59:59Z"));
    Map<String, String> parts = new HashMap<>();
    hours
        .select(col(EventFields.EVENT_ID), UserDaily.daypart(col(EventFields.TS)))
        .collectAsList()
        .forEach(r -> parts.put(r.getString(0), r.getString(1)));

    assertThat(parts)
        .containsOnly(
            Map.entry("a", "nuit"),
            Map.entry("b", "nuit"),
            Map.entry("c", "matin"),
            Map.entry("d", "matin"),
            Map.entry("e", "midi"),
            Map.entry("f", "midi"),
            Map.entry("g", "apres_midi"),
            Map.entry("h", "apres_midi"),
            Map.entry("i", "soir"),
            Map.entry("j", "soir"));
  }
}
