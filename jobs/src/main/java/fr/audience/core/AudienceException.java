package fr.audience.core;

/**
 * A failure the user can act on: its message is one line, "Cannot <do what>: <why>. <remedy>".
 * Built only by {@link Errors}; keeps its three parts so a caller can add context without parsing
 * the message back.
 */
public final class AudienceException extends RuntimeException {
  private final String what;
  private final String why;
  private final String remedy;

  AudienceException(String what, String why, String remedy, Throwable cause) {
    super(Errors.message(what, why, remedy), cause);
    this.what = what;
    this.why = why;
    this.remedy = remedy;
  }

  /** What could not be done, e.g. "fit BG/NBD". */
  public String what() {
    return what;
  }

  /** Why not, e.g. "there are no customers". */
  public String why() {
    return why;
  }

  /** What the user can do about it. */
  public String remedy() {
    return remedy;
  }
}
