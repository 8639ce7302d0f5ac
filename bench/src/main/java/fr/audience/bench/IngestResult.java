package fr.audience.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one ingest benchmark measured, in the order it measured it. */
public record IngestResult(
    Instant startedAt,
    Machine machine,
    String sparkVersion,
    int sparkCores,
    int users,
    BenchDataset data,
    long compressedBytes,
    List<Double> loads,
    List<Double> baselineSeconds,
    List<Double> baselineCpuSeconds,
    List<SparkIngestBench.IngestRun> sparkRuns,
    SparkIngestBench.Pass read,
    SparkIngestBench.Pass parse,
    SparkIngestBench.Pass validate) {

  public double megabytes() {
    return data.bytes() / 1e6;
  }

  public Stats baselineMbPerSecond() {
    return Stats.of(baselineSeconds.stream().map(s -> megabytes() / s).toList());
  }

  public Stats sparkMbPerSecond() {
    return Stats.of(sparkRuns.stream().map(r -> megabytes() / r.seconds()).toList());
  }

  public Stats sparkSeconds() {
    return Stats.of(sparkRuns.stream().map(SparkIngestBench.IngestRun::seconds).toList());
  }

  /**
   * Spark's throughput per core over the baseline's single thread: the figure the goal is set on.
   */
  public double ratioPerCore() {
    return sparkMbPerSecond().median() / sparkCores / baselineMbPerSecond().median();
  }

  /**
   * MB per CPU second: what each side gets from a core it has to itself, whatever the machine's
   * load.
   */
  public Stats baselineMbPerCpuSecond() {
    return Stats.of(baselineCpuSeconds.stream().map(s -> megabytes() / s).toList());
  }

  public Stats sparkMbPerCpuSecond() {
    return Stats.of(sparkRuns.stream().map(r -> megabytes() / r.taskCpuSeconds()).toList());
  }

  public double cpuRatio() {
    return sparkMbPerCpuSecond().median() / baselineMbPerCpuSecond().median();
  }

  public double maxLoad() {
    return loads.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
  }

  /** Per phase, the median over runs of each figure (a phase missing from a run counts as zero). */
  public Map<String, PhaseListener.Phase> medianPhases() {
    List<String> names = new ArrayList<>();
    sparkRuns.forEach(
        r -> r.phases().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
    Map<String, PhaseListener.Phase> out = new LinkedHashMap<>();
    for (String name : names) {
      List<PhaseListener.Phase> ps =
          sparkRuns.stream()
              .map(r -> r.phases().getOrDefault(name, new PhaseListener.Phase(0, 0, 0, 0, 0, 0)))
              .toList();
      out.put(
          name,
          new PhaseListener.Phase(
              Stats.of(ps.stream().map(PhaseListener.Phase::wallSeconds).toList()).median(),
              Stats.of(ps.stream().map(PhaseListener.Phase::taskSeconds).toList()).median(),
              Stats.of(ps.stream().map(PhaseListener.Phase::cpuSeconds).toList()).median(),
              Stats.of(ps.stream().map(PhaseListener.Phase::gcSeconds).toList()).median(),
              (long) Stats.of(ps.stream().map(p -> (double) p.spilledBytes()).toList()).median(),
              (int) Stats.of(ps.stream().map(p -> (double) p.tasks()).toList()).median()));
    }
    return out;
  }
}
