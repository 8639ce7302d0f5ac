package fr.audience.generate;

import java.util.Arrays;

/** Everything one reader does on one day: billing, purchases, newsletters, pushes and sessions. */
final class DaySimulator {
  /** Sessions are separated by much more than the 30-minute sessionisation gap. */
  static final long MIN_SESSION_GAP_MS = 45 * 60_000L;

  /**
   * Visits do not start in the first UTC hours, which belong to the previous day's late visits
   * running past midnight: a day is generated without looking at the previous one.
   */
  static final long QUIET_AFTER_MIDNIGHT_MS = 2 * 3_600_000L;

  static final double PUSH_OPEN_RATE = 0.12;
  static final double PUSH_FIRST_HOUR = 7;
  static final double PUSH_LAST_HOUR = 22;
  static final double NEWSLETTER_OPEN_MEAN_MS = 90 * 60_000.0;
  static final double BILLING_HOUR_UTC = 2;

  private final World world;
  private final SessionSimulator sessions;

  DaySimulator(World world) {
    this.world = world;
    this.sessions = new SessionSimulator(world);
  }

  void simulate(UserDay ud) {
    billing(ud);
    purchases(ud);
    newsletters(ud);
    pushes(ud);
    sessions(ud);
  }

  private void billing(UserDay ud) {
    Subscription sub = ud.user.subscription;
    if (sub == null) {
      return;
    }
    for (int i = 0; i < sub.starts.length; i++) {
      long start = sub.starts[i];
      boolean renewalDay = ud.epochDay > start && (ud.epochDay - start) % Plan.PERIOD_DAYS == 0;
      if (!renewalDay || ud.epochDay > sub.ends[i]) {
        continue;
      }
      boolean cancel = ud.epochDay == sub.ends[i];
      long ts =
          world.dayStartMs(ud.day) + (long) ((BILLING_HOUR_UTC + ud.rng.uniform(0, 3)) * 3_600_000);
      Event e = ud.start(cancel ? EventType.SUBSCRIPTION_CANCEL : EventType.SUBSCRIPTION_RENEW, ts);
      e.backendContext(ud.user.devices[0], ud.user.userId);
      subscriptionFields(e, ud.user, i);
      if (cancel) {
        e.cancelReason = Vocab.CANCEL_REASONS[sub.cancelReasons[i]];
      }
      ud.emit();
    }
  }

  static void subscriptionFields(Event e, UserProfile u, int spell) {
    Subscription sub = u.subscription;
    e.subscriptionId = sub.spellId(u.userId, spell);
    e.plan = sub.plan.id;
    e.priceEur = sub.plan.priceEur;
    e.periodDays = Plan.PERIOD_DAYS;
  }

  private void purchases(UserDay ud) {
    Purchases p = ud.user.purchases;
    if (p == null) {
      return;
    }
    for (int i = 0; i < p.times.length; i++) {
      if ((long) Math.floor(p.times[i]) != ud.epochDay) {
        continue;
      }
      long ts = world.dayStartMs(ud.day) + (long) ((p.times[i] - ud.epochDay) * World.DAY_MS);
      Event e = ud.start(EventType.PURCHASE, ts);
      e.context(ud.user.devices[ud.rng.pick(ud.user.deviceCum)], ud.user.userId, bandOf(ud.user));
      e.orderId = p.orderId(ud.user.userId, i);
      e.amountEur = p.amounts[i];
      e.product = Vocab.PRODUCTS[p.products[i]];
      ud.emit();
    }
  }

  private void newsletters(UserDay ud) {
    UserProfile u = ud.user;
    for (Newsletter n : Newsletter.values()) {
      if (!u.follows[n.ordinal()] || !n.sendsOn(ud.weekday)) {
        continue;
      }
      long sent = world.utcOf(ud.day, n.localHour);
      Event e = ud.start(EventType.NEWSLETTER_SEND, sent);
      e.backendContext(u.devices[0], u.userId);
      e.newsletterId = n.id;
      e.campaignId = n.promotional ? newsletterCampaign(ud.day) : null;
      ud.emit();
      if (ud.rng.chance(u.openRate)) {
        e =
            ud.start(
                EventType.NEWSLETTER_OPEN,
                sent + (long) ud.rng.exponential(NEWSLETTER_OPEN_MEAN_MS));
        e.context(u.devices[ud.rng.pick(u.deviceCum)], u.userId, bandOf(u));
        e.newsletterId = n.id;
        ud.emit();
      }
    }
  }

  private String newsletterCampaign(int day) {
    for (int c : world.catalog.runningByDay[day]) {
      Campaign camp = world.catalog.campaigns.get(c);
      if (camp.channel() == Campaign.NEWSLETTER) {
        return camp.id();
      }
    }
    return null;
  }

  private void pushes(UserDay ud) {
    UserProfile u = ud.user;
    if (!u.pushOptIn) {
      return;
    }
    int count = ud.rng.poisson(u.pushPerDay);
    Device app = u.appDevice();
    for (int k = 0; k < count; k++) {
      int alert = ud.rng.nextInt(12);
      long ts = world.utcOf(ud.day, ud.rng.uniform(PUSH_FIRST_HOUR, PUSH_LAST_HOUR));
      // A push id is one editorial alert sent to every opted-in reader that day.
      String pushId = "p" + (ud.epochDay) + "-" + alert;
      Event e = ud.start(EventType.PUSH_SENT, ts);
      e.backendContext(app, u.userId);
      e.pushId = pushId;
      ud.emit();
      if (ud.rng.chance(PUSH_OPEN_RATE)) {
        e = ud.start(EventType.PUSH_OPEN, ts + (long) ud.rng.exponential(600_000));
        e.context(app, u.userId, bandOf(u));
        e.pushId = pushId;
        ud.emit();
      }
    }
  }

  private void sessions(UserDay ud) {
    UserProfile u = ud.user;
    int acquiredSpell = spellStartingOn(u, ud.epochDay);
    int n =
        ud.rng.chance(u.activeProbOn(ud.weekend())) ? 1 + ud.rng.poisson(u.sessionsPerDay - 1) : 0;
    if (acquiredSpell >= 0) {
      n = Math.max(1, n);
    }
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      double hour = ud.rng.pick(u.hourCum) + ud.rng.uniform();
      starts[i] =
          Math.max(world.utcOf(ud.day, hour), world.dayStartMs(ud.day) + QUIET_AFTER_MIDNIGHT_MS);
    }
    Arrays.sort(starts);
    long earliest = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long start = Math.max(starts[i], earliest);
      long end = sessions.simulate(ud, start, i == 0 ? acquiredSpell : -1);
      earliest = end + MIN_SESSION_GAP_MS + (long) ud.rng.exponential(30 * 60_000.0);
    }
  }

  private static int spellStartingOn(UserProfile u, long epochDay) {
    if (u.subscription == null) {
      return -1;
    }
    for (int i = 0; i < u.subscription.starts.length; i++) {
      if (u.subscription.starts[i] == epochDay) {
        return i;
      }
    }
    return -1;
  }

  static String bandOf(UserProfile u) {
    return Vocab.AGE_BANDS[u.ageBand];
  }
}
