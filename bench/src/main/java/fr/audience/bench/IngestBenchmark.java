package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.RunCounts;
import fr.audience.core.SparkSessions;
import fr.audience.ingest.IngestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Measures, in one run and on the same generated days, the ingest job and its plain-Java floors: at
 * each size, each run takes the tokenise-only pass, the floor, then Spark, so that a change of load
 * on a shared machine hits all three alike. One unrecorded warm-up of each comes first.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /** One run: the tokenise-only pass, the floor and the ingest job, in the order taken. */
  public record Run(
      Measured<JacksonBaseline.Scan> tokenise,
      Measured<JavaIngestFloor.Output> floor,
      SparkRun<RunCounts> spark) {}

  /** One size: its day and its runs. */
  public record Size(int users, BenchDataset data, long compressedBytes, List<Run> runs)
      implements FloorRatios {
    public double gigabytes() {
      return data.bytes() / 1e9;
    }

    public List<Measured<JacksonBaseline.Scan>> tokenise() {
      return runs.stream().map(Run::tokenise).toList();
    }

    @Override
    public List<Measured<JavaIngestFloor.Output>> floor() {
      return runs.stream().map(Run::floor).toList();
    }

    public List<Measured<RunCounts>> spark() {
      return runs.stream().map(r -> r.spark().run()).toList();
    }

    /** The ingest job's runs, {@link #spark}: Spark's side. */
    @Override
    public List<Measured<RunCounts>> job() {
      return spark();
    }

    public double tokeniseCpuRatio() {
      return Measured.cpu(tokenise()).median() / Measured.cpu(spark()).median();
    }

    public double tokeniseWallRatio() {
      return Measured.wall(tokenise()).median() / Measured.wall(spark()).median();
    }

    /** Per phase of the ingest job, the median over runs. */
    public java.util.Map<String, PhaseListener.Phase> phases() {
      return PhaseListener.median(runs.stream().map(r -> r.spark().phases()).toList());
    }

    public RunCounts counts() {
      return runs.get(0).spark().run().value();
    }
  }

  /**
   * @param config the user's configuration layers plus the given ones (the benchmark's scratch
   *     lakehouse and raw folder)
   */
  public static IngestResult run(
      BenchSettings bench, DayOptions days, Function<List<String>, Config> config)
      throws IOException {
    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.otherProcessesLoad()));
    List<Integer> sizes = days.sizes("ingest");
    ScratchLakehouse scratch = ScratchLakehouse.emptied(bench, "ingest");
    Path floorOut = scratch.home().resolve("floor");
    int cores = scratch.cores();
    Config base = config.apply(scratch.layers());

    List<Size> measured = new ArrayList<>();
    SparkIngestBench.Pass read = null;
    SparkIngestBench.Pass validate = null;
    PhaseListener listener = new PhaseListener();
    try (JavaIngestFloor floor = new JavaIngestFloor(cores);
        SparkSession spark =
            SparkSessions.create("bench-ingest", IngestSettings.from(base).lakehouse())) {
      spark.sparkContext().addSparkListener(listener);
      for (int users : sizes) {
        BenchDataset data =
            BenchDataset.prepare(days.day(base, bench, users), bench.ingestMinBytes());
        System.out.printf(
            "Benchmark day of %,d users: %,d lines, %.0f MB of JSON in %d files%n",
            users, data.lines(), data.bytes() / 1e6, data.files().size());
        Config sized =
            config.apply(scratch.layersWith("audience.paths.raw=" + data.raw().toAbsolutePath()));
        SparkIngestBench sparkBench =
            new SparkIngestBench(spark, listener, IngestSettings.from(sized), data);
        if (users == sizes.get(0)) {
          System.out.println("  warm-up (not recorded):");
          runOnce(floor, sparkBench, data, floorOut, 0);
          loads.add(Machine.otherProcessesLoad());
        }
        List<Run> runs = new ArrayList<>();
        for (int run = 1; run <= days.runs(bench, sizes, users); run++) {
          runs.add(runOnce(floor, sparkBench, data, floorOut, run));
          loads.add(Machine.otherProcessesLoad());
        }
        measured.add(new Size(users, data, compressedBytes(data.files()), runs));
        if (users == sizes.get(0)) {
          read = sparkBench.readOnly();
          validate = sparkBench.parseAndValidate();
          System.out.printf("  Spark passes: read %s, parse+validate %s%n", read, validate);
          loads.add(Machine.otherProcessesLoad());
        }
      }
      return new IngestResult(
          started,
          Machine.current(),
          spark.version(),
          cores,
          floor.threads(),
          loads,
          measured,
          read,
          validate);
    }
  }

  /** The tokenise-only pass, the floor and Spark once each, checked against each other. */
  private static Run runOnce(
      JavaIngestFloor floor,
      SparkIngestBench sparkBench,
      BenchDataset data,
      Path floorOut,
      int run) {
    Measured<JacksonBaseline.Scan> scan = Measured.of(() -> floor.tokenise(data.files()));
    if (scan.value().lines() != data.lines()) {
      throw new IllegalStateException(
          "The tokenise pass read "
              + scan.value().lines()
              + " lines where the generator wrote "
              + data.lines()
              + ": the benchmark day is damaged; delete it and run again");
    }
    BenchDataset.deleteTree(floorOut);
    String runId = "floor-" + UUID.randomUUID().toString().substring(0, 8);
    Measured<JavaIngestFloor.Output> written =
        Measured.of(() -> floor.ingest(data.files(), floorOut, data.date(), runId));
    SparkRun<RunCounts> ingest = sparkBench.ingest();
    RunCounts counts = ingest.run().value();
    if (written.value().lines() != counts.rowsIn() || written.value().valid() != counts.rowsOut()) {
      throw new IllegalStateException(
          String.format(
              "The floor kept %,d of %,d lines where the ingest job kept %,d of %,d: they no longer"
                  + " parse alike",
              written.value().valid(), written.value().lines(), counts.rowsOut(), counts.rowsIn()));
    }
    System.out.printf(
        "  run %d: tokenise %.1f s (CPU %.1f s), floor %.1f s (CPU %.1f s), Spark %.1f s (CPU %.1f s,"
            + " tasks %.1f s); %,d rows of %,d lines%n",
        run,
        scan.wallSeconds(),
        scan.cpuSeconds(),
        written.wallSeconds(),
        written.cpuSeconds(),
        ingest.run().wallSeconds(),
        ingest.run().cpuSeconds(),
        ingest.taskCpuSeconds(),
        counts.rowsOut(),
        counts.rowsIn());
    return new Run(scan, written, ingest);
  }

  static long compressedBytes(List<Path> files) {
    long total = 0;
    for (Path f : files) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the size of " + f, e);
      }
    }
    return total;
  }
}
