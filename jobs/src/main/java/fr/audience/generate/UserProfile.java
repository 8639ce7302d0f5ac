package fr.audience.generate;

/**
 * One reader: segment, individual preferences drawn around the segment profile, devices, and the
 * subscription and purchase histories. Rebuilt from (seed, user index) whenever needed instead of
 * kept in memory, so a run's memory does not grow with the number of users.
 */
final class UserProfile {
  /** Dirichlet concentrations of individual preferences around the segment profile. */
  static final double SECTION_CONCENTRATION = 80;

  static final double DEVICE_CONCENTRATION = 40;
  static final double HOUR_CONCENTRATION = 100;
  static final double REFERRER_CONCENTRATION = 50;

  /** Log-scale spread of individual intensities around the segment's. */
  static final double INTENSITY_SPREAD = 0.25;

  /** Engagement falls with churn risk: multiplier exp(-k (logit theta - E logit theta)). */
  static final double ENGAGEMENT_CHURN_LINK = 0.5;

  static final double MAX_ACTIVE_PROB = 0.97;
  static final double WEB_ADS_PER_PAGE = 1.5;
  static final double APP_ADS_PER_PAGE = 0.8;
  static final double[] DEVICE_COUNT_CUM = Rng.cumulative(new double[] {0.5, 0.35, 0.15});

  /**
   * A reader's first device is drawn from their device mix moved this far toward its leading
   * device: half the readers have one device, and a reader of a tablet segment reads on a tablet
   * first.
   */
  static final double MAIN_DEVICE_PULL = 0.5;

  final int index;
  final String userId;
  final int segment;
  final int ageBand;
  final double[] sectionCum;
  final double[] hourCum;
  final double[] referrerCum;
  final Device[] devices;
  final double[] deviceCum;
  final double weekendRatio;
  final double activeProb;
  final double sessionsPerDay;
  final double pagesPerSession;
  final double dwellSeconds;
  final double videoRate;
  final boolean[] follows;
  final double openRate;
  final boolean pushOptIn;
  final double pushPerDay;

  /** Null when the reader never subscribes / never buys. */
  final Subscription subscription;

  final Purchases purchases;

  UserProfile(World w, int index) {
    Rng rng = new Rng(w.settings.seed(), Streams.USER, index);
    this.index = index;
    userId = String.format("u%07d", index + 1);
    segment = rng.pick(w.segmentCum);
    Segment s = w.segments[segment];
    ageBand = rng.pick(Rng.cumulative(s.ageBands()));
    sectionCum = Rng.cumulative(rng.dirichlet(s.sections(), SECTION_CONCENTRATION));
    hourCum = Rng.cumulative(rng.dirichlet(s.hours(), HOUR_CONCENTRATION));
    referrerCum = Rng.cumulative(rng.dirichlet(s.referrers(), REFERRER_CONCENTRATION));
    double[] deviceMix = rng.dirichlet(s.devices(), DEVICE_CONCENTRATION);
    devices = new Device[1 + rng.pick(DEVICE_COUNT_CUM)];
    double[] deviceWeights = new double[devices.length];
    double[] deviceMixCum = Rng.cumulative(deviceMix);
    double[] mainDeviceCum = Rng.cumulative(towardLeading(deviceMix, MAIN_DEVICE_PULL));
    for (int d = 0; d < devices.length; d++) {
      devices[d] =
          Device.draw(rng, rng.pick(d == 0 ? mainDeviceCum : deviceMixCum), w.settings.days());
      deviceWeights[d] = deviceMix[devices[d].type()] + 0.05;
    }
    deviceCum = Rng.cumulative(deviceWeights);
    double subscriberShare =
        w.settings.subscriberShare() < 0 ? s.subscriberShare() : w.settings.subscriberShare();
    subscription = rng.chance(subscriberShare) ? drawSubscription(rng, w, s) : null;
    double engagement =
        subscription == null
            ? 1
            : Math.exp(
                -ENGAGEMENT_CHURN_LINK
                    * (logit(subscription.theta) - subscription.plan.meanLogitTheta()));
    weekendRatio = s.weekendRatio() * rng.lognormalFactor(INTENSITY_SPREAD);
    activeProb =
        Math.min(
            MAX_ACTIVE_PROB, s.activeProb() * engagement * rng.lognormalFactor(INTENSITY_SPREAD));
    sessionsPerDay =
        Math.max(
            1, s.sessionsPerDay() * Math.sqrt(engagement) * rng.lognormalFactor(INTENSITY_SPREAD));
    pagesPerSession = Math.max(1, s.pagesPerSession() * rng.lognormalFactor(INTENSITY_SPREAD));
    dwellSeconds = s.dwellSeconds() * rng.lognormalFactor(INTENSITY_SPREAD);
    videoRate = Math.min(0.9, s.videoRate() * rng.lognormalFactor(INTENSITY_SPREAD));
    follows = new boolean[Newsletter.values().length];
    for (int n = 0; n < follows.length; n++) {
      follows[n] = rng.chance(s.newsletterFollow()[n]);
    }
    openRate = Math.min(0.95, s.newsletterOpen() * rng.lognormalFactor(INTENSITY_SPREAD));
    pushOptIn = hasApp() && rng.chance(s.pushOptIn());
    pushPerDay = s.pushPerDay() * rng.lognormalFactor(INTENSITY_SPREAD);
    purchases =
        rng.chance(s.buyerShare()) ? Purchases.draw(rng, w.historyStart, w.windowEnd) : null;
  }

