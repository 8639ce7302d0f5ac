package fr.audience.bench;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventLineParser;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.ingest.RawLines;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's side of the ingest benchmark: the real ingest job over the benchmark day, and partial
 * passes over the same files that tell how its time splits between reading, parsing and writing.
 */
public final class SparkIngestBench {
  private final SparkSession spark;
  private final IngestSettings settings;
  private final BenchDataset data;
  private final PhaseListener listener = new PhaseListener();

  public SparkIngestBench(SparkSession spark, IngestSettings settings, BenchDataset data) {
    this.spark = spark;
    this.settings = settings;
    this.data = data;
    spark.sparkContext().addSparkListener(listener);
  }

  /** One recorded ingest run, as the ingest command does it, with its phases. */
  public record IngestRun(
      double seconds, long rowsIn, long rowsQuarantined, Map<String, PhaseListener.Phase> phases) {
    /**
     * CPU seconds of all its tasks (the driver's own work, such as planning and commits, is not
     * included).
     */
    public double taskCpuSeconds() {
      return phases.values().stream().mapToDouble(PhaseListener.Phase::cpuSeconds).sum();
    }
  }

  /** A partial pass: wall seconds and the CPU seconds of its tasks. */
  public record Pass(double seconds, double cpuSeconds) {}

  public IngestRun ingest() {
    listener.drain();
    long start = System.nanoTime();
    var counts =
        DailyJob.runRecorded(
            spark, settings.lakehouse(), new IngestJob(settings), DateRange.of(data.date()));
    double seconds = (System.nanoTime() - start) / 1e9;
    awaitListener();
    return new IngestRun(seconds, counts.rowsIn(), counts.rowsQuarantined(), listener.drain());
  }

  /** Seconds to decompress and split the files into lines (the floor under any Spark pass). */
  public Pass readOnly() {
    return time("bench: read", () -> lines().agg(sum(length(col("value")))).first());
  }

  /** Seconds to also parse every line with the documented schema (the typed from_json alone). */
  public Pass parseOnly() {
    return time(
        "bench: from_json",
        () ->
            lines()
                .agg(
                    bit_xor(
                        xxhash64(
                            from_json(col("value"), rawSchema(), Map.of("mode", "PERMISSIVE")))))
                .first());
  }

  /**
   * Seconds for the ingest job's parsing and validation of its second pass (the valid rows, every
   * output column computed), nothing written.
   */
  public Pass parseAndValidate() {
    return time(
        "bench: parse+validate",
        () -> {
          Dataset<Row> parsed = RawLines.valid(lines(), EventLineParser.KIND);
          Column[] all =
              Arrays.stream(parsed.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
          return parsed.agg(bit_xor(xxhash64(all))).first();
        });
  }

  private Pass time(String description, Supplier<Row> action) {
    awaitListener();
    listener.drain();
    spark.sparkContext().setJobDescription(description);
    long start = System.nanoTime();
    action.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    spark.sparkContext().setJobDescription(null);
    awaitListener();
    double cpu =
        listener.drain().values().stream().mapToDouble(PhaseListener.Phase::cpuSeconds).sum();
    return new Pass(seconds, cpu);
  }

  /** Task-end events reach listeners asynchronously; figures are read once all have arrived. */
  private void awaitListener() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark listener events did not arrive in time", e);
    }
  }

  /** The raw lines as the ingest job reads them: the line, its file, its delivery date. */
  private Dataset<Row> lines() {
    String folder =
        data.raw()
            .resolve("events")
            .resolve("event_date=" + data.date())
            .toAbsolutePath()
            .toString();
    return spark
        .read()
        .text(folder)
        .select(col("value"), col("_metadata.file_path").as(EventFields.SOURCE_FILE));
  }

  private static StructType rawSchema() {
    StructType s = new StructType();
    for (var e : EventFields.FIELDS.entrySet()) {
      s =
          s.add(
              new StructField(
                  e.getKey(),
                  e.getValue().rawType(),
                  true,
                  org.apache.spark.sql.types.Metadata.empty()));
    }
    return s;
  }
}
