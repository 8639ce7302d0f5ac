package fr.audience.generate;

/** What planted bots look like in the event stream. */
final class Bots {
  static final String[] USER_AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    "python-requests/2.31.0",
    "Scrapy/2.11.2 (+https://scrapy.org)"
  };

  /** Cloud provider ranges (first two octets, Paris and Frankfurt regions). */
  static final String[] DATACENTER_PREFIXES = {"35.180.", "13.38.", "3.120."};

  private Bots() {}
}
