package fr.audience.ingest;

/**
 * The vocabulary of event-line parsing: the columns a rejected line carries and its reason codes
 * (docs/raw-formats.md). {@link EventLineParser} applies the rules.
 */
public final class EventParsing {
  public static final String VALUE = "value";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  static final String CORRUPT = "_corrupt_record";
  static final String TS_PATTERN = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS][.SS][.S]XXX";

  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE";
  public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
  public static final String NON_FINITE = "NON_FINITE";

  /** A line that is not valid UTF-8 (reason of the line screen, both feeds). */
  public static final String BAD_ENCODING = "BAD_ENCODING";

  /** A line longer than audience.ingest.max-line-bytes (its first characters are kept). */
  public static final String LINE_TOO_LONG = "LINE_TOO_LONG";

  private EventParsing() {}
}
