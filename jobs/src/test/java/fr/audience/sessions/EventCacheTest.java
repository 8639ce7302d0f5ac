package fr.audience.sessions;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of a compressed cache, and the two sizes it is made from. */
class EventCacheTest {

  private static final long MB = 1L << 20;

  @Test
  void benchmarkDaysGetTheCacheTheirMeasuredSizesCallFor() {
    // Storage memory of an 8 GB heap: (8,192 - 300 MB reserved) x spark.memory.fraction 0.6.
    long storage = (8192 - 300) * 6 / 10 * MB;
    // 960,000 users: 454 MB of bronze, 6.98 GB uncompressed, more than the whole storage memory.
    assertThat(EventCache.compressed(454 * MB, storage)).isTrue();
    // 240,000 users: 118 MB of bronze, about 1.8 GB uncompressed, within half of it.
    assertThat(EventCache.compressed(118 * MB, storage)).isFalse();
  }

  @Test
  void uncompressedUpToHalfOfTheStorageMemory() {
    long storage = 2 * EventCache.EXPANSION * 100 * MB;
    assertThat(EventCache.compressed(100 * MB, storage)).isFalse();
    assertThat(EventCache.compressed(100 * MB + 1, storage)).isTrue();
    assertThat(EventCache.compressed(0, 0)).isFalse();
  }

  @Test
  void bronzeBytesAreTheFilesOfTheDatesRead(@TempDir Path dir) throws IOException {
    SparkSession spark = TestSpark.spark();
    String table = dir.resolve("t").toString();
    spark
        .sql(
            "SELECT id, uuid() AS payload, IF(id % 4 = 0, DATE'2026-03-01', DATE'2026-03-02') AS d"
                + " FROM range(20000)")
        .repartition(2)
        .write()
        .format("delta")
        .partitionBy("d")
        .save(table);
    Dataset<Row> all = spark.read().format("delta").load(table);
    long first = EventCache.bronzeBytes(all.filter(col("d").equalTo("2026-03-01")));
    long both = EventCache.bronzeBytes(all);
    assertThat(first).isEqualTo(parquetBytes(dir.resolve("t/d=2026-03-01")));
    assertThat(both)
        .isEqualTo(
            parquetBytes(dir.resolve("t/d=2026-03-01"))
                + parquetBytes(dir.resolve("t/d=2026-03-02")));
    assertThat(first).isPositive().isLessThan(both);
  }

  @Test
  void storageMemoryIsTheLocalBlockManagersWithinTheHeap() {
    long storage = EventCache.storageBytes(TestSpark.spark());
    assertThat(storage).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
  }

  private static long parquetBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }
}
