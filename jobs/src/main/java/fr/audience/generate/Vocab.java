package fr.audience.generate;

/**
 * The fixed vocabularies of the raw format (docs/raw-formats.md); array order is the index used
 * everywhere.
 */
final class Vocab {
  static final String[] SECTIONS = {
    "politique",
    "international",
    "sport",
    "culture",
    "economie",
    "planete",
    "societe",
    "sciences",
    "accueil"
  };

  /** Home page: a page view without an article. */
  static final int HOME = 8;

  static final String[] DEVICES = {"mobile", "desktop", "tablet", "app_ios", "app_android"};
  static final int FIRST_APP_DEVICE = 3;
  static final String[] REFERRERS = {"direct", "search", "social", "newsletter", "partner"};
  static final int REF_DIRECT = 0;
  static final int REF_SEARCH = 1;
  static final int REF_SOCIAL = 2;
  static final int REF_NEWSLETTER = 3;
  static final int REF_PARTNER = 4;
  static final String[] AGE_BANDS = {"13-17", "18-24", "25-34", "35-49", "50-64", "65+"};
  static final String[] PRODUCTS = {"numero", "hors_serie", "livre", "evenement", "archives"};
  static final double[] PRODUCT_CUM = Rng.cumulative(new double[] {0.35, 0.25, 0.15, 0.10, 0.15});
  static final String[] CANCEL_REASONS = {"price", "content", "payment_failed", "moving", "other"};
  static final double[] CANCEL_REASON_CUM =
      Rng.cumulative(new double[] {0.35, 0.2, 0.15, 0.1, 0.2});
  static final String[] CHANNELS = {
    "search", "social", "display", "video", "newsletter", "affiliation"
  };

  private Vocab() {}
}
