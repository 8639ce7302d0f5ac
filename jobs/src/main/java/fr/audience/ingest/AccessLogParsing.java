package fr.audience.ingest;

/**
 * The Apache/Nginx "combined" access-log format: field names, the expression a line must match and
 * its timestamp pattern. {@link AccessLineParser} applies them.
 */
public final class AccessLogParsing {
  public static final String IP = "ip";
  public static final String IDENT = "ident";
  public static final String AUTH_USER = "auth_user";
  public static final String TS = "ts";
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String PROTOCOL = "protocol";
  public static final String STATUS = "status";
  public static final String BYTES = "bytes";
  public static final String REFERRER = "referrer";
  public static final String USER_AGENT = "user_agent";
  public static final String MALFORMED_ACCESS_LINE = "MALFORMED_ACCESS_LINE";

  static final String COMBINED =
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"\\s*$";
  static final String TS_PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

  private AccessLogParsing() {}
}
