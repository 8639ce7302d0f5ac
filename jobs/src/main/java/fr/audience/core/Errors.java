package fr.audience.core;

import java.time.LocalDate;

/** The one place user-facing error messages are written. */
public final class Errors {
  private Errors() {}

  /** Exit code of a job that refused its input: not worth an automatic retry. */
  public static final int EXIT_REFUSED_INPUT = 3;

  /**
   * The job refused its input (see {@link AudienceException#refusedInput()}): bad, incomplete or
   * not yet published upstream.
   */
  public static AudienceException refused(String what, String why, String remedy) {
    return new AudienceException(what, why, remedy, null, true);
  }

  public static AudienceException cannot(String what, String why, String remedy) {
    return new AudienceException(what, why, remedy, null);
  }

  public static AudienceException cannot(String what, String why, String remedy, Throwable cause) {
    return new AudienceException(what, why, remedy, cause);
  }

  /** The one wording of an error, for the places that raise it as text (a Spark raise_error). */
  public static String message(String what, String why, String remedy) {
    return "Cannot " + what + ": " + why + ". " + remedy;
  }

  /** The same failure seen from a wider task, e.g. a model fit as part of one cohort's fit. */
  public static AudienceException within(AudienceException e, String context) {
    return cannot(e.what() + " " + context, e.why(), e.remedy(), e);
  }

  /**
   * The first line of a (possibly multi-line) exception message, without its final period, to quote
   * inside a one-line message; {@code ifNone} when there is no message.
   */
  public static String firstLine(String message, String ifNone) {
    if (message == null || message.isBlank()) {
      return ifNone;
    }
    String line = message.strip().split("\\R", 2)[0];
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  public static String firstLine(String message) {
    return firstLine(message, "unknown problem");
  }

  /** The first line of a failure's message, or its class name when it has none. */
  public static String firstLine(Throwable failure) {
    return firstLine(failure.getMessage(), failure.getClass().getSimpleName());
  }

  /**
   * A job's input is absent: name the command that writes it, for the dates it is needed.
   *
   * @param doing what failed, e.g. "run features for 2026-03-02"
   * @param input the missing table, e.g. "silver.sessions"
   * @param upstream the command that writes it, e.g. "sessionize"
   */
  public static AudienceException inputMissing(
      String doing, String input, String upstream, DateRange dates) {
    return inputMissing(doing, input, "does not exist", upstream, dates);
  }

  /**
   * A job's input exists but lacks what it needs ({@code gap}, e.g. "has no row as of 2026-03-02").
   */
  public static AudienceException inputMissing(
      String doing, String input, String gap, String upstream, DateRange dates) {
    return refused(doing, input + " " + gap, runCommand(upstream, dates));
  }

  /** A scoring job finds no trained model for the date. */
  public static AudienceException modelMissing(
      String doing, String model, LocalDate date, String trainCommand) {
    return cannot(
        doing,
        "no " + model + " model was trained for " + date + " or before",
        runCommand(trainCommand, DateRange.of(date)));
  }

  /** A saved model cannot be read back. */
  public static AudienceException modelUnreadable(
      String model, String path, Throwable failure, String retrain) {
    return cannot(
        "load the " + model,
        "reading " + path + " failed: " + firstLine(failure),
        "Retrain it: bin/audience " + retrain,
        failure);
  }

  /** A saved model cannot be written. */
  public static AudienceException modelUnwritable(String model, String dir, Throwable failure) {
    return writeFailed(
        "save the " + model, dir, failure, "Check that audience.paths.models is writable");
  }

  /** Writing a file or folder failed, e.g. doing "generate data", target a path under --out. */
  public static AudienceException writeFailed(
      String doing, Object target, Throwable failure, String remedy) {
    return cannot(doing, "writing " + target + " failed: " + firstLine(failure), remedy, failure);
  }

  /** A train command was given a date range. */
  public static AudienceException trainingRange(String model, DateRange dates) {
    return cannot(
        "train the " + model,
        "a model is trained for one date, not " + dates,
        "Give --date YYYY-MM-DD");
  }

  /** A model cannot be fitted to the data it was given. */
  public static AudienceException cannotFit(String model, String why, String remedy) {
    return cannot("fit " + model, why, remedy);
  }

  /** A line of a user's input file is wrong; lines count from 1, the header included. */
  public static AudienceException badLine(Object file, long line, String why, String remedy) {
    return cannot("read " + file, "line " + line + " " + why, remedy);
  }

  private static String runCommand(String command, DateRange dates) {
    return "Run: bin/audience "
        + command
        + (dates.from().equals(dates.to())
            ? " --date " + dates.from()
            : " --from " + dates.from() + " --to " + dates.to());
  }

  public static AudienceException unknownConfigKey(String key, String origin) {
    return cannot(
        "load configuration",
        "unknown key '" + key + "' (" + origin + ")",
        "Check its spelling against jobs/src/main/resources/reference.conf");
  }

  public static AudienceException badConfigValue(String key, String problem) {
    return cannot(
        "load configuration",
        "key '" + key + "' " + problem,
        "Fix it in conf/ or in the --conf option");
  }

  /**
   * A raw delivery is absent: it comes from outside the lakehouse, so no command of ours writes it.
   */
  public static AudienceException rawInputMissing(String job, LocalDate date, String where) {
    return refused(
        "run " + job + " for " + date,
        "no input found at " + where,
        "Check audience.paths.raw or run the collector for that date first");
  }

  /** A raw delivery is there but cannot be trusted: incomplete, empty, corrupt or oversized. */
  public static AudienceException badDelivery(
      String job, LocalDate date, String why, String remedy) {
    return refused("run " + job + " for " + date, why + "; nothing was published", remedy);
  }

  public static AudienceException tooMuchQuarantine(
      String job, LocalDate date, long quarantined, long rowsIn, double share, double limit) {
    return refused(
        "publish " + job + " for " + date,
        String.format(
            java.util.Locale.ROOT,
            "%d of %d records (%.2f%%) were quarantined, above the %.2f%% limit",
            quarantined,
            rowsIn,
            100 * share,
            100 * limit),
        "Inspect them with: bin/audience sql \"SELECT reason, count(*) FROM bronze.quarantine WHERE run_id = '<run id>' GROUP BY reason\""
            + " or raise audience."
            + job
            + ".max-quarantine-share");
  }

  public static AudienceException badDate(String option, String value) {
    return cannot(
        "read " + option,
        "'" + value + "' is not a date in YYYY-MM-DD form",
        "Give it like " + option + " 2026-03-02");
  }

  public static AudienceException badRange(LocalDate from, LocalDate to) {
    return cannot("read the date range", "--from " + from + " is after --to " + to, "Swap them");
  }

  public static AudienceException noDates() {
    return cannot(
        "choose the dates to process",
        "neither --date nor --from/--to was given",
        "Give --date YYYY-MM-DD, or --from and --to for a range");
  }
}
