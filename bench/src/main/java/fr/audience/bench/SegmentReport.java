package fr.audience.bench;

import static fr.audience.bench.ReportHeader.fmt;
import static fr.audience.bench.ReportHeader.line;

import fr.audience.bench.SegmentBenchmark.Run;
import fr.audience.bench.SegmentBenchmark.SearchRun;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The segments section of docs/benchmarks.md, written from the runs of every size. */
public final class SegmentReport {
  /** What was run, on what, and the runs of each size, smallest first. */
  public record Result(
      Instant startedAt,
      Machine machine,
      String sparkVersion,
      int cores,
      String algorithm,
      int plantedProfiles,
      int k,
      int kMin,
      int kMax,
      int maxIterations,
      int scoreSampleSize,
      List<Double> loads,
      List<Size> sizes,
      List<Long> notYetMeasured) {
    public double maxLoad() {
      return loads.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
    }
  }

  /**
   * The runs of one number of users; {@code search} and {@code searchFloor} are empty where the k
   * search was not timed.
   */
  public record Size(
      long users,
      double loadSeconds,
      List<Run> train,
      List<Run> bareFit,
      List<Run> inputs,
      List<Run> assign,
      List<Run> bareAssign,
      List<SearchRun> search,
      List<Run> searchFloor) {
    public Stats trainStats() {
      return seconds(train);
    }

    public Stats bareFitStats() {
      return seconds(bareFit);
    }

    public Stats inputsStats() {
      return seconds(inputs);
    }

    /**
     * The least training over bare fit this preprocessing allows: the inputs every training
     * computes (reading, preprocessing, vectors) plus the bare fit, over the bare fit; medians.
     */
    public double trainBound() {
      return (inputsStats().median() + bareFitStats().median()) / bareFitStats().median();
    }

    public Stats assignStats() {
      return seconds(assign);
    }

    public Stats bareAssignStats() {
      return seconds(bareAssign);
    }

    public Stats searchStats() {
      return seconds(search.stream().map(SearchRun::run).toList());
    }

    public Stats searchFloorStats() {
      return seconds(searchFloor);
    }

    /** Training time over the bare k-means fit's, medians. */
    public double trainOverBareFit() {
      return trainStats().median() / bareFitStats().median();
    }

    /** Assignment time over the bare transform and write's, medians. */
    public double assignOverBare() {
      return assignStats().median() / bareAssignStats().median();
    }

    /** The k search's time over the sum of its candidates' bare fits. */
    public double searchOverBareFits() {
      return searchStats().median() / searchFloorStats().median();
    }

    /** Median seconds per k-means iteration of the bare fit. */
    public double secondsPerIteration() {
      return bareFitStats().median()
          / Stats.of(bareFit.stream().map(f -> (double) f.iterations()).toList()).median();
    }

    private static Stats seconds(List<Run> runs) {
      return Stats.of(runs.stream().map(Run::seconds).toList());
    }
  }

  /** Goals: training within 1.5x its bare fits, assignment within 2x its floor. */
  static final double TRAIN_GOAL = 1.5;

  static final double ASSIGN_GOAL = 2.0;

  /** Users assigned per second this machine should reach at the goal size. */
  static final double USERS_PER_SECOND_GOAL = 30_000;

  static final long GOAL_SIZE = 1_000_000;

  private SegmentReport() {}

  /** The largest of a peak over runs: a peak is a maximum, so runs are not averaged. */
  public static long peak(List<Run> runs, ToLongFunction<MemoryProbe.Peak> which) {
    return runs.stream().mapToLong(r -> which.applyAsLong(r.peak())).max().orElse(0);
  }

  /** Median of the larger size over median of the smaller. */
  public static double growth(Stats smaller, Stats larger) {
    return larger.median() / smaller.median();
  }

