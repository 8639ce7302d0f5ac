package fr.audience.generate;

import fr.audience.core.Errors;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate. Validated at construction so a bad command line fails before any file is
 * written.
 *
 * @param users number of reader accounts
 * @param days number of event days, starting at {@code startDate}
 * @param startDate first event date (UTC)
 * @param seed the same seed and settings give byte-identical output
 * @param badFraction share of event lines planted as bad input (0 = clean data)
 * @param out root of the raw layout described in docs/raw-formats.md
 * @param segmentOverlap 0 = crisp segments, 0.6 = hard to separate
 * @param historyMonths months of subscription and order history before {@code startDate}
 * @param filesPerDay event and access files per day (one writer thread per file)
 * @param subscriberShare share of readers who ever subscribe, the same in every segment; negative
 *     keeps each segment's planted share (the default, and the demo's)
 */
public record GeneratorSettings(
    int users,
    int days,
    LocalDate startDate,
    long seed,
    double badFraction,
    Path out,
    double segmentOverlap,
    int historyMonths,
    int filesPerDay,
    double subscriberShare) {

  /** Event ids reserve 24 bits for the user index and 12 bits for the day index. */
  static final int MAX_USERS = 10_000_000;

  static final int MAX_DAYS = 4000;
  static final int MAX_FILES = 64;

  public GeneratorSettings {
    require(
        users >= 1 && users <= MAX_USERS,
        "users is " + users,
        "Pass --users between 1 and " + MAX_USERS);
    require(
        days >= 1 && days <= MAX_DAYS, "days is " + days, "Pass --days between 1 and " + MAX_DAYS);
    require(startDate != null, "no start date", "Pass --start-date as YYYY-MM-DD");
    require(
        badFraction >= 0 && badFraction <= 0.5,
        "bad fraction is " + badFraction,
        "Pass --bad-fraction between 0 and 0.5");
    require(out != null, "no output directory", "Pass --out with a directory");
    require(
        segmentOverlap >= 0 && segmentOverlap <= 1,
        "segment overlap is " + segmentOverlap,
        "Pass --segment-overlap between 0 and 1");
    require(
        historyMonths >= 0 && historyMonths <= 240,
        "history months is " + historyMonths,
        "Pass --history-months between 0 and 240");
    require(
        filesPerDay >= 1 && filesPerDay <= MAX_FILES,
        "files per day is " + filesPerDay,
        "Use between 1 and " + MAX_FILES + " files per day");
    require(
        subscriberShare <= 1,
        "subscriber share is " + subscriberShare,
        "Use a share between 0 and 1, or a negative value for each segment's own share");
  }

  /** Each segment keeps its planted subscriber share. */
  public GeneratorSettings(
      int users,
      int days,
      LocalDate startDate,
      long seed,
      double badFraction,
      Path out,
      double segmentOverlap,
      int historyMonths,
      int filesPerDay) {
    this(
        users,
        days,
        startDate,
        seed,
        badFraction,
        out,
        segmentOverlap,
        historyMonths,
        filesPerDay,
        -1);
  }

  /** A dataset rich in subscribers (the churn model's tests), otherwise the same settings. */
  public GeneratorSettings withSubscriberShare(double share) {
    return new GeneratorSettings(
        users,
        days,
        startDate,
        seed,
        badFraction,
        out,
        segmentOverlap,
        historyMonths,
        filesPerDay,
        share);
  }

  private static void require(boolean ok, String why, String remedy) {
    if (!ok) {
      throw Errors.cannot("generate data", why, remedy);
    }
  }
}
