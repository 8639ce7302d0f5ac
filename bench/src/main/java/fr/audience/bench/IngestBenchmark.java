package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.SparkSessions;
import fr.audience.generate.GeneratorSettings;
import fr.audience.ingest.IngestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Measures, in one run, the Jackson baseline and the real ingest job over the same generated day,
 * alternating their repetitions so that a change of load on a shared machine hits both alike.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /**
   * @param generator the benchmark day to generate or reuse
   * @param ingestConfig config for a given lakehouse folder and raw folder (the user's layers plus
   *     the benchmark's own paths)
   */
  public static IngestResult run(
      BenchSettings bench, GeneratorSettings generator, Function<List<String>, Config> ingestConfig)
      throws IOException {
    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.load()));
    BenchDataset data = BenchDataset.prepare(generator, bench.ingestMinBytes());
    System.out.printf(
        "Benchmark day: %,d lines, %.0f MB of JSON in %d files%n",
        data.lines(), data.bytes() / 1e6, data.files().size());

    Path lakehouse = generator.out().resolveSibling("lakehouse");
    BenchDataset.deleteTree(lakehouse);
    int cores = Runtime.getRuntime().availableProcessors();
    IngestSettings settings =
        IngestSettings.from(
            ingestConfig.apply(
                List.of(
                    "audience.paths.lakehouse=" + lakehouse,
                    "audience.paths.raw=" + data.raw().toAbsolutePath(),
                    "audience.paths.models=" + lakehouse.resolve("models"),
                    "audience.catalog.type=embedded",
                    "audience.catalog.metastore-path=" + lakehouse.resolve("metastore_db"),
                    "audience.spark.master=local[" + cores + "]")));

    JacksonBaseline baseline = new JacksonBaseline();
    List<Double> baselineSeconds = new ArrayList<>();
    List<Double> baselineCpuSeconds = new ArrayList<>();
    List<SparkIngestBench.IngestRun> sparkRuns = new ArrayList<>();
    try (SparkSession spark = SparkSessions.create("bench-ingest", settings.lakehouse())) {
      SparkIngestBench sparkBench = new SparkIngestBench(spark, settings, data);
      for (int run = 1; run <= bench.runs(); run++) {
        double[] wallAndCpu = timeBaseline(baseline, data, run);
        baselineSeconds.add(wallAndCpu[0]);
        baselineCpuSeconds.add(wallAndCpu[1]);
        SparkIngestBench.IngestRun ingest = sparkBench.ingest();
        sparkRuns.add(ingest);
        System.out.printf(
            "  run %d: Spark ingest %.1f s (%.1f MB/s), %,d rows in, %,d quarantined, phases %s%n",
            run,
            ingest.seconds(),
            data.bytes() / 1e6 / ingest.seconds(),
            ingest.rowsIn(),
            ingest.rowsQuarantined(),
            ingest.phases());
        loads.add(Machine.load());
      }
      SparkIngestBench.Pass read = sparkBench.readOnly();
      SparkIngestBench.Pass parse = sparkBench.parseOnly();
      SparkIngestBench.Pass validate = sparkBench.parseAndValidate();
      System.out.printf(
          "  passes: read %s, from_json %s, parse+validate %s%n", read, parse, validate);
      loads.add(Machine.load());
      return new IngestResult(
          started,
          Machine.current(),
          spark.version(),
          cores,
          generator.users(),
          data,
          compressedBytes(data.files()),
          loads,
          baselineSeconds,
          baselineCpuSeconds,
          sparkRuns,
          read,
          parse,
          validate);
    }
  }

  /**
   * Wall and CPU seconds of one baseline pass (CPU time tells how much the machine's load slowed
   * it).
   */
  private static double[] timeBaseline(JacksonBaseline baseline, BenchDataset data, int run) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    JacksonBaseline.Scan scan = baseline.scan(data.files());
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    if (scan.lines() != data.lines()) {
      throw new IllegalStateException(
          "The baseline read "
              + scan.lines()
              + " lines where the generator wrote "
              + data.lines()
              + ": the benchmark day is damaged; delete it and run again");
    }
    System.out.printf(
        "  run %d: baseline %.1f s, %.1f s CPU (%.1f MB/s), %,d lines, %,d malformed, %,d fields%n",
        run,
        seconds,
        cpu,
        scan.bytes() / 1e6 / seconds,
        scan.lines(),
        scan.malformed(),
        scan.fields());
    return new double[] {seconds, cpu};
  }

  private static long compressedBytes(List<Path> files) {
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
