package fr.audience.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** The machine figures were taken on, as written next to them. */
public record Machine(String cpu, int cores, double memoryGb, double maxHeapGb, String java) {
  public static Machine current() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        os.getTotalMemorySize() / 1e9,
        Runtime.getRuntime().maxMemory() / 1e9,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  private static long[] previous = cpuSample();

  /**
   * How many cores other processes kept busy since the previous call (the first: since this class
   * was loaded; 0 for calls under a second apart): the machine's busy CPU time from /proc/stat less
   * this JVM's own, over the elapsed time. The load average would count this JVM's own threads. -1
   * where /proc/stat is not there.
   */
  public static synchronized double otherProcessesLoad() {
    long[] now = cpuSample();
    if (now == null || previous == null) {
      return -1;
    }
    double wallNanos = now[0] - previous[0];
    if (wallNanos < 1e9) {
      // /proc/stat counts in 10 ms ticks: under a second apart, two samples say nothing.
      return 0;
    }
    double othersNanos = (now[1] - previous[1]) - (now[2] - previous[2]);
    previous = now;
    return wallNanos <= 0 ? 0 : Math.max(0, othersNanos / wallNanos);
  }

  /** {wall nanos, machine busy CPU nanos, this process's CPU nanos}, or null without /proc/stat. */
  private static long[] cpuSample() {
    Path stat = Path.of("/proc/stat");
    if (!Files.isReadable(stat)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(stat)) {
      String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
      if (cpu == null) {
        return null;
      }
      String[] f = cpu.trim().split("\\s+");
      // user nice system idle iowait irq softirq steal, in clock ticks (USER_HZ = 100 on Linux).
      long busyTicks = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busyTicks += Long.parseLong(f[i]);
      }
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new long[] {System.nanoTime(), busyTicks * 10_000_000L, os.getProcessCpuTime()};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      try (Stream<String> lines = Files.lines(info)) {
        return lines
            .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse(System.getProperty("os.arch"));
      } catch (IOException e) {
        return System.getProperty("os.arch");
      }
    }
    return System.getProperty("os.arch");
  }
}