  public static String render(Result r) {
    StringBuilder md = new StringBuilder();
    Machine m = r.machine();
    Size small = r.sizes().get(0);
    Size large = r.sizes().get(r.sizes().size() - 1);

    ReportHeader.write(
        md,
        "Segments: training and assignment time and memory against the number of users",
        "segments",
        r.startedAt(),
        m,
        fmt("Spark %s, `local[%d]`", r.sparkVersion(), r.cores()),
        r.loads(),
        r.maxLoad(),
        "absolute times are high and noisy; ratios between phases measured in the same run suffer less.");
    line(
        md,
        "- Data: synthetic `gold.user_features` rows (every column of the real table), not built from raw logs,"
            + " which for 1M users would take longer than the benchmark. `SegmentBenchData` plants %d reader profiles"
            + " (unequal weights; each with its own activity level and a dominant section, device, time of day and"
            + " origin holding half of its shares); each user draws a profile, then every feature around it: log-normal"
            + " noise on counts, normal noise on rates, multiplicative noise on shares (renormalised to 1). Written"
            + " to a scratch Delta lakehouse under `audience.bench.out`, never the user's.",
        r.plantedProfiles());
    line(
        md,
        "- Model: the configured pipeline (`%s`, log1p, median imputation, standard scaling; up to %d"
            + " iterations with tolerance 0, so a fit stops earlier only when no centre moves at all; silhouette on"
            + " at most %,d users). **Train** ="
            + " `SegmentTrainer.train`: read the features, fit the preprocessing, fit and score each candidate once,"
            + " assemble the model from the chosen one, take its cluster sizes from its training summary, save and"
            + " register it; first training (no previous model, so no id matching). Fixed k = %d (k-min = k-max)."
            + " **Search** = the same with k over the configured %d..%d (%d candidates). **Bare fit** (the training"
            + " floor) = one MLlib `KMeans.fit` with the same k, seed, iterations and tolerance on the vectors the"
            + " model's preprocessing gives, computed beforehand (not timed); MLlib caches them with their norms as it"
            + " does for any uncached input. The search's floor is the sum of one bare fit per candidate."
            + " **Inputs** = what every training computes before its fits, timed alone: read the features as"
            + " training does, fit the preprocessing, compute and cache every user's vector; (inputs + bare fit) /"
            + " bare fit is the least training / bare fit reachable with this preprocessing as MLlib computes it (the imputer's quantiles, the scaler's moments, the vectors)."
            + " **Assign** = the `segment assign` job (`SegmentAssignJob` via `DailyJob.runRecorded`): score every user,"
            + " write `gold.segments` and `gold.segment_profiles` (Delta), record the run. **Bare assign** (its floor) ="
            + " the model's `transform` of the same users, user id and cluster written as a Delta table by path (no"
            + " catalog, no segment ids, distances, profiles or run record).",
        r.algorithm(),
        r.maxIterations(),
        r.scoreSampleSize(),
        r.k(),
        r.kMin(),
        r.kMax(),
        r.kMax() - r.kMin() + 1);
    line(
        md,
        "- Each time is the median of %s (min..max in brackets), after one unrecorded warm-up (train and assign"
            + " at %,d users).%s",
        runs(r),
        small.users(),
        searchRuns(r));
    if (!r.notYetMeasured().isEmpty()) {
      line(
          md,
          "- **Incomplete**: written after each size; the run stopped before measuring %s users.",
          r.notYetMeasured().stream().map(n -> fmt("%,d", n)).collect(Collectors.joining(", ")));
    }
    md.append('\n');

    md.append("| Users | **Train s** (k = ")
        .append(r.k())
        .append(
            ") | Bare fit s | Bare fit s per iteration | **Train / bare fit** | Inputs s |"
                + " (Inputs + bare fit) / bare fit | **Assign s** |"
                + " Bare transform and write s | **Assign / bare** | Assigned users/s |"
                + " Writing the synthetic users s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Size s : r.sizes()) {
      line(
          md,
          "| %,d | **%s** | %s | %.3f | **x%.2f** | %s | x%.2f | **%s** | %s | **x%.2f** | %,.0f | %.1f |",
          s.users(),
          range(s.trainStats()),
          range(s.bareFitStats()),
          s.secondsPerIteration(),
          s.trainOverBareFit(),
          range(s.inputsStats()),
          s.trainBound(),
          range(s.assignStats()),
          range(s.bareAssignStats()),
          s.assignOverBare(),
          s.users() / s.assignStats().median(),
          s.loadSeconds());
    }
    md.append('\n');
    List<Size> searched = r.sizes().stream().filter(s -> !s.search().isEmpty()).toList();
    if (!searched.isEmpty()) {
      line(
          md,
          "| Users | **Search s** (k %d..%d; k chosen, silhouette) | Bare fits of the %d candidates s |"
              + " **Search / bare fits** |",
          r.kMin(),
          r.kMax(),
          r.kMax() - r.kMin() + 1);
      md.append("|---|---|---|---|\n");
      for (Size s : searched) {
        line(
            md,
            "| %,d | **%s** | %s | **x%.2f** |",
            s.users(),
            search(s),
            range(s.searchFloorStats()),
            s.searchOverBareFits());
      }
      md.append('\n');
    }
    goals(md, r);

    md.append(
        "Memory peaks per phase, the largest over the phase's runs. JVM heap: sum of the heap pools' peak usage,"
            + " reset (after a `System.gc()`) when the phase starts; an upper bound, since young pools peak just before"
            + " each collection and not all at once, and it counts garbage not yet collected. Old generation: its own"
            + " peak, closer to the data the phase really keeps. Task execution: the largest `peakExecutionMemory` Spark"
            + " reported for one task (memory of its sorts, aggregations and joins).\n\n");
    md.append(
        "| Users | Phase | Heap in use at start (after GC) MB | JVM heap peak MB | Old generation peak MB |"
            + " Largest task execution peak MB |\n|---|---|---|---|---|---|\n");
    for (Size s : r.sizes()) {
      memoryRow(md, s.users(), "train (k = " + r.k() + ")", s.train);
      if (!s.search.isEmpty()) {
        memoryRow(
            md,
            s.users(),
            "search (k " + r.kMin() + ".." + r.kMax() + ")",
            s.search.stream().map(SearchRun::run).toList());
      }
      memoryRow(md, s.users(), "bare k-means fit", s.bareFit);
      memoryRow(md, s.users(), "assign", s.assign);
      memoryRow(md, s.users(), "bare transform and write", s.bareAssign);
    }
    md.append('\n');

    if (r.sizes().size() > 1) {
      double usersRatio = (double) large.users() / small.users();
      String x =
          usersRatio == Math.rint(usersRatio) ? fmt("x%.0f", usersRatio) : fmt("x%.1f", usersRatio);
      line(
          md,
          "Growth from %,d to %,d users (%s), median over median for times, largest over largest for peaks"
              + " (%s is linear):",
          small.users(),
          large.users(),
          x,
          x);
      md.append('\n');
      md.append("| Measure | Growth |\n|---|---|\n");
      line(
          md,
          "| **train** (k = %d) | **x%.2f** |",
          r.k(),
          growth(small.trainStats(), large.trainStats()));
      line(md, "| bare k-means fit | x%.2f |", growth(small.bareFitStats(), large.bareFitStats()));
      if (!small.search.isEmpty() && !large.search.isEmpty()) {
        line(
            md,
            "| search (k %d..%d) | x%.2f |",
            r.kMin(),
            r.kMax(),
            growth(small.searchStats(), large.searchStats()));
      }
      line(md, "| **assign** | **x%.2f** |", growth(small.assignStats(), large.assignStats()));
      peakGrowth(md, "JVM heap peak", small, large, MemoryProbe.Peak::heapBytes);
      peakGrowth(md, "old generation peak", small, large, MemoryProbe.Peak::oldGenBytes);
      md.append('\n');
    }
    reading(md, r, small, large);
    return md.toString();
  }

