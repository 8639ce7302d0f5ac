package fr.audience.bench;

import static fr.audience.bench.ReportFixture.HEADER;
import static fr.audience.bench.ReportFixture.MACHINE;
import static fr.audience.bench.ReportFixture.SPARK;
import static fr.audience.bench.ReportFixture.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.bench.SegmentBenchmark.Run;
import fr.audience.bench.SegmentBenchmark.SearchRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentReportTest {
  private static Run run(double seconds, long heapMb, int iterations) {
    return new Run(
        seconds,
        new MemoryProbe.Peak(heapMb * 1_000_000, heapMb * 500_000, 64_000_000, 300_000_000),
        iterations);
  }

  private static final SegmentReport.Size SMALL =
      new SegmentReport.Size(
          100_000,
          12.0,
          List.of(run(30, 1000, 0), run(20, 1200, 0), run(40, 1100, 0)),
          List.of(run(5, 800, 7), run(4, 800, 7), run(6, 800, 7)),
          List.of(run(2, 600, 0), run(3, 600, 0), run(9, 600, 0)),
          List.of(run(10, 900, 0), run(12, 900, 0), run(11, 900, 0)),
          List.of(run(4, 700, 0), run(6, 700, 0), run(5, 700, 0)),
          List.of(new SearchRun(run(200, 1500, 0), 8, 11, 0.6543)),
          List.of(run(100, 900, 77)));
  private static final SegmentReport.Size LARGE =
      new SegmentReport.Size(
          1_000_000,
          60.0,
          List.of(run(150, 3000, 0)),
          List.of(run(50, 2400, 9)),
          List.of(run(10, 2000, 0)),
          List.of(run(55, 1800, 0)),
          List.of(run(25, 1000, 0)),
          List.of(),
          List.of());

  /** The section of a run with k = 8 of 8 planted profiles, searched over 4..14. */
  private static String render(
      List<Double> loads, List<SegmentReport.Size> sizes, List<Long> notMeasured) {
    return SegmentReport.render(
        new SegmentReport.Result(
            STARTED,
            MACHINE,
            SPARK,
            2,
            "kmeans",
            8,
            8,
            4,
            14,
            50,
            20_000,
            loads,
            sizes,
            notMeasured));
  }

  @Test
  void ratiosAreMediansAndPeaksTheLargestRun() {
    assertThat(SMALL.trainOverBareFit()).isEqualTo(30.0 / 5.0);
    assertThat(SMALL.assignOverBare()).isEqualTo(11.0 / 5.0);
    assertThat(SMALL.searchOverBareFits()).isEqualTo(200.0 / 100.0);
    assertThat(SMALL.secondsPerIteration()).isEqualTo(5.0 / 7);
    assertThat(SMALL.trainBound()).isEqualTo((3.0 + 5.0) / 5.0);
    assertThat(SegmentReport.growth(SMALL.trainStats(), LARGE.trainStats())).isEqualTo(5.0);
    assertThat(SegmentReport.growth(SMALL.assignStats(), LARGE.assignStats())).isEqualTo(5.0);
    assertThat(SegmentReport.peak(SMALL.train(), MemoryProbe.Peak::heapBytes))
        .isEqualTo(1_200_000_000L);
  }

  @Test
  void rendersTimesMemoryAndGrowth() {
    String md = render(List.of(0.5, 3.0), List.of(SMALL, LARGE), List.of());
    assertThat(md)
        .contains(HEADER)
        .contains(
            "0.5, 3.0",
            "Taken on a loaded machine",
            "3 runs at 100,000 users, 1 run at 1,000,000 users",
            "ran once at 100,000 users only",
            "| 100,000 | **30.0 (20.0..40.0)** | 5.0 (4.0..6.0) | 0.714 | **x6.00** | 3.0 (2.0..9.0) |"
                + " x1.60 | **11.0 (10.0..12.0)** | 5.0 (4.0..6.0) | **x2.20** | 9,091 | 12.0 |",
            "| 1,000,000 | **150.0** | 50.0 | 5.556 | **x3.00** | 10.0 | x1.20 | **55.0** | 25.0 | **x2.20** | 18,182"
                + " | 60.0 |",
            "| 100,000 | **200.0 (k = 8, 0.654)** | 100.0 | **x2.00** |",
            "- 100,000 users: training x6.00 its bare fit (goal at most x1.5, not reached; the"
                + " preprocessing's inputs alone put training at x1.60 or more); assignment"
                + " x2.20 its bare transform and write (goal at most x2.0, not reached); the k search x2.00"
                + " the bare fits of its candidates (goal at most x1.5, not reached).",
            "- 18,182 users assigned per second at 1,000,000 users (goal at least 30,000 on this 2-core"
                + " machine, not reached).",
            "| 100,000 | train (k = 8) | 300 | 1,200 | 600 | 64 |",
            "| 100,000 | search (k 4..14) | 300 | 1,500 | 750 | 64 |",
            "| 100,000 | bare transform and write | 300 | 700 | 350 | 64 |",
            "(x10 is linear)",
            "| **train** (k = 8) | **x5.00** |",
            "| **assign** | **x5.00** |",
            "| JVM heap peak, train / assign | x2.50 / x2.00 |",
            "7 iterations",
            "9 iterations",
            "Per iteration the bare fit took 0.714 s at 100,000 users and 5.556 s at 1,000,000 (x7.8 for"
                + " x10 users;",
            "chose k = 8 with 8 profiles planted");
    assertThat(md).doesNotContain("search (k 4..14) | x", "Incomplete");
  }

  @Test
  void goalsWithinReachSayReached() {
    SegmentReport.Size fast =
        new SegmentReport.Size(
            1_000_000,
            60.0,
            List.of(run(15, 1000, 0)),
            List.of(run(12, 1000, 20)),
            List.of(run(2, 1000, 0)),
            List.of(run(30, 1000, 0)),
            List.of(run(20, 1000, 0)),
            List.of(),
            List.of());
    assertThat(render(List.of(0.1), List.of(fast), List.of()))
        .contains(
            "- 1,000,000 users: training x1.25 its bare fit (goal at most x1.5, reached; the preprocessing's"
                + " inputs alone put training at x1.17 or more); assignment"
                + " x1.50 its bare transform and write (goal at most x2.0, reached).",
            "- 33,333 users assigned per second at 1,000,000 users (goal at least 30,000 on this 2-core"
                + " machine, reached).")
        .doesNotContain("not reached");
  }

  @Test
  void aRunStoppedBeforeTheLargestSizeSaysSo() {
    String md = render(List.of(0.5), List.of(SMALL), List.of(1_000_000L));
    assertThat(md)
        .contains(
            "the run stopped before measuring 1,000,000 users", "| 100,000 | **30.0 (20.0..40.0)**")
        .doesNotContain("Growth from");
  }
}
