package fr.audience.bench;

import static fr.audience.bench.ReportFixture.HEADER;
import static fr.audience.bench.ReportFixture.MACHINE;
import static fr.audience.bench.ReportFixture.SPARK;
import static fr.audience.bench.ReportFixture.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClvReportTest {
  private static final ClvReport.Size SMALL =
      new ClvReport.Size(
          100_000,
          List.of(
              new ClvBenchmark.Timing(100_000, 1000, 300, 1.0, 2.0, 4.0, 2.0, 3.0, 500, 1.0, 8.0),
              new ClvBenchmark.Timing(100_000, 1000, 300, 3.0, 2.0, 6.0, 3.0, 4.0, 500, 2.0, 9.0),
              new ClvBenchmark.Timing(
                  100_000, 1000, 300, 2.0, 2.0, 5.0, 2.5, 3.5, 500, 1.5, 10.0)));
  private static final ClvReport.Size LARGE =
      new ClvReport.Size(
          1_000_000,
          List.of(
              new ClvBenchmark.Timing(
                  1_000_000, 1500, 300, 4.0, 2.0, 15.0, 10.0, 12.0, 900, 20.0, 100.0)));

  @Test
  void growthIsMedianOverMedian() {
    assertThat(ClvReport.growth(SMALL, LARGE, ClvBenchmark.Timing::fitSeconds))
        .isEqualTo(6.0 / 4.0);
    assertThat(ClvReport.growth(SMALL, LARGE, ClvBenchmark.Timing::mleSeconds)).isEqualTo(1.0);
    assertThat(ClvReport.growth(SMALL, LARGE, ClvBenchmark.Timing::scoreSeconds)).isEqualTo(3.0);
  }

  @Test
  void rendersEverySizeAndTheGrowth() {
    String md =
        ClvReport.render(
            new ClvReport.Result(
                STARTED,
                MACHINE,
                SPARK,
                2,
                20_000,
                1,
                "week",
                List.of(0.5, 3.0),
                List.of(SMALL, LARGE)));
    assertThat(md)
        .contains(HEADER)
        .contains(
            "0.5, 3.0",
            "Taken on a loaded machine",
            // Scoring median 5 over Spark floor median 2.5 = 2.00; columns median 3.5 over 2.5 =
            // 1.40; bound (3.5 + 1.5 / 2 cores) / 2.5 = 1.70; scoring over the Java loop median 9 =
            // 0.56.
            "| 100,000 | 1,000 | 300 | 2.00 (1.00..3.00) | 2.00 (2.00..2.00) | **4.00 (3.00..5.00)** | 5.00 (4.00..6.00)"
                + " | 20,000 | 2.50 (2.00..3.00) | **2.00** | 3.50 (3.00..4.00) | 1.40 | 500 | 1.50 (1.00..2.00)"
                + " | 1.70 | 9.00 (8.00..10.00) | 0.56 |",
            "| 1,000,000 | 1,500 |",
            "**x1.50**",
            "groups x1.50",
            "### Reading the figures",
            "grows x1.50",
            // 15 / 10 = 1.5x the floor; 15 s <= 325.08 / 20 = 16.25 s.
            "scoring at most 2x the Spark floor: 1.50x at 1,000,000 customers, met",
            "1M customers scored in at most 1/20 of the 325 s of the per-row version",
            "15.0 s at 1,000,000, met",
            // 12 / 10.
            "take 1.20x the Spark floor at 1,000,000 customers",
            // (12 + 20 / 2) / 10.
            "can score in less than 2.20x the Spark floor",
            "the 2x goal is out of reach on this machine with these formulas",
            "| scoring | x3.00 | goal at most x12 for x10 customers: met |");
  }
}
