package fr.audience.bench;

import static fr.audience.bench.ReportHeader.line;

import java.util.Map;

/** The Markdown table of a Spark job's phases, as the ingest and sessionize reports print it. */
final class PhaseTable {
  private PhaseTable() {}

  /**
   * One row per phase, then the wall time no Spark job covered (the driver alone, doing {@code
   * driverWork}) and the whole run, with the process's CPU seconds beside the tasks' sum.
   */
  static void write(
      StringBuilder md,
      Map<String, PhaseListener.Phase> phases,
      double wall,
      double processCpu,
      String driverWork) {
    md.append(
        "| Phase | Wall s | Share | Task s | Task CPU s | GC s | Spilled MB | Rows written |"
            + " MB written | Tasks |\n|---|---|---|---|---|---|---|---|---|---|\n");
    double covered = 0;
    double taskCpu = 0;
    for (Map.Entry<String, PhaseListener.Phase> e : phases.entrySet()) {
      PhaseListener.Phase p = e.getValue();
      covered += p.wallSeconds();
      taskCpu += p.cpuSeconds();
      line(
          md,
          "| %s | %.1f | %.0f%% | %.1f | %.1f | %.1f | %.0f | %,d | %,.1f | %d |",
          e.getKey(),
          p.wallSeconds(),
          100 * p.wallSeconds() / wall,
          p.taskSeconds(),
          p.cpuSeconds(),
          p.gcSeconds(),
          p.spilledBytes() / 1e6,
          p.writtenRows(),
          p.writtenBytes() / 1e6,
          p.tasks());
    }
    double driver = Math.max(0, wall - covered);
    line(
        md,
        "| driver only (no Spark job running: %s) | %.1f | %.0f%% | | | | | | | |",
        driverWork,
        driver,
        100 * driver / wall);
    line(
        md,
        "| **whole run** (CPU: the process's; tasks' sum %.1f) | **%.1f** | 100%% | | **%.1f** |"
            + " | | | | |",
        taskCpu,
        wall,
        processCpu);
  }
}
