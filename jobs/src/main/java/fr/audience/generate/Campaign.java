package fr.audience.generate;

/** A marketing or advertising campaign running on window days {@code firstDay..lastDay}. */
record Campaign(
    String id,
    int channel,
    int firstDay,
    int lastDay,
    double dailySpendEur,
    double cpmEur,
    double avgCreativeKb) {

  static final int SEARCH = 0;
  static final int SOCIAL = 1;
  static final int DISPLAY = 2;
  static final int VIDEO = 3;
  static final int NEWSLETTER = 4;
  static final int AFFILIATION = 5;

  /** Per channel: typical daily spend, cost per thousand impressions, creative weight (kB). */
  static final double[] BASE_SPEND = {800, 600, 1500, 2000, 150, 400};

  static final double[] CPM = {25, 6, 3, 12, 1, 4};
  static final double[] CREATIVE_KB = {2, 400, 150, 2500, 80, 120};
  static final String[] UTM_SOURCE = {
    "google", "facebook", "criteo", "youtube", "newsletter", "partenaire"
  };
  static final String[] UTM_MEDIUM = {
    "cpc", "paid_social", "display", "video", "email", "affiliate"
  };
  static final String[] LANDING_REFERRER = {
    "https://www.google.com/", "https://www.facebook.com/", "https://www.partenaire-exemple.fr/",
    "https://www.youtube.com/", "", "https://www.bons-plans-exemple.fr/"
  };

  boolean runsOn(int day) {
    return day >= firstDay && day <= lastDay;
  }

  /** Ad inventory: what appears as ad_impression on the group's pages. */
  boolean isAd() {
    return channel == DISPLAY || channel == VIDEO;
  }
}
