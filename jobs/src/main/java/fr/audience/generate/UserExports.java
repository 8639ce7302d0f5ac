package fr.audience.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.StringJoiner;

/**
 * One pass over all readers writing what is per user: the billing and shop exports of history
 * before the window (reference/) and the planted truth (_truth/users.csv).
 */
final class UserExports {
  static final int HORIZON_12M_DAYS = 365;
  static final int HORIZON_36M_DAYS = 3 * 365;
  static final double HORIZON_12M_WEEKS = 52;
  static final double HORIZON_36M_WEEKS = 156;
  static final String[] TRUTH_COLUMNS = {
    "user_id",
    "segment_id",
    "segment_name",
    "age_band",
    "device_ids",
    "subscriber_at_end",
    "plan",
    "price_eur",
    "churn_theta",
    "churn_prob_30d",
    "is_buyer",
    "purchase_lambda_week",
    "purchase_dropout_p",
    "alive_at_end",
    "spend_nu",
    "expected_spend_per_purchase",
    "expected_purchases_52w",
    "true_value_12m",
    "true_value_36m",
    "newsletters_per_week",
    "pushes_per_week",
    "ads_per_week"
  };

  private UserExports() {}

  /** Returns the number of reference rows written. */
  static long write(World w) {
    Path ref = w.settings.out().resolve(Layout.REFERENCE);
    try (Csv subs =
            new Csv(
                ref.resolve(Layout.SUBSCRIPTIONS_HISTORY),
                "subscription_id",
                "user_id",
                "plan",
                "price_eur",
                "period_days",
                "start_date",
                "end_date",
                "cancel_reason");
        Csv orders =
            new Csv(
                ref.resolve(Layout.ORDERS_HISTORY),
                "order_id",
                "user_id",
                "order_date",
                "amount_eur",
                "product");
        Csv truth =
            new Csv(
                w.settings.out().resolve(Layout.TRUTH).resolve(Layout.USERS_TRUTH),
                TRUTH_COLUMNS)) {
      for (int i = 0; i < w.settings.users(); i++) {
        UserProfile u = new UserProfile(w, i);
        subscriptionHistory(w, u, subs);
        orderHistory(w, u, orders);
        truth(w, u, truth);
      }
      return subs.rows() + orders.rows();
    }
  }

  private static void subscriptionHistory(World w, UserProfile u, Csv csv) {
    Subscription sub = u.subscription;
    if (sub == null) {
      return;
    }
    for (int i = 0; i < sub.starts.length && sub.starts[i] < w.windowStart; i++) {
      boolean endedBefore = sub.ends[i] < w.windowStart;
      csv.write(
          sub.spellId(u.userId, i),
          u.userId,
          sub.plan.id,
          sub.plan.priceEur,
          Plan.PERIOD_DAYS,
          LocalDate.ofEpochDay(sub.starts[i]),
          endedBefore ? LocalDate.ofEpochDay(sub.ends[i]) : null,
          endedBefore ? Vocab.CANCEL_REASONS[sub.cancelReasons[i]] : null);
    }
  }

  private static void orderHistory(World w, UserProfile u, Csv csv) {
    Purchases p = u.purchases;
    if (p == null) {
      return;
    }
    for (int i = 0; i < p.times.length && p.times[i] < w.windowStart; i++) {
      csv.write(
          p.orderId(u.userId, i),
          u.userId,
          LocalDate.ofEpochDay((long) Math.floor(p.times[i])),
          p.amounts[i],
          Vocab.PRODUCTS[p.products[i]]);
    }
  }

  private static void truth(World w, UserProfile u, Csv csv) {
    Subscription sub = u.subscription;
    Purchases p = u.purchases;
    boolean active = sub != null && sub.activeAtEnd();
    double subs12 =
        sub == null ? 0 : sub.plan.priceEur * sub.expectedRenewals(w.windowEnd, HORIZON_12M_DAYS);
    double subs36 =
        sub == null ? 0 : sub.plan.priceEur * sub.expectedRenewals(w.windowEnd, HORIZON_36M_DAYS);
    double buy12 =
        p == null ? 0 : p.expectedPurchases(HORIZON_12M_WEEKS) * p.expectedSpendPerPurchase();
    double buy36 =
        p == null ? 0 : p.expectedPurchases(HORIZON_36M_WEEKS) * p.expectedSpendPerPurchase();
    StringJoiner devices = new StringJoiner(";");
    for (Device d : u.devices) {
      devices.add(d.id());
    }
    csv.write(
        u.userId,
        u.segment,
        w.segments[u.segment].name(),
        Vocab.AGE_BANDS[u.ageBand],
        devices.toString(),
        active,
        sub == null ? null : sub.plan.id,
        sub == null ? null : sub.plan.priceEur,
        sub == null ? null : sub.theta,
        active ? sub.theta : null,
        p != null,
        p == null ? null : p.lambdaPerWeek,
        p == null ? null : p.dropout,
        p == null ? null : p.aliveAtEnd,
        p == null ? null : p.nu,
        p == null ? null : p.expectedSpendPerPurchase(),
        p == null ? null : p.expectedPurchases(HORIZON_12M_WEEKS),
        subs12 + buy12,
        subs36 + buy36,
        u.newslettersPerWeek(),
        u.pushesPerWeek(),
        u.adsPerWeek());
  }
}
