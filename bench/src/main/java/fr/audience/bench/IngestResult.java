package fr.audience.bench;

import java.time.Instant;
import java.util.List;

/**
 * Everything one ingest benchmark measured: each size's runs, and Spark's partial passes over the
 * smallest day.
 */
public record IngestResult(
    Instant startedAt,
    Machine machine,
    String sparkVersion,
    int sparkCores,
    int floorThreads,
    List<Double> loads,
    List<IngestBenchmark.Size> sizes,
    SparkIngestBench.Pass read,
    SparkIngestBench.Pass validate) {

  public double maxLoad() {
    return loads.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
  }
}
