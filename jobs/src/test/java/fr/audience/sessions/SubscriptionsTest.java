package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Subscription periods as of a date, from the billing export and the subscription events. */
class SubscriptionsTest {
  static final LocalDate AS_OF = LocalDate.parse("2026-03-02");

  private static Row history(
      String id,
      String user,
      String plan,
      double price,
      int period,
      String start,
      String end,
      String reason) {
    return RowFactory.create(
        id,
        user,
        plan,
        price,
        period,
        Date.valueOf(start),
        end == null ? null : Date.valueOf(end),
        reason);
  }

  private static BronzeEvents.Event subscription(
      String eventId, String type, String subscription, String user, String at) {
    return event(eventId)
        .type(type)
        .user(user)
        .at(at)
        .set(EventFields.SUBSCRIPTION_ID, subscription);
  }

  private static BronzeEvents.Event terms(
      BronzeEvents.Event e, String plan, double price, int period) {
    return e.set(EventFields.PLAN, plan)
        .set(EventFields.PRICE_EUR, price)
        .set(EventFields.PERIOD_DAYS, period);
  }

  private static Map<String, Row> asOf(List<Row> history, BronzeEvents.Event... events) {
    Dataset<Row> h =
        TestSpark.spark().createDataFrame(history, BronzeTables.SUBSCRIPTIONS_HISTORY.schema());
    Dataset<Row> result =
        Subscriptions.asOf(h, Subscriptions.subscriptionEvents(bronze(events)), AS_OF);
    assertThat(List.of(result.columns()))
        .containsExactlyElementsOf(SilverTables.SUBSCRIPTIONS.columnNames());
    Map<String, Row> out = new HashMap<>();
    result
        .collectAsList()
        .forEach(r -> assertThat(out.put(r.getAs(EventFields.SUBSCRIPTION_ID), r)).isNull());
    return out;
  }

  /** plan, price, period, start, end, reason, status, paid periods, last payment, source. */
  private static List<Object> state(Row r) {
    return Arrays.asList(
        r.getAs(EventFields.PLAN),
        r.getAs(EventFields.PRICE_EUR),
        r.getAs(EventFields.PERIOD_DAYS),
        String.valueOf(r.<Date>getAs(Subscriptions.START_DATE)),
        String.valueOf(r.<Date>getAs(Subscriptions.END_DATE)),
        r.getAs(EventFields.CANCEL_REASON),
        r.getAs(Subscriptions.STATUS),
        r.getAs("paid_periods"),
        String.valueOf(r.<Date>getAs("last_payment_date")),
        r.getAs("source"));
  }

  @Test
  void exportedSubscriptionsAreActiveUntilTheirEndAndCountTheirPaidPeriods() {
    Map<String, Row> subs =
        asOf(
            List.of(
                // 2026-01-01 .. 03-02 included is 61 days: a third 30-day period started on 03-02.
                history("s1", "u1", "digital", 9.99, 30, "2026-01-01", null, null),
                // Ends after the as-of date: still active then, and its future reason is not known
                // yet.
                history("s2", "u2", "digital", 9.99, 30, "2025-12-01", "2026-03-10", "prix"),
                // Ended 2025-09-01 after 92 days: four periods, the last from 08-30.
                history("s3", "u3", "print", 25.0, 30, "2025-06-01", "2025-09-01", "prix"),
                history("future", "u4", "digital", 9.99, 30, "2026-04-01", null, null)));

    assertThat(subs.keySet()).containsExactlyInAnyOrder("s1", "s2", "s3");
    assertThat(state(subs.get("s1")))
        .containsExactly(
            "digital",
            9.99,
            30,
            "2026-01-01",
            "null",
            null,
            "active",
            3L,
            "2026-03-02",
            "billing_export");
    assertThat(state(subs.get("s2")))
        .containsExactly(
            "digital",
            9.99,
            30,
            "2025-12-01",
            "null",
            null,
            "active",
            4L,
            "2026-03-01",
            "billing_export");
    assertThat(state(subs.get("s3")))
        .containsExactly(
            "print",
            25.0,
            30,
            "2025-06-01",
            "2025-09-01",
            "prix",
            "ended",
            4L,
            "2025-08-30",
            "billing_export");
    assertThat(subs.get("s1").<Date>getAs("as_of_date")).isEqualTo(Date.valueOf(AS_OF));
    assertThat(subs.get("s1").<String>getAs(EventFields.USER_ID)).isEqualTo("u1");
  }

  @Test
  void eventsStartRenewChangeTermsAndCancelSubscriptionsUpToTheAsOfDate() {
    Map<String, Row> subs =
        asOf(
            List.of(history("exported", "u1", "print", 25.0, 30, "2026-01-01", null, null)),
            subscription("c1", "subscription_cancel", "exported", "u1", "2026-02-20T09:00:00Z")
                .set(EventFields.CANCEL_REASON, "demenagement"),
            terms(
                subscription("st2", "subscription_start", "new", "u2", "2026-02-10T12:00:00Z"),
                "digital",
                9.99,
                30),
            terms(
                subscription("rn2", "subscription_renew", "new", "u2", "2026-03-12T12:00:00Z"),
                "digital",
                9.99,
                30),
            terms(
                subscription("st3", "subscription_start", "upgraded", "u3", "2026-01-05T08:00:00Z"),
                "digital",
                9.99,
                30),
            terms(
                subscription("rn3", "subscription_renew", "upgraded", "u3", "2026-02-04T08:00:00Z"),
                "bundle",
                19.99,
                30),
            terms(
                subscription("st4", "subscription_start", "not-yet", "u4", "2026-03-05T08:00:00Z"),
                "digital",
                9.99,
                30),
            event("pv").user("u2").at("2026-02-10T12:01:00Z"));

    assertThat(subs.keySet()).containsExactlyInAnyOrder("exported", "new", "upgraded");
    // Cancelled 50 days in: two periods, the last from 01-31; the reason comes from the event.
    assertThat(state(subs.get("exported")))
        .containsExactly(
            "print",
            25.0,
            30,
            "2026-01-01",
            "2026-02-20",
            "demenagement",
            "ended",
            2L,
            "2026-01-31",
            "billing_export");
    // The renewal of 03-12 is after the as-of date: one period so far.
    assertThat(state(subs.get("new")))
        .containsExactly(
            "digital", 9.99, 30, "2026-02-10", "null", null, "active", 1L, "2026-02-10", "events");
    assertThat(state(subs.get("upgraded")))
        .containsExactly(
            "bundle", 19.99, 30, "2026-01-05", "null", null, "active", 2L, "2026-02-04", "events");
  }

  @Test
  void subscriptionEventsAreTheSubscriptionTypesWithASubscriptionId() {
    List<String> ids = new ArrayList<>();
    Subscriptions.subscriptionEvents(
            bronze(
                subscription("start", "subscription_start", "s1", "u1", "2026-03-02T10:00:00Z"),
                subscription("renew", "subscription_renew", "s1", "u1", "2026-03-02T10:00:00Z"),
                subscription("cancel", "subscription_cancel", "s1", "u1", "2026-03-02T10:00:00Z"),
                subscription("no-id", "subscription_start", null, "u1", "2026-03-02T10:00:00Z"),
                subscription("purchase", "purchase", "s1", "u1", "2026-03-02T10:00:00Z"),
                event("page").at("2026-03-02T10:00:00Z")))
        .collectAsList()
        .forEach(r -> ids.add(r.getAs(EventFields.EVENT_ID)));

    assertThat(ids).containsExactlyInAnyOrder("start", "renew", "cancel");
  }
}
