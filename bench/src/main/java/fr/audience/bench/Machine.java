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

  /** The one-minute load average, or -1 where the system does not tell. */
  public static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
