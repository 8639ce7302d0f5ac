package fr.audience.bench;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.RunCounts;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventLineParser;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.ingest.RawLines;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's side of the ingest benchmark: the real ingest job over the benchmark day, and partial
 * passes over the same files that tell how its time splits between reading, parsing and writing.
 */
public final class SparkIngestBench {
  private final SparkSession spark;
  private final IngestSettings settings;
  private final BenchDataset data;
  private final PhaseListener listener;

  /**
   * @param listener a listener already registered on {@code spark}
   */
  public SparkIngestBench(
      SparkSession spark, PhaseListener listener, IngestSettings settings, BenchDataset data) {
    this.spark = spark;
    this.listener = listener;
    this.settings = settings;
    this.data = data;
  }

  /** A partial pass: wall and process CPU seconds, and the CPU seconds of its tasks. */
  public record Pass(double seconds, double cpuSeconds, double taskCpuSeconds) {}

  /** One recorded ingest run, as the ingest command does it. */
  public SparkRun<RunCounts> ingest() {
    return SparkRun.of(
        spark,
        listener,
        () ->
            DailyJob.runRecorded(
                spark, settings.lakehouse(), new IngestJob(settings), DateRange.of(data.date())));
  }

  /** Seconds to decompress and split the files into lines (the floor under any Spark pass). */
  public Pass readOnly() {
    return time("bench: read", () -> lines().agg(sum(length(col("value")))).first());
  }

  /**
   * Seconds for one parse of every line as the ingest job's write pass does it (the valid rows,
   * every output column computed), nothing written.
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
    SparkRun<Row> pass =
        SparkRun.of(
            spark,
            listener,
            () -> {
              spark.sparkContext().setJobDescription(description);
              try {
                return action.get();
              } finally {
                spark.sparkContext().setJobDescription(null);
              }
            });
    return new Pass(pass.run().wallSeconds(), pass.run().cpuSeconds(), pass.taskCpuSeconds());
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
}