  private static void peakGrowth(
      StringBuilder md,
      String what,
      Size small,
      Size large,
      ToLongFunction<MemoryProbe.Peak> which) {
    line(
        md,
        "| %s, train / assign | x%.2f / x%.2f |",
        what,
        (double) peak(large.train, which) / peak(small.train, which),
        (double) peak(large.assign, which) / peak(small.assign, which));
  }

  private static void goals(StringBuilder md, Result r) {
    md.append("Goals:\n\n");
    for (Size s : r.sizes()) {
      line(
          md,
          "- %,d users: training x%.2f its bare fit (goal at most x%.1f, %s; the preprocessing's inputs"
              + " alone put training at x%.2f or more); assignment x%.2f its bare"
              + " transform and write (goal at most x%.1f, %s)%s.",
          s.users(),
          s.trainOverBareFit(),
          TRAIN_GOAL,
          reached(s.trainOverBareFit() <= TRAIN_GOAL),
          s.trainBound(),
          s.assignOverBare(),
          ASSIGN_GOAL,
          reached(s.assignOverBare() <= ASSIGN_GOAL),
          s.search().isEmpty()
              ? ""
              : fmt(
                  "; the k search x%.2f the bare fits of its candidates (goal at most x%.1f, %s)",
                  s.searchOverBareFits(),
                  TRAIN_GOAL,
                  reached(s.searchOverBareFits() <= TRAIN_GOAL)));
      if (s.users() == GOAL_SIZE) {
        double perSecond = s.users() / s.assignStats().median();
        line(
            md,
            "- %,d users assigned per second at %,d users (goal at least %,.0f on this %d-core machine, %s).",
            Math.round(perSecond),
            s.users(),
            USERS_PER_SECOND_GOAL,
            r.cores(),
            reached(perSecond >= USERS_PER_SECOND_GOAL));
      }
    }
    md.append('\n');
  }

  private static String reached(boolean reached) {
    return reached ? "reached" : "not reached";
  }

