package fr.audience.bench;

import static fr.audience.bench.ReportFixture.MACHINE;
import static fr.audience.bench.ReportFixture.SPARK;
import static fr.audience.bench.ReportFixture.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.core.RunCounts;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionizeReportTest {
  private static final SessionizeFloor.Targets TARGETS =
      new SessionizeFloor.Targets(990, 300, 100, 1000);

  private static SessionizeBenchmark.Run run(double jobCpu, double floorCpu) {
    SparkRun<RunCounts> job =
        new SparkRun<>(
            new Measured<>(new RunCounts(1000, 990, 5, 5), jobCpu, jobCpu),
            Map.of(
                "write silver.events", new PhaseListener.Phase(1, 1, 1, 0, 0, 2, 990, 40_000_000)));
    SparkRun<SessionizeFloor.Targets> floor =
        new SparkRun<>(
            new Measured<>(TARGETS, floorCpu, floorCpu),
            Map.of(
                SessionizeFloor.EVENTS,
                new PhaseListener.Phase(1, 1, 1, 0, 0, 2, 989, 38_000_000)));
    return new SessionizeBenchmark.Run(job, floor);
  }

  private static SessionizeBenchmark.Size size(int users, SessionizeBenchmark.Run... runs) {
    BenchDataset data =
        new BenchDataset(Path.of("raw"), LocalDate.of(2026, 3, 2), List.of(), 1000, 5_000_000);
    SparkRun<RunCounts> ingest =
        new SparkRun<>(
            new Measured<>(new RunCounts(users * 10L, users * 10L, 0, 0), 1, 1),
            Map.of(
                "write bronze.events", new PhaseListener.Phase(1, 1, 1, 0, 0, 1, 0, 30_000_000)));
    return new SessionizeBenchmark.Size(users, data, ingest, TARGETS, List.of(runs));
  }

  @Test
  void rendersRatiosRowsWrittenAndGrowthPerMillionEvents() {
    SessionizeResult result =
        new SessionizeResult(
            STARTED,
            MACHINE,
            SPARK,
            2,
            1,
            List.of(3.0),
            List.of(
                size(100_000, run(100, 40), run(80, 50), run(90, 45)),
                size(400_000, run(400, 160))));
    String md = SessionizeReport.render(result);
    assertThat(md)
        .contains(
            "reads the deliveries D-2..D+1 and publishes D-1..D",
            "| 100,000 | **0.50** (reached) | **0.50** (reached) |",
            "| 400,000 | **0.40** (goal not reached) |",
            "| 100,000 | silver.events | 990 | 40 | 989 | 38 |",
            "| sessionize | 90.0 | 100.0 | 1.11 |",
            "Taken on a loaded machine");
  }
}
