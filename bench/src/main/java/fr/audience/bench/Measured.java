package fr.audience.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one timed piece of work returned, its wall seconds and the CPU seconds the whole process
 * used meanwhile: every thread counts (Spark's driver and tasks, a thread pool, the garbage
 * collector, the JIT), so the two sides of a benchmark are counted alike.
 */
public record Measured<T>(T value, double wallSeconds, double cpuSeconds) {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static <T> Measured<T> of(Supplier<T> work) {
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    T value = work.get();
    double wall = (System.nanoTime() - start) / 1e9;
    return new Measured<>(value, wall, (OS.getProcessCpuTime() - cpu) / 1e9);
  }

  public static Stats wall(List<? extends Measured<?>> runs) {
    return Stats.of(runs.stream().map(Measured::wallSeconds).toList());
  }

  public static Stats cpu(List<? extends Measured<?>> runs) {
    return Stats.of(runs.stream().map(Measured::cpuSeconds).toList());
  }

  public static <T> Stats of(List<Measured<T>> runs, Function<T, Double> figure) {
    return Stats.of(runs.stream().map(r -> figure.apply(r.value())).toList());
  }
}
