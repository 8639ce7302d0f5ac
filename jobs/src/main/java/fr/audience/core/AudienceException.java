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

  private final boolean refusedInput;

  AudienceException(String what, String why, String remedy, Throwable cause) {
    this(what, why, remedy, cause, false);
  }

  AudienceException(String what, String why, String remedy, Throwable cause, boolean refusedInput) {
    super(Errors.message(what, why, remedy), cause);
    this.what = what;
    this.why = why;
    this.remedy = remedy;
    this.refusedInput = refusedInput;
  }

  /**
   * Whether the job refused its input (incomplete, corrupt, too bad, or its upstream not
   * published): running it again unchanged fails the same way, so schedulers should not retry it
   * (exit code {@link Errors#EXIT_REFUSED_INPUT}).
   */
  public boolean refusedInput() {
    return refusedInput;
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
