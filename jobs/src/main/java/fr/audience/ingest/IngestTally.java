package fr.audience.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * What a parse of raw lines saw, gathered from its tasks as they write: lines and rejected lines
 * per delivery day, and the rejected lines themselves up to a number of characters, in each task
 * and over all tasks (past that they are only counted and the tally says it {@link
 * Tally#overflowed}, so the caller reads them again from the files rather than holding a bad
 * delivery in the driver).
 *
 * <p>Each task adds its tally once, when it has read its last line. Spark applies the update of a
 * result task once, and none from a failed attempt; the caller also compares the valid count with
 * the rows Delta wrote.
 */
public final class IngestTally extends AccumulatorV2<IngestTally.Tally, IngestTally.Tally> {
  private final long maxChars;
  private Tally tally;

  /** A tally holding at most {@code maxChars} characters of rejected lines. */
  public IngestTally(long maxChars) {
    this.maxChars = maxChars;
    this.tally = new Tally(maxChars);
  }

  /** A fresh task-side tally with this accumulator's limit. */
  Tally newTally() {
    return new Tally(maxChars);
  }

  /** A rejected line: its delivery day (days since the epoch), file, reason, detail and text. */
  public record Rejected(Integer day, String file, String reason, String detail, String line)
      implements Serializable {}

  /** Counts per delivery day and per file ({lines, rejected}) and the rejected lines kept. */
  public static final class Tally implements Serializable {
    private final long maxChars;
    private final Map<Integer, long[]> days = new TreeMap<>();
    private final Map<String, long[]> files = new TreeMap<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private long rejectedChars;
    private boolean overflowed;

    Tally(long maxChars) {
      this.maxChars = maxChars;
    }

    /** The counts of the day of the last line, looked up again only when the day changes. */
    private long[] counts(Integer day) {
      if (last == null || !java.util.Objects.equals(day, lastDay)) {
        last = days.computeIfAbsent(day, d -> new long[2]);
        lastDay = day;
      }
      return last;
    }

    private Integer lastDay;
    private long[] last;

    /** The counts of the file of the last line, looked up again only when the file changes. */
    private long[] fileCounts(String file) {
      if (lastFileCounts == null || !file.equals(lastFile)) {
        lastFileCounts = files.computeIfAbsent(file, f -> new long[2]);
        lastFile = file;
      }
      return lastFileCounts;
    }

    private String lastFile;
    private long[] lastFileCounts;

    void line(Integer day, String file) {
      counts(day)[0]++;
      fileCounts(file)[0]++;
    }

    void rejected(Integer day, String file, String reason, String detail, String line) {
      counts(day)[1]++;
      fileCounts(file)[1]++;
      if (overflowed) {
        return;
      }
      rejectedChars += line.length();
      if (rejectedChars > maxChars) {
        overflowed = true;
        rejected.clear();
        return;
      }
      rejected.add(new Rejected(day, file, reason, detail, line));
    }

    void add(Tally other) {
      // merge may replace the arrays counts() and fileCounts() remember
      last = null;
      lastFileCounts = null;
      other.days.forEach(
          (day, n) -> days.merge(day, n.clone(), (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
      other.files.forEach(
          (f, n) -> files.merge(f, n.clone(), (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
      rejectedChars += other.rejectedChars;
      overflowed |= other.overflowed || rejectedChars > maxChars;
      if (overflowed) {
        rejected.clear();
      } else {
        rejected.addAll(other.rejected);
      }
    }

    /** Lines read per delivery day (null: a file outside any event_date= folder). */
    public Map<Integer, long[]> days() {
      return days;
    }

    /** Lines read ({lines, rejected}) per file, by the path the reader gave. */
    public Map<String, long[]> files() {
      return files;
    }

    public long lines() {
      return days.values().stream().mapToLong(n -> n[0]).sum();
    }

    public long rejectedLines() {
      return days.values().stream().mapToLong(n -> n[1]).sum();
    }

    /** The rejected lines, every one unless {@link #overflowed}. */
    public List<Rejected> rejectedRows() {
      if (overflowed) {
        throw new IllegalStateException("the rejected lines overflowed the tally");
      }
      return rejected;
    }

    public boolean overflowed() {
      return overflowed;
    }
  }

  @Override
  public boolean isZero() {
    return tally.days.isEmpty() && !tally.overflowed;
  }

  @Override
  public IngestTally copy() {
    IngestTally copy = new IngestTally(maxChars);
    copy.tally.add(tally);
    return copy;
  }

  @Override
  public void reset() {
    tally = new Tally(maxChars);
  }

  @Override
  public void add(Tally v) {
    tally.add(v);
  }

  @Override
  public void merge(AccumulatorV2<Tally, Tally> other) {
    tally.add(other.value());
  }

  @Override
  public Tally value() {
    return tally;
  }
}
