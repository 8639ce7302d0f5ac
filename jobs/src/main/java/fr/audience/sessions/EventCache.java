package fr.audience.sessions;

import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Whether sessionize caches its cleaned events compressed.
 *
 * <p>Uncompressed, Spark's columnar cache skips trying every encoding on every value, about 7% of
 * the job's CPU at 240,000 users, but it takes about three times the memory: 6.98 GB against 2.17
 * GB for the 14 million events of the 960,000-user benchmark day, whose bronze Parquet files hold
 * 454 MB (docs/benchmarks.md). A cache that does not fit goes to disk and leaves the run's sorts
 * without memory, which costs more than the encodings save. So the events are cached uncompressed
 * only when their estimated size fits in half of the storage memory, the other half being left to
 * the sorts and aggregations that run beside the cache.
 */
final class EventCache {
  /**
   * Bytes of uncompressed cache per byte of bronze Parquet read: 6.98 GB for 454 MB, rounded up.
   */
  static final long EXPANSION = 16;

  private EventCache() {}

  /** The cache of {@code bronzeBytes} of bronze files, with {@code storageBytes} to hold it. */
  static boolean compressed(long bronzeBytes, long storageBytes) {
    return bronzeBytes > storageBytes / 2 / EXPANSION;
  }

  /**
   * Size of the files {@code bronze} reads, as the planner estimates it after partition pruning.
   */
  static long bronzeBytes(Dataset<Row> bronze) {
    return bronze.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
  }

  /**
   * Memory the executors' block managers can give to cached blocks: the driver's own block manager
   * counts only in local mode, where it is the executor.
   */
  static long storageBytes(SparkSession spark) {
    Map<String, Tuple2<Object, Object>> status =
        CollectionConverters.asJava(spark.sparkContext().getExecutorMemoryStatus());
    String driver = SparkEnv.get().blockManager().blockManagerId().hostPort();
    long total = 0;
    for (Map.Entry<String, Tuple2<Object, Object>> e : status.entrySet()) {
      if (status.size() == 1 || !e.getKey().equals(driver)) {
        total += (Long) e.getValue()._1();
      }
    }
    return total;
  }
}
