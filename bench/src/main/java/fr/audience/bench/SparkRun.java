package fr.audience.bench;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * One timed piece of Spark work: what it returned, its wall and process CPU seconds, and its phases
 * (the Spark job descriptions it set) as a {@link PhaseListener} saw them.
 */
public record SparkRun<T>(Measured<T> run, Map<String, PhaseListener.Phase> phases) {
  /** Runs {@code work}, counting only the phases of its own jobs. */
  public static <T> SparkRun<T> of(SparkSession spark, PhaseListener listener, Supplier<T> work) {
    PhaseListener.await(spark);
    listener.drain();
    Measured<T> run = Measured.of(work);
    PhaseListener.await(spark);
    return new SparkRun<>(run, listener.drain());
  }

  /** CPU seconds of all its tasks (the driver's own work, GC and JIT threads excluded). */
  public double taskCpuSeconds() {
    return phases.values().stream().mapToDouble(PhaseListener.Phase::cpuSeconds).sum();
  }

  /** The phase's figures, or zeros when the run had no such phase. */
  public PhaseListener.Phase phase(String name) {
    return phases.getOrDefault(name, PhaseListener.Phase.NONE);
  }
}
