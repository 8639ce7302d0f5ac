package fr.audience.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A reader's subscription history: one plan and one per-period cancel probability theta for life,
 * one or more spells (a cancelled reader rarely comes back). A spell renews every period until a
 * renewal date where it cancels with probability theta; renewals on or after the window end are not
 * drawn, so for a subscriber active at the end P(churn in the next 30 days) is exactly theta.
 */
final class Subscription {
  static final long OPEN = Long.MAX_VALUE;
  static final double COMEBACK_PROB = 0.08;
  static final double COMEBACK_MEAN_GAP_DAYS = 150;

  final Plan plan;
  final double theta;

  /** Per spell: start and end epoch days (end = the renewal date it did not renew, or OPEN). */
  final long[] starts;

  final long[] ends;
  final int[] cancelReasons;

  private Subscription(Plan plan, double theta, long[] starts, long[] ends, int[] reasons) {
    this.plan = plan;
    this.theta = theta;
    this.starts = starts;
    this.ends = ends;
    this.cancelReasons = reasons;
  }

  /** Spells start uniformly over [historyStart, windowEnd), epoch days. */
  static Subscription draw(Rng rng, Plan plan, double theta, long historyStart, long windowEnd) {
    List<long[]> spells = new ArrayList<>();
    long start = historyStart + (long) (rng.uniform() * (windowEnd - historyStart));
    while (true) {
      long renewal = start + Plan.PERIOD_DAYS;
      while (renewal < windowEnd && !rng.chance(theta)) {
        renewal += Plan.PERIOD_DAYS;
      }
      if (renewal >= windowEnd) {
        spells.add(new long[] {start, OPEN, -1});
        break;
      }
      spells.add(new long[] {start, renewal, rng.pick(Vocab.CANCEL_REASON_CUM)});
      if (!rng.chance(COMEBACK_PROB)) {
        break;
      }
      start = renewal + Plan.PERIOD_DAYS + (long) rng.exponential(COMEBACK_MEAN_GAP_DAYS);
      if (start >= windowEnd) {
        break;
      }
    }
    int n = spells.size();
    long[] starts = new long[n];
    long[] ends = new long[n];
    int[] reasons = new int[n];
    for (int i = 0; i < n; i++) {
      starts[i] = spells.get(i)[0];
      ends[i] = spells.get(i)[1];
      reasons[i] = (int) spells.get(i)[2];
    }
    return new Subscription(plan, theta, starts, ends, reasons);
  }

  boolean activeOn(long epochDay) {
    for (int i = 0; i < starts.length; i++) {
      if (epochDay >= starts[i] && epochDay < ends[i]) {
        return true;
      }
    }
    return false;
  }

  boolean activeAtEnd() {
    return ends[ends.length - 1] == OPEN;
  }

  /** Expected paid renewals in [asOf, asOf + horizonDays) for a spell still open at asOf. */
  double expectedRenewals(long asOf, int horizonDays) {
    if (!activeAtEnd()) {
      return 0;
    }
    long start = starts[starts.length - 1];
    long periods = Math.floorDiv(asOf - start + Plan.PERIOD_DAYS - 1, Plan.PERIOD_DAYS);
    double expected = 0;
    double survive = 1;
    for (long renewal = start + periods * Plan.PERIOD_DAYS;
        renewal < asOf + horizonDays;
        renewal += Plan.PERIOD_DAYS) {
      survive *= 1 - theta;
      expected += survive;
    }
    return expected;
  }

  String spellId(String userId, int spell) {
    return "s" + userId.substring(1) + "-" + (spell + 1);
  }
}
