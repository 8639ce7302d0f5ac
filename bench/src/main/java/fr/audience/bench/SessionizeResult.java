package fr.audience.bench;

import java.time.Instant;
import java.util.List;

/** Everything one sessionize benchmark measured, size by size. */
public record SessionizeResult(
    Instant startedAt,
    Machine machine,
    String sparkVersion,
    int sparkCores,
    int lateWindowDays,
    List<Double> loads,
    List<SessionizeBenchmark.Size> sizes) {

  public double maxLoad() {
    return loads.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
  }
}