  private static Subscription drawSubscription(Rng rng, World w, Segment s) {
    Plan plan = Plan.values()[rng.pick(Rng.cumulative(s.planMix()))];
    double theta = rng.beta(plan.alpha, plan.beta);
    return Subscription.draw(rng, plan, theta, w.historyStart, w.windowEnd);
  }

  /**
   * {@code shares} moved by {@code pull} toward a point mass on its largest share (the first of
   * equals).
   */
  static double[] towardLeading(double[] shares, double pull) {
    int leading = 0;
    for (int i = 1; i < shares.length; i++) {
      if (shares[i] > shares[leading]) {
        leading = i;
      }
    }
    double[] out = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      out[i] = (1 - pull) * shares[i] + (i == leading ? pull : 0);
    }
    return out;
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    return Math.log(q / (1 - q));
  }

  boolean hasApp() {
    for (Device d : devices) {
      if (d.isApp()) {
        return true;
      }
    }
    return false;
  }

  Device appDevice() {
    for (Device d : devices) {
      if (d.isApp()) {
        return d;
      }
    }
    return devices[0];
  }

  boolean subscribedOn(long epochDay) {
    return subscription != null && subscription.activeOn(epochDay);
  }

  double activeProbOn(boolean weekend) {
    return Math.min(MAX_ACTIVE_PROB, activeProb * (weekend ? weekendRatio : 1));
  }

  /** Planted exposure rates (per week), written to the truth for the commercial-pressure KPIs. */
  double newslettersPerWeek() {
    double sum = 0;
    for (Newsletter n : Newsletter.values()) {
      sum += follows[n.ordinal()] ? n.sendsPerWeek() : 0;
    }
    return sum;
  }

  double pushesPerWeek() {
    return pushOptIn ? 7 * pushPerDay : 0;
  }

  double adsPerWeek() {
    double adsPerPage = 0;
    double previous = 0;
    for (int d = 0; d < devices.length; d++) {
      double share = deviceCum[d] - previous;
      previous = deviceCum[d];
      Device dev = devices[d];
      adsPerPage +=
          dev.consentAds() ? share * (dev.isApp() ? APP_ADS_PER_PAGE : WEB_ADS_PER_PAGE) : 0;
    }
    double activeDays = 5 * activeProbOn(false) + 2 * activeProbOn(true);
    return activeDays * sessionsPerDay * pagesPerSession * adsPerPage;
  }
}
