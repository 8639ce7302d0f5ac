package fr.audience.generate;

/** Kinds of planted bad input, as counted in _truth/bad_records.csv. */
enum BadKind {
  MALFORMED_JSON,
  WRONG_TYPE,
  MISSING_ID,
  DUPLICATE,
  FUTURE_CLOCK,
  LATE,
  BOT_EVENT,
  MALFORMED_ACCESS,
  CRAWLER_ACCESS;

  /**
   * Kinds planted by rewriting a user's event line (bots are extra lines, access kinds another
   * file).
   */
  static final BadKind[] LINE_KINDS = {
    MALFORMED_JSON, WRONG_TYPE, MISSING_ID, DUPLICATE, FUTURE_CLOCK, LATE
  };

  /** Event-line kinds share the bad fraction equally, bots included. */
  static final int EVENT_KINDS = LINE_KINDS.length + 1;

  final String id = name().toLowerCase();
}
