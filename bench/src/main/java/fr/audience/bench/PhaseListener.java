package fr.audience.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Adds up, per Spark job description (the phase names jobs set), the wall time of its jobs and the
 * time its tasks spent running, on CPU, in GC, the bytes they spilled and the rows and bytes they
 * wrote.
 */
public final class PhaseListener extends SparkListener {
  /** Totals of one phase; times in seconds. */
  public record Phase(
      double wallSeconds,
      double taskSeconds,
      double cpuSeconds,
      double gcSeconds,
      long spilledBytes,
      int tasks,
      long writtenRows,
      long writtenBytes) {
    public static final Phase NONE = new Phase(0, 0, 0, 0, 0, 0, 0, 0);

    Phase plus(Phase o) {
      return new Phase(
          wallSeconds + o.wallSeconds,
          taskSeconds + o.taskSeconds,
          cpuSeconds + o.cpuSeconds,
          gcSeconds + o.gcSeconds,
          spilledBytes + o.spilledBytes,
          tasks + o.tasks,
          writtenRows + o.writtenRows,
          writtenBytes + o.writtenBytes);
    }
  }

  /** Jobs a run starts before it names a phase (their description is the run's job group). */
  static final String BEFORE_FIRST_PHASE = "before the first phase";

  /** A job's description starts with the job's name and its dates, e.g. "ingest 2026-03-02: ". */
  private static final Pattern JOB_AND_DATES =
      Pattern.compile("^[a-z][a-z_ -]* \\d{4}-\\d{2}-\\d{2}(\\.\\.\\d{4}-\\d{2}-\\d{2})?: ");

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
    String undelta = description.replaceFirst("^Delta: ", "");
    if (JOB_AND_DATES.matcher(undelta + ": ").matches()) {
      // The run log names the job group before the job names its first phase.
      return BEFORE_FIRST_PHASE;
    }
    String phase = JOB_AND_DATES.matcher(undelta).replaceFirst("");
    return delta ? phase.replaceFirst(":.*$", "") + " (Delta bookkeeping)" : phase;
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    String phase = jobPhase.remove(end.jobId());
    Long started = jobStart.remove(end.jobId());
    if (phase != null && started != null) {
      add(phase, new Phase((end.time() - started) / 1e3, 0, 0, 0, 0, 0, 0, 0));
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
            1,
            m.outputMetrics().recordsWritten(),
            m.outputMetrics().bytesWritten()));
  }

  private synchronized void add(String phase, Phase p) {
    phases.merge(phase, p, Phase::plus);
  }

  /** Task-end events reach listeners asynchronously; figures are read once all have arrived. */
  public static void await(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark listener events did not arrive in time", e);
    }
  }

  /** The phases seen since the last call, in first-seen order, and forgets them. */
  public synchronized Map<String, Phase> drain() {
    Map<String, Phase> copy = new LinkedHashMap<>(phases);
    phases.clear();
    return copy;
  }

  /** Per phase, the median over runs of each figure (a phase missing from a run counts as zero). */
  public static Map<String, Phase> median(List<Map<String, Phase>> runs) {
    List<String> names = new ArrayList<>();
    runs.forEach(r -> r.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
    Map<String, Phase> out = new LinkedHashMap<>();
    for (String name : names) {
      List<Phase> ps = runs.stream().map(r -> r.getOrDefault(name, Phase.NONE)).toList();
      out.put(
          name,
          new Phase(
              median(ps, Phase::wallSeconds),
              median(ps, Phase::taskSeconds),
              median(ps, Phase::cpuSeconds),
              median(ps, Phase::gcSeconds),
              (long) median(ps, p -> (double) p.spilledBytes()),
              (int) median(ps, p -> (double) p.tasks()),
              (long) median(ps, p -> (double) p.writtenRows()),
              (long) median(ps, p -> (double) p.writtenBytes())));
    }
    return out;
  }

  private static double median(List<Phase> phases, Function<Phase, Double> figure) {
    return Stats.of(phases.stream().map(figure).toList()).median();
  }
}
