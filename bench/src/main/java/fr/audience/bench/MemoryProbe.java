package fr.audience.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Memory peaks of one phase of a benchmark in a local Spark (driver and executor share the JVM):
 * the JVM heap pools' peak usage, reset when the phase starts, and the largest peak execution
 * memory (sorts, aggregations, joins) Spark reported for one of the phase's tasks.
 */
public final class MemoryProbe extends SparkListener {
  /**
   * Bytes: heap = sum of the heap pools' peaks (an upper bound: young pools peak just before each
   * collection, and not all at the same instant), old = the old generation's peak (what survived
   * collections: cached data, models, broadcast), task = the largest task's peak execution memory,
   * live = heap in use after the collection at the phase's start (what the phase starts from).
   */
  public record Peak(
      long heapBytes, long oldGenBytes, long taskExecutionBytes, long liveAtStartBytes) {
    /** The larger of each figure, for phases timed in several parts. */
    public Peak max(Peak other) {
      return new Peak(
          Math.max(heapBytes, other.heapBytes),
          Math.max(oldGenBytes, other.oldGenBytes),
          Math.max(taskExecutionBytes, other.taskExecutionBytes),
          Math.max(liveAtStartBytes, other.liveAtStartBytes));
    }
  }

  private final SparkSession spark;
  private final AtomicLong taskPeak = new AtomicLong();
  private long liveAtStart;
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
          .toList();

  public MemoryProbe(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(this);
  }

  /** Collects garbage so the phase starts from its live data, then resets every peak. */
  public void start() {
    awaitEvents();
    System.gc();
    liveAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    taskPeak.set(0);
  }

  /** The peaks since {@link #start}. */
  public Peak stop() {
    awaitEvents();
    long heap = 0;
    long old = 0;
    for (MemoryPoolMXBean p : heapPools) {
      long used = p.getPeakUsage().getUsed();
      heap += used;
      if (isOldGeneration(p.getName())) {
        old = Math.max(old, used);
      }
    }
    return new Peak(heap, old, taskPeak.get(), liveAtStart);
  }

  static boolean isOldGeneration(String pool) {
    return pool.contains("Old Gen") || pool.contains("Tenured");
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m != null) {
      taskPeak.accumulateAndGet(m.peakExecutionMemory(), Math::max);
    }
  }

  private void awaitEvents() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark listener events did not arrive in time", e);
    }
  }
}
