package fr.audience.sessions;

/** Column names silver adds to the event fields. */
public final class SilverColumns {
  public static final String ARRIVAL_DATE = "arrival_date";
  public static final String LOGIN_USER_ID = "login_user_id";
  public static final String SESSION_ID = "session_id";
  public static final String SESSION_START = "session_start";
  public static final String SESSION_DATE = "session_date";
  public static final String REFERRER_CLASS = "referrer_class";
  public static final String DISPOSITION = "disposition";

  private SilverColumns() {}
}
