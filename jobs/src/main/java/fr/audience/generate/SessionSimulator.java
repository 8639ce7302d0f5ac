package fr.audience.generate;

/** One visit: landing (referrer, campaign), then pages with reads, videos, ads and comments. */
final class SessionSimulator {
  static final double LOGIN_SHARE_SUBSCRIBER = 0.9;
  static final double LOGIN_SHARE_OTHER = 0.4;

  /** Apps open directly most of the time, whatever the reader's web habits. */
  static final double APP_DIRECT_SHARE = 0.8;

  static final double PAID_SHARE = 0.15;

  /** Dwell is capped so consecutive events of a visit stay well under the 30-minute gap. */
  static final double MAX_DWELL_SECONDS = 1500;

  static final double DWELL_SPREAD = 0.8;
  static final double PAYWALL_DWELL_SECONDS = 20;
  static final double PAYWALL_SCROLL = 0.25;
  static final double AD_CLICK_RATE = 0.01;
  static final double COMMENT_RATE = 0.012;
  static final String[] SEARCH = {
    "https://www.google.com/",
    "https://www.google.com/",
    "https://www.google.fr/",
    "https://www.bing.com/",
    "https://www.qwant.com/"
  };
  static final String[] SOCIAL = {
    "https://www.facebook.com/",
    "https://t.co/",
    "https://www.instagram.com/",
    "https://www.tiktok.com/",
    "https://www.linkedin.com/"
  };
  static final String[] PARTNER = {
    "https://news.google.com/", "https://www.msn.com/fr-fr", "https://flipboard.com/"
  };

  private final World world;
  private final Catalog catalog;

  SessionSimulator(World world) {
    this.world = world;
    this.catalog = world.catalog;
  }

  /** Returns the instant of the session's last event. */
  long simulate(UserDay ud, long start, int acquiredSpell) {
    UserProfile u = ud.user;
    Rng rng = ud.rng;
    Device device = u.devices[rng.pick(u.deviceCum)];
    double loginShare = ud.subscribed ? LOGIN_SHARE_SUBSCRIBER : LOGIN_SHARE_OTHER;
    boolean loggedIn =
        acquiredSpell >= 0 || (ud.day >= device.loginFromDay() && rng.chance(loginShare));
    int pages = 1 + rng.poisson(u.pagesPerSession - 1);
    long t = start;
    for (int p = 0; p < pages; p++) {
      Event e = ud.start(EventType.PAGE_VIEW, t);
      e.context(device, loggedIn ? u.userId : null, loggedIn ? DaySimulator.bandOf(u) : null);
      if (p == 0) {
        land(ud, e, device, acquiredSpell >= 0);
      }
      t = page(ud, e, t);
    }
    if (acquiredSpell >= 0) {
      long ts = Math.min(t, world.dayStartMs(ud.day + 1) - 1000);
      Event e = ud.start(EventType.SUBSCRIPTION_START, ts);
      DaySimulator.subscriptionFields(e, u, acquiredSpell);
      ud.emit();
    }
    return t;
  }

  /**
   * The first page of a visit carries where it came from; campaign landings carry utm parameters.
   */
  private void land(UserDay ud, Event e, Device device, boolean acquisition) {
    Rng rng = ud.rng;
    if (acquisition) {
      int[] running = catalog.runningByDay[ud.day];
      campaign(e, catalog.campaigns.get(running[rng.nextInt(running.length)]));
      return;
    }
    int ref =
        device.isApp() && rng.chance(APP_DIRECT_SHARE)
            ? Vocab.REF_DIRECT
            : rng.pick(ud.user.referrerCum);
    switch (ref) {
      case Vocab.REF_SEARCH, Vocab.REF_SOCIAL -> {
        Campaign paid =
            rng.chance(PAID_SHARE)
                ? runningOf(ud.day, ref == Vocab.REF_SEARCH ? Campaign.SEARCH : Campaign.SOCIAL)
                : null;
        if (paid != null) {
          campaign(e, paid);
        } else {
          e.referrer = rng.pick(ref == Vocab.REF_SEARCH ? SEARCH : SOCIAL);
        }
      }
      case Vocab.REF_NEWSLETTER -> {
        e.referrer = "";
        e.utmSource = "newsletter";
        e.utmMedium = "email";
        e.utmCampaign = Newsletter.values()[rng.nextInt(Newsletter.values().length)].id;
      }
      case Vocab.REF_PARTNER -> e.referrer = rng.pick(PARTNER);
      default -> e.referrer = "";
    }
  }

