package fr.audience.bench;

import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventLineParser;
import fr.audience.ingest.RawLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The ingest floor: the same work as the ingest job's events, done the simplest fast way in plain
 * Java. Each gzip file is read once, each line parsed and validated by the job's own parser, and
 * the valid rows written as snappy Parquet with bronze.events' columns, one output file per input
 * file; files are spread over a fixed pool of threads. No Spark, no Delta, no catalog, no
 * quarantine.
 */
public final class JavaIngestFloor implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  /** bronze.events as its data files hold it: every column but the partition column. */
  static final StructType FILE_SCHEMA = fileSchema();

  private final ExecutorService pool;
  private final int threads;

  /** Lines read, valid rows written, lines rejected, output files and their bytes. */
  public record Output(long lines, long valid, long rejected, long files, long bytes) {
    Output plus(Output o) {
      return new Output(
          lines + o.lines,
          valid + o.valid,
          rejected + o.rejected,
          files + o.files,
          bytes + o.bytes);
    }
  }

  public JavaIngestFloor(int threads) {
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  public int threads() {
    return threads;
  }

  /**
   * Writes the valid events of {@code files} (one delivery date) under {@code out}/event_date=
   * {@code date}/, one Parquet file per input file named after it.
   */
  public Output ingest(List<Path> files, Path out, LocalDate date, String runId) {
    Path folder = out.resolve(EventFields.EVENT_DATE + "=" + date);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    return eachFile(
            files,
            in -> {
              String name = in.getFileName().toString().replaceFirst("\\.json\\.gz$", "");
              return ingestFile(in, folder.resolve(name + ".snappy.parquet"), runId);
            })
        .stream()
        .reduce(new Output(0, 0, 0, 0, 0), Output::plus);
  }

  /**
   * The lower floor: the same files only decompressed and tokenised (no rule, no row, no write).
   */
  public JacksonBaseline.Scan tokenise(List<Path> files) {
    JacksonBaseline baseline = new JacksonBaseline();
    return eachFile(files, f -> baseline.scan(List.of(f))).stream()
        .reduce(new JacksonBaseline.Scan(0, 0, 0, 0, 0), JacksonBaseline.Scan::plus);
  }

  static Output ingestFile(Path in, Path out, String runId) {
    RawLines.Parser parser = EventLineParser.KIND.factory().get();
    int fields = EventLineParser.KIND.names().size();
    Object[] row = new Object[fields + 2];
    // The file's name as Spark's _metadata.file_path gives it to the job.
    row[fields] = new org.apache.hadoop.fs.Path(in.toUri()).toString();
    row[fields + 1] = runId;
    long lines = 0;
    long valid = 0;
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(in), BUFFER), StandardCharsets.UTF_8),
                BUFFER);
        ParquetWriter<Object[]> writer = ObjectArrayWriteSupport.writer(out, FILE_SCHEMA)) {
      for (String line; (line = reader.readLine()) != null; ) {
        lines++;
        if (parser.parse(line)) {
          System.arraycopy(parser.values(), 0, row, 0, fields);
          writer.write(row);
          valid++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot ingest " + in + " into " + out, e);
    }
    try {
      return new Output(lines, valid, lines - valid, 1, Files.size(out));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the size of " + out, e);
    }
  }

  private <T> List<T> eachFile(List<Path> files, Function<Path, T> work) {
    List<Future<T>> futures = new ArrayList<>();
    for (Path f : files) {
      futures.add(pool.submit(() -> work.apply(f)));
    }
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> f : futures) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the floor ran", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    return results;
  }

  private static StructType fileSchema() {
    StructType schema = new StructType();
    for (StructField f : BronzeTables.EVENTS.schema().fields()) {
      if (!BronzeTables.EVENTS.partitionColumns().contains(f.name())) {
        schema = schema.add(f.name(), f.dataType());
      }
    }
    List<String> expected = new ArrayList<>(EventLineParser.KIND.names());
    expected.addAll(List.of(EventFields.SOURCE_FILE, EventFields.RUN_ID));
    if (!Arrays.asList(schema.fieldNames()).equals(expected)) {
      throw new IllegalStateException(
          "bronze.events' columns are no longer the parser's fields, source_file and run_id: "
              + Arrays.toString(schema.fieldNames()));
    }
    return schema;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
