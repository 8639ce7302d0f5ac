package fr.audience.quality;

import java.time.LocalDate;

/** The outcome of one check on one date of a table. */
public record CheckResult(
    String table,
    String check,
    Check.Level level,
    boolean passed,
    String observed,
    String expected,
    String message,
    LocalDate date) {

  public boolean blocks() {
    return !passed && level == Check.Level.ERROR;
  }
}
