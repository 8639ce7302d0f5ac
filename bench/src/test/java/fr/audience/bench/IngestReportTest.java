package fr.audience.bench;

import static fr.audience.bench.ReportFixture.HEADER;
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

class IngestReportTest {
  /**
   * A run: floor CPU 10 s, Spark CPU {@code sparkCpu} s, of which the quarantine write 8 and the
   * events write 20.
   */
  private static IngestBenchmark.Run run(double sparkCpu, double sparkWall) {
    Map<String, PhaseListener.Phase> phases =
        Map.of(
            "write bronze.quarantine", new PhaseListener.Phase(5, 10, 8, 0, 0, 8, 0, 0),
            "write bronze.events", new PhaseListener.Phase(10, 20, 20, 1, 0, 4, 990, 50_000_000));
    return new IngestBenchmark.Run(
        new Measured<>(new JacksonBaseline.Scan(1000, 1_000_000_000, 10, 0, 0), 2, 4),
        new Measured<>(new JavaIngestFloor.Output(1000, 990, 10, 8, 60_000_000), 6, 10),
        new SparkRun<>(
            new Measured<>(new RunCounts(1000, 990, 10, 0), sparkWall, sparkCpu), phases));
  }

  private static IngestBenchmark.Size size(int users, IngestBenchmark.Run... runs) {
    BenchDataset data =
        new BenchDataset(
            Path.of("raw"),
            LocalDate.of(2026, 3, 2),
            List.of(Path.of("a.json.gz")),
            1000,
            users * 5_000L);
    return new IngestBenchmark.Size(users, data, users * 600L, List.of(runs));
  }

  @Test
  void ratiosAreFloorOverSparkMedianOverMedian() {
    IngestBenchmark.Size s = size(200_000, run(40, 20), run(20, 12), run(30, 30));
    assertThat(s.cpuRatio()).isEqualTo(10.0 / 30);
    assertThat(s.wallRatio()).isEqualTo(6.0 / 20);
    assertThat(s.tokeniseCpuRatio()).isEqualTo(4.0 / 30);
  }

  @Test
  void rendersRatiosGrowthAndWhereTheDifferenceGoes() {
    IngestResult result =
        new IngestResult(
            STARTED,
            MACHINE,
            SPARK,
            2,
            2,
            List.of(0.1, 0.4),
            List.of(size(200_000, run(20, 12), run(20, 12)), size(800_000, run(100, 48))),
            new SparkIngestBench.Pass(3, 4, 3),
            new SparkIngestBench.Pass(9, 12, 10));
    String md = IngestReport.render(result);
    assertThat(md)
        .contains(HEADER)
        .contains(
            "| 200,000 | **0.50** (reached) | **0.50** (reached) | 0.20 | 0.17 |",
            "| 800,000 | **0.10** (goal not reached) |",
            "| Spark ingest | 20.0 | 25.0 | 1.25 |",
            "| **Spark - floor** | **10.0** | 100% |",
            "| other tasks: the quarantine write",
            "| read, then parse and validate every line")
        .doesNotContain("Taken on a loaded machine");
    // The difference's parts: events write 20 - 10, other tasks (the quarantine) 8, outside -8.
    assertThat(md).contains("| 8.0 | 80% |", "| 10.0 | 100% |", "| -8.0 | -80% |");
  }
}
