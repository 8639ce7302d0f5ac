package fr.audience.generate;

/** Folder and file names of the raw layout (docs/raw-formats.md). */
final class Layout {
  static final String EVENTS = "events";
  static final String ACCESS = "access";
  static final String REFERENCE = "reference";
  static final String TRUTH = "_truth";
  static final String ARTICLES = "articles.csv";
  static final String CAMPAIGNS = "campaigns.csv";
  static final String SUBSCRIPTIONS_HISTORY = "subscriptions_history.csv";
  static final String ORDERS_HISTORY = "orders_history.csv";
  static final String USERS_TRUTH = "users.csv";
  static final String PARAMS_TRUTH = "params.json";
  static final String BAD_RECORDS_TRUTH = "bad_records.csv";
  static final String BOTS_TRUTH = "bots.csv";

  private Layout() {}
}