  private Campaign runningOf(int day, int channel) {
    for (int c : catalog.runningByDay[day]) {
      if (catalog.campaigns.get(c).channel() == channel) {
        return catalog.campaigns.get(c);
      }
    }
    return null;
  }

  private static void campaign(Event e, Campaign c) {
    e.referrer = Campaign.LANDING_REFERRER[c.channel()];
    e.utmSource = Campaign.UTM_SOURCE[c.channel()];
    e.utmMedium = Campaign.UTM_MEDIUM[c.channel()];
    e.utmCampaign = c.id();
  }

  /** Emits a page view and what happens on that page; returns when the next page starts. */
  private long page(UserDay ud, Event e, long t) {
    Rng rng = ud.rng;
    int section = rng.pick(ud.user.sectionCum);
    int article = section == Vocab.HOME ? -1 : catalog.article(rng, section);
    e.section = Vocab.SECTIONS[section];
    e.articleId = article < 0 ? null : catalog.articleIds[article];
    e.path = article < 0 ? "/" : catalog.paths[article];
    ud.emit();
    double dwell =
        Math.min(MAX_DWELL_SECONDS, ud.user.dwellSeconds * rng.lognormalFactor(DWELL_SPREAD));
    double scroll = Math.min(1, dwell / (dwell + 60) + rng.uniform(0, 0.3));
    if (article >= 0 && catalog.premium[article] && !ud.subscribed) {
      dwell = Math.min(dwell, PAYWALL_DWELL_SECONDS * rng.lognormalFactor(0.5));
      scroll = Math.min(scroll, PAYWALL_SCROLL);
    }
    ads(ud, e, t);
    if (rng.chance(ud.user.videoRate)) {
      int v = rng.nextInt(catalog.videoIds.length);
      Event play = ud.start(EventType.VIDEO_PLAY, t + 3000);
      play.videoId = catalog.videoIds[v];
      play.videoDurationSeconds = catalog.videoSeconds[v];
      play.videoSeconds = Math.round(catalog.videoSeconds[v] * rng.uniform() * 10) / 10.0;
      play.section = Vocab.SECTIONS[section];
      ud.emit();
    }
    long readAt = t + (long) (dwell * 1000);
    if (article >= 0) {
      Event read = ud.start(EventType.ARTICLE_READ, readAt);
      read.articleId = catalog.articleIds[article];
      read.section = Vocab.SECTIONS[section];
      read.dwellSeconds = dwell;
      read.scrollDepth = scroll;
      ud.emit();
      if (e.userId != null && rng.chance(COMMENT_RATE)) {
        Event c = ud.start(EventType.COMMENT, readAt + 1000);
        c.articleId = catalog.articleIds[article];
        c.section = Vocab.SECTIONS[section];
        c.commentText = Texts.comment(rng);
        ud.emit();
      }
    }
    return readAt + (long) rng.uniform(2000, 20000);
  }

  private void ads(UserDay ud, Event e, long t) {
    if (!e.consentAds) {
      return;
    }
    Rng rng = ud.rng;
    int[] ads = catalog.adsByDay[ud.day];
    boolean app = e.device >= Vocab.FIRST_APP_DEVICE;
    int count = rng.poisson(app ? UserProfile.APP_ADS_PER_PAGE : UserProfile.WEB_ADS_PER_PAGE);
    for (int i = 0; i < count && ads.length > 0; i++) {
      Campaign c = catalog.campaigns.get(ads[rng.nextInt(ads.length)]);
      Event ad = ud.start(EventType.AD_IMPRESSION, t + 500 + i * 200L);
      ad.campaignId = c.id();
      ad.creativeKb = c.avgCreativeKb() * rng.lognormalFactor(0.2);
      ud.emit();
      if (rng.chance(AD_CLICK_RATE)) {
        Event click = ud.start(EventType.AD_CLICK, t + 2000 + i * 200L);
        click.campaignId = c.id();
        ud.emit();
      }
    }
  }
}
