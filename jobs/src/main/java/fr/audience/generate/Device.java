package fr.audience.generate;

/**
 * One anonymous device of a reader. {@code loginFromDay} is the window day from which the reader
 * may log in on it: devices first seen logged out give identity stitching something to do.
 */
record Device(
    String id,
    int type,
    String userAgent,
    String ip,
    boolean consentAnalytics,
    boolean consentAds,
    int loginFromDay) {

  static final String[][] USER_AGENTS = {
    {
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
    },
    {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"
    },
    {
      "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    },
    {"LeQuotidien/8.4.1 (iPhone; iOS 17.4; Scale/3.00)"},
    {"LeQuotidien/8.4.1 (Linux; Android 14; Pixel 8)"}
  };
  private static final int[] IP_FIRST_OCTETS = {78, 82, 86, 88, 90, 92, 109, 176, 185, 193};

  static Device draw(Rng rng, int type, int days) {
    // Collectors truncate IPs to their /24.
    String ip =
        IP_FIRST_OCTETS[rng.nextInt(IP_FIRST_OCTETS.length)]
            + "."
            + rng.nextInt(256)
            + "."
            + rng.nextInt(256)
            + ".0";
    int loginFrom = rng.chance(0.3) ? 1 + rng.nextInt(Math.max(1, days)) : 0;
    return new Device(
        hexId('d', rng.nextLong()),
        type,
        rng.pick(USER_AGENTS[type]),
        ip,
        rng.chance(0.85),
        rng.chance(0.65),
        loginFrom);
  }

  boolean isApp() {
    return type >= Vocab.FIRST_APP_DEVICE;
  }

  static String hexId(char prefix, long bits) {
    String hex = Long.toHexString(bits);
    return prefix + "0".repeat(16 - hex.length()) + hex;
  }
}
