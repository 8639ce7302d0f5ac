package fr.audience.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Adds up, per Spark job description (the phase names jobs set), the wall time of its jobs and the
 * time its tasks spent running, on CPU, in GC, and the bytes they spilled.
 */
public final class PhaseListener extends SparkListener {
  /** Totals of one phase; times in seconds. */
  public record Phase(
      double wallSeconds,
      double taskSeconds,
      double cpuSeconds,
      double gcSeconds,
      long spilledBytes,
      int tasks) {
    Phase plus(Phase o) {
      return new Phase(
          wallSeconds + o.wallSeconds,
          taskSeconds + o.taskSeconds,
          cpuSeconds + o.cpuSeconds,
          gcSeconds + o.gcSeconds,
          spilledBytes + o.spilledBytes,
          tasks + o.tasks);
    }
  }

  private final Map<Integer, String> jobPhase = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();
  private final Map<Integer, String> stagePhase = new ConcurrentHashMap<>();
  private final Map<String, Phase> phases = new LinkedHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description =
        start.properties() == null ? null : start.properties().getProperty("spark.job.description");
    String phase = phaseOf(description);
    jobPhase.put(start.jobId(), phase);
    jobStart.put(start.jobId(), start.time());
    scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
        .forEach(id -> stagePhase.put((Integer) id, phase));
  }

  /**
   * The job's phase: its description without the run's dates; the jobs Delta runs for its own
   * bookkeeping (snapshots, files to rewrite) are grouped under the phase that caused them.
   */
  static String phaseOf(String description) {
    if (description == null) {
      return "other";
    }
    boolean delta = description.startsWith("Delta: ");
    String phase = description.replaceFirst("^Delta: ", "").replaceFirst("^ingest [^:]*: ", "");
    return delta ? phase.replaceFirst(":.*$", "") + " (Delta bookkeeping)" : phase;
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    String phase = jobPhase.remove(end.jobId());
    Long started = jobStart.remove(end.jobId());
    if (phase != null && started != null) {
      add(phase, new Phase((end.time() - started) / 1e3, 0, 0, 0, 0, 0));
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m == null) {
      return;
    }
    String phase = stagePhase.getOrDefault(end.stageId(), "other");
    add(
        phase,
        new Phase(
            0,
            m.executorRunTime() / 1e3,
            m.executorCpuTime() / 1e9,
            m.jvmGCTime() / 1e3,
            m.diskBytesSpilled(),
            1));
  }

  private synchronized void add(String phase, Phase p) {
    phases.merge(phase, p, Phase::plus);
  }

  /** The phases seen since the last call, in first-seen order, and forgets them. */
  public synchronized Map<String, Phase> drain() {
    Map<String, Phase> copy = new LinkedHashMap<>(phases);
    phases.clear();
    return copy;
  }
}