  private static void reading(StringBuilder md, Result r, Size small, Size large) {
    md.append("### Reading the figures\n\n");
    for (Size s : small == large ? List.of(small) : List.of(small, large)) {
      double bare = s.bareFitStats().median();
      double train = s.trainStats().median();
      line(
          md,
          "- At %,d users the bare k-means fit took %.0f%% of a training (%.1f of %.1f s, %s iterations);"
              + " the rest is reading the Delta table, the preprocessing (the imputer's medians, the scaler's"
              + " moments), the vectors' first pass, the candidate's silhouette, the cluster sizes, and saving and"
              + " registering the model.",
          s.users(),
          100 * bare / train,
          bare,
          train,
          iterations(s));
    }
    if (small != large) {
      double trainGrowth = growth(small.trainStats(), large.trainStats());
      double assignGrowth = growth(small.assignStats(), large.assignStats());
      line(
          md,
          "- Per iteration the bare fit took %.3f s at %,d users and %.3f s at %,d (x%.1f for x%.0f users;"
              + " the k-means|| initialisation is spread over the iterations, so fewer iterations weigh more);"
              + " training grew x%.2f and assignment x%.2f. What is not per user (Spark jobs, Delta commits and"
              + " the catalog, the silhouette on a sample capped at %,d users, saving the model, the profiles'"
              + " small aggregations) weighs more at the smaller size.",
          small.secondsPerIteration(),
          small.users(),
          large.secondsPerIteration(),
          large.users(),
          large.secondsPerIteration() / small.secondsPerIteration(),
          (double) large.users() / small.users(),
          trainGrowth,
          assignGrowth,
          r.scoreSampleSize());
    }
    SearchRun first =
        r.sizes().stream()
            .filter(s -> !s.search.isEmpty())
            .map(s -> s.search.get(0))
            .findFirst()
            .orElse(null);
    if (first != null) {
      line(
          md,
          "- The automatic search chose k = %d with %d profiles planted (silhouette %.3f at that k); the"
              + " synthetic profiles are better separated than real readers (the hard-overlap data of docs/segments.md"
              + " scores 0.11..0.15).",
          first.chosenK(),
          r.plantedProfiles(),
          first.bestScore());
    }
    line(
        md,
        "- The JVM heap peak mostly follows the young generation's size, which G1 grows towards the maximum"
            + " heap under allocation, not the data; the old generation's peak and the task execution peak are the"
            + " figures to read for what a size needs.");
    md.append('\n');
  }

  private static String iterations(Size s) {
    return s.bareFit.stream()
        .map(f -> String.valueOf(f.iterations()))
        .distinct()
        .collect(Collectors.joining("/"));
  }

  private static String runs(Result r) {
    Size first = r.sizes().get(0);
    boolean same = r.sizes().stream().allMatch(s -> s.train.size() == first.train.size());
    String timed =
        same
            ? fmt("%d runs", first.train.size())
            : r.sizes().stream()
                .map(
                    s ->
                        fmt(
                            "%d run%s at %,d users",
                            s.train.size(), s.train.size() == 1 ? "" : "s", s.users()))
                .collect(Collectors.joining(", "));
    return timed;
  }

  private static String searchRuns(Result r) {
    List<Size> searched = r.sizes().stream().filter(s -> !s.search.isEmpty()).toList();
    if (searched.isEmpty()) {
      return " The automatic k search was not timed.";
    }
    return " The automatic k search ran "
        + searched.stream()
            .map(
                s ->
                    fmt(
                        "%s at %,d users",
                        s.search.size() == 1 ? "once" : s.search.size() + " times", s.users()))
            .collect(Collectors.joining(", "))
        + (searched.size() < r.sizes().size()
            ? " only: it costs about one fixed-k training per candidate, too long at the larger size here."
            : ".");
  }

  private static String search(Size s) {
    if (s.search.isEmpty()) {
      return "not timed";
    }
    SearchRun first = s.search.get(0);
    return fmt("%s (k = %d, %.3f)", range(s.searchStats()), first.chosenK(), first.bestScore());
  }

  private static void memoryRow(StringBuilder md, long users, String phase, List<Run> runs) {
    line(
        md,
        "| %,d | %s | %,.0f | %,.0f | %,.0f | %,.0f |",
        users,
        phase,
        mb(peak(runs, MemoryProbe.Peak::liveAtStartBytes)),
        mb(peak(runs, MemoryProbe.Peak::heapBytes)),
        mb(peak(runs, MemoryProbe.Peak::oldGenBytes)),
        mb(peak(runs, MemoryProbe.Peak::taskExecutionBytes)));
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }

  private static String range(Stats s) {
    return s.runs() == 1
        ? fmt("%.1f", s.median())
        : fmt("%.1f (%.1f..%.1f)", s.median(), s.min(), s.max());
  }
}
