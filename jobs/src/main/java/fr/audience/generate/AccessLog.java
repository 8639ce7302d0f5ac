package fr.audience.generate;

/** Lines of the CDN access log in Apache "combined" format, crawlers and broken lines included. */
final class AccessLog {
  /** Crawlers with the /24 they crawl from. */
  static final String[][] CRAWLERS = {
    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.0"},
    {"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "157.55.39.0"},
    {"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "54.36.148.0"},
    {"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "5.255.253.0"},
    {
      "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "185.191.171.0"
    },
    {
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
      "20.171.207.0"
    }
  };

  private static final int[] CRAWLER_STATUS = {200, 200, 200, 200, 301, 404};

  private AccessLog() {}

  static String pageView(StringBuilder sb, Event e, int bytes) {
    String path = e.path;
    if (e.utmCampaign != null) {
      path +=
          "?utm_source="
              + e.utmSource
              + "&utm_medium="
              + e.utmMedium
              + "&utm_campaign="
              + e.utmCampaign;
    }
    String ref = e.referrer == null || e.referrer.isEmpty() ? "-" : e.referrer;
    return line(sb, e.ip, e.tsMillis, path, 200, bytes, ref, e.userAgent);
  }

  static String crawler(StringBuilder sb, Rng rng, Catalog c, long ts) {
    String[] crawler = CRAWLERS[rng.nextInt(CRAWLERS.length)];
    String path = c.paths[rng.nextInt(c.paths.length)];
    int status = CRAWLER_STATUS[rng.nextInt(CRAWLER_STATUS.length)];
    return line(
        sb,
        crawler[1],
        ts,
        path,
        status,
        status == 200 ? 20_000 + rng.nextInt(80_000) : 0,
        "-",
        crawler[0]);
  }

  /** A line cut short, as when a log shipper dies mid-write: never a complete combined line. */
  static String malformed(StringBuilder sb, Rng rng, Catalog c, long ts) {
    String full =
        line(
            sb,
            "90.1.2.0",
            ts,
            c.paths[rng.nextInt(c.paths.length)],
            200,
            1234,
            "-",
            Device.USER_AGENTS[1][0]);
    return full.substring(0, 5 + rng.nextInt(full.length() - 10));
  }

  private static String line(
      StringBuilder sb,
      String ip,
      long ts,
      String path,
      int status,
      int bytes,
      String referrer,
      String userAgent) {
    sb.setLength(0);
    sb.append(ip).append(" - - [");
    Clock.appendApache(sb, ts);
    sb.append("] \"GET ")
        .append(path)
        .append(" HTTP/1.1\" ")
        .append(status)
        .append(' ')
        .append(bytes)
        .append(" \"")
        .append(referrer)
        .append("\" \"")
        .append(userAgent)
        .append('"');
    return sb.toString();
  }
}
