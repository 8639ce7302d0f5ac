package fr.audience.generate;

/**
 * One event being built. A single mutable instance per writer thread: the context (device, user,
 * consent) is set once per session and the payload cleared per event, so millions of events cost no
 * garbage.
 */
final class Event {
  long idKey;
  EventType type;
  long tsMillis;
  // Context.
  String deviceId;
  String userId;
  int device = -1;
  String userAgent;
  String ip;
  boolean hasConsent;
  boolean consentAnalytics;
  boolean consentAds;
  String ageBand;
  // Payload.
  String referrer;
  String utmSource;
  String utmMedium;
  String utmCampaign;
  String articleId;
  String section;
  double dwellSeconds;
  double scrollDepth;
  String videoId;
  double videoSeconds;
  double videoDurationSeconds;
  String campaignId;
  double creativeKb;
  String newsletterId;
  String pushId;
  String subscriptionId;
  String plan;
  double priceEur;
  int periodDays;
  String cancelReason;
  String orderId;
  double amountEur;
  String product;
  String commentText;

  /** Not a field: the URL path a web page view fetched, for the access log. */
  String path;

  void context(Device d, String user, String band) {
    deviceId = d.id();
    userId = user;
    device = d.type();
    userAgent = d.userAgent();
    ip = d.ip();
    hasConsent = true;
    consentAnalytics = d.consentAnalytics();
    consentAds = d.consentAds();
    ageBand = band;
  }

  /** Server-side events (billing, e-mail): a device and an account, no browser context. */
  void backendContext(Device d, String user) {
    deviceId = d.id();
    userId = user;
    device = -1;
    userAgent = null;
    ip = null;
    hasConsent = false;
    ageBand = null;
  }

  void start(EventType t, long ts) {
    type = t;
    tsMillis = ts;
    referrer = null;
    utmSource = null;
    utmMedium = null;
    utmCampaign = null;
    articleId = null;
    section = null;
    dwellSeconds = Double.NaN;
    scrollDepth = Double.NaN;
    videoId = null;
    videoSeconds = Double.NaN;
    videoDurationSeconds = Double.NaN;
    campaignId = null;
    creativeKb = Double.NaN;
    newsletterId = null;
    pushId = null;
    subscriptionId = null;
    plan = null;
    priceEur = Double.NaN;
    periodDays = 0;
    cancelReason = null;
    orderId = null;
    amountEur = Double.NaN;
    product = null;
    commentText = null;
    path = null;
  }

  boolean isWebPageView() {
    return type == EventType.PAGE_VIEW && device >= 0 && device < Vocab.FIRST_APP_DEVICE;
  }
}
