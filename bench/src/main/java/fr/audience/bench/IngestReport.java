package fr.audience.bench;

import static fr.audience.bench.ReportHeader.fmt;
import static fr.audience.bench.ReportHeader.line;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The ingest section of docs/benchmarks.md, written from one benchmark's measurements. */
public final class IngestReport {
  static final double GOAL = 0.5;

  private IngestReport() {}

  public static String render(IngestResult r) {
    StringBuilder md = new StringBuilder();
    Stats base = r.baselineMbPerSecond();
    Stats spark = r.sparkMbPerSecond();
    double perCore = spark.median() / r.sparkCores();
    double ratio = r.ratioPerCore();
    Machine m = r.machine();

    ReportHeader.write(
        md,
        "Ingest: Spark into bronze against a single-thread Jackson parse",
        "ingest",
        r.startedAt(),
        m,
        "Spark " + r.sparkVersion(),
        r.loads(),
        r.maxLoad(),
        "absolute figures are low and noisy. Spark, which needs every core, suffers more than the one-thread"
            + " baseline, so the ratio is pessimistic too.");
    line(
        md,
        "- Data: one generated day (%,d users, %d gzip files of JSON lines, about 1%% planted bad lines):"
            + " %,d lines, %.0f MB uncompressed (%.0f MB compressed). Access logs and reference files are left out"
            + " so both sides read exactly the same files.",
        r.users(),
        r.data().files().size(),
        r.data().lines(),
        r.megabytes(),
        r.compressedBytes() / 1e6);
    line(
        md,
        "- Each figure is the median of %d runs (min..max in brackets); baseline and Spark runs alternate.",
        base.runs());
    md.append('\n');

    md.append("| Measure | MB/s of uncompressed JSON |\n|---|---|\n");
    line(
        md,
        "| (a) Baseline: plain Java, 1 thread, `GZIPInputStream` + Jackson streaming parser, every field read | %s |",
        range(base));
    line(
        md,
        "| (b) Spark ingest into `bronze.events` (`IngestJob` via `DailyJob.runRecorded`), `local[%d]` | %s |",
        r.sparkCores(),
        range(spark));
    line(md, "| (b) per core | %.1f |", perCore);
    line(
        md,
        "| **Ratio: Spark per core / baseline** | **%.2f** (goal >= %.1f: %s) |",
        ratio,
        GOAL,
        ratio >= GOAL ? "reached" : "not reached");
    md.append('\n');
    md.append(
        "The same work counted in CPU seconds (baseline: its thread's CPU time; Spark: its tasks' CPU time,"
            + " driver excluded), which a busy machine inflates far less than wall time:\n\n");
    md.append("| Measure | MB per CPU second |\n|---|---|\n");
    line(md, "| (a) Baseline | %s |", range(r.baselineMbPerCpuSecond()));
    line(md, "| (b) Spark ingest tasks | %s |", range(r.sparkMbPerCpuSecond()));
    line(md, "| **Ratio in CPU time** | **%.2f** |", r.cpuRatio());
    md.append('\n');
    line(
        md,
        "Seconds per run: baseline %s (CPU %s); Spark ingest %s (task CPU %s).",
        seconds(r.baselineSeconds()),
        seconds(r.baselineCpuSeconds()),
        seconds(r.sparkRuns().stream().map(SparkIngestBench.IngestRun::seconds).toList()),
        seconds(r.sparkRuns().stream().map(SparkIngestBench.IngestRun::taskCpuSeconds).toList()));
    md.append('\n');

    breakdown(md, r);
    return md.toString();
  }

  private static void breakdown(StringBuilder md, IngestResult r) {
    double total = r.sparkSeconds().median();
    Map<String, PhaseListener.Phase> phases = r.medianPhases();
    md.append("### Where Spark's time goes\n\n");
    md.append(
            "Phases of the ingest job (its Spark job descriptions), median over the runs. Wall is the time its"
                + " Spark jobs ran; task, CPU and GC are summed over tasks (up to ")
        .append(r.sparkCores())
        .append(" run at once).\n\n");
    md.append(
        "| Phase | Wall s | Share | Task s | CPU s | GC s | Spilled MB | Tasks |\n|---|---|---|---|---|---|---|---|\n");
    double covered = 0;
    for (Map.Entry<String, PhaseListener.Phase> e : phases.entrySet()) {
      PhaseListener.Phase p = e.getValue();
      covered += p.wallSeconds();
      line(
          md,
          "| %s | %.1f | %.0f%% | %.1f | %.1f | %.1f | %.0f | %d |",
          e.getKey(),
          p.wallSeconds(),
          100 * p.wallSeconds() / total,
          p.taskSeconds(),
          p.cpuSeconds(),
          p.gcSeconds(),
          p.spilledBytes() / 1e6,
          p.tasks());
    }
    line(
        md,
        "| driver only (planning, Delta commits, catalog, run log) | %.1f | %.0f%% | | | | | |",
        Math.max(0, total - covered),
        100 * Math.max(0, total - covered) / total);
    line(md, "| **whole run** | **%.1f** | 100%% | | | | | |", total);
    md.append('\n');

    double mb = r.megabytes();
    md.append("Partial passes over the same files (one run each, nothing written), for scale:\n\n");
    md.append(
        "| Pass | s | MB/s | MB/s per core | Task CPU s | Share of the ingest's task CPU |\n|---|---|---|---|---|---|\n");
    double ingestCpu =
        r.sparkRuns().stream()
            .mapToDouble(SparkIngestBench.IngestRun::taskCpuSeconds)
            .sorted()
            .skip(r.sparkRuns().size() / 2)
            .findFirst()
            .orElse(1);
    pass(md, "read: decompress and split lines", r.read(), mb, r.sparkCores(), ingestCpu);
    pass(md, "+ typed `from_json` of every line", r.parse(), mb, r.sparkCores(), ingestCpu);
    pass(
        md,
        "+ all of `EventParsing` (timestamps, reason, detail)",
        r.validate(),
        mb,
        r.sparkCores(),
        ingestCpu);
    md.append('\n');

    md.append("### Reading the ratio\n\n");
    double cpu =
        r.sparkRuns().stream()
            .mapToDouble(SparkIngestBench.IngestRun::taskCpuSeconds)
            .sorted()
            .skip(r.sparkRuns().size() / 2)
            .findFirst()
            .orElse(1);
    line(
        md,
        "The baseline only tokenises: it never builds a row, converts a timestamp, checks a rule or writes"
            + " a byte. Spark's ingest does all of that. In task CPU time, just decompressing and splitting lines is"
            + " %.0f%% of the ingest; the typed parse brings a parse-only pass to %.0f%%, and the full validation of"
            + " `EventParsing` to %.0f%%. The remaining %.0f%% is what the job does beyond parsing: it persists the"
            + " parsed rows (raw line included, for the quarantine), counts them, writes the quarantine and then the"
            + " events as compressed Parquet with statistics, and commits both to Delta.",
        100 * r.read().cpuSeconds() / cpu,
        100 * r.parse().cpuSeconds() / cpu,
        100 * r.validate().cpuSeconds() / cpu,
        100 * Math.max(0, cpu - r.validate().cpuSeconds()) / cpu);
    PhaseListener.Phase first = phases.get("parse");
    if (first != null) {
      md.append('\n');
      line(
          md,
          "Its first phase (`parse`: read, parse, validate, persist at MEMORY_AND_DISK and count by date) uses"
              + " %.1f s of task CPU where the same parsing and validation without persisting uses %.1f s: keeping the"
              + " rows costs about %.1f CPU s. Writing the events from the persisted rows uses %.1f CPU s more."
              + " (CPU seconds, because the partial passes ran at another moment than the ingest runs, under"
              + " another load.)",
          first.cpuSeconds(),
          r.validate().cpuSeconds(),
          first.cpuSeconds() - r.validate().cpuSeconds(),
          phases
              .getOrDefault("write bronze.events", new PhaseListener.Phase(0, 0, 0, 0, 0, 0))
              .cpuSeconds());
    }
    double taskSeconds =
        phases.values().stream().mapToDouble(PhaseListener.Phase::taskSeconds).sum();
    double cpuSeconds = phases.values().stream().mapToDouble(PhaseListener.Phase::cpuSeconds).sum();
    if (taskSeconds > 0) {
      md.append('\n');
      line(
          md,
          "Tasks were on a CPU %.0f%% of the time they ran (%.0f of %.0f s); the rest is waiting for a core,"
              + " for the disk, or in GC.",
          100 * cpuSeconds / taskSeconds,
          cpuSeconds,
          taskSeconds);
    }
  }

  private static void pass(
      StringBuilder md,
      String name,
      SparkIngestBench.Pass p,
      double mb,
      int cores,
      double ingestCpu) {
    line(
        md,
        "| %s | %.1f | %.1f | %.1f | %.1f | %.0f%% |",
        name,
        p.seconds(),
        mb / p.seconds(),
        mb / p.seconds() / cores,
        p.cpuSeconds(),
        100 * p.cpuSeconds() / ingestCpu);
  }

  private static String range(Stats s) {
    return fmt("%.1f (%.1f..%.1f)", s.median(), s.min(), s.max());
  }

  private static String seconds(List<Double> values) {
    return values.stream().map(v -> fmt("%.1f", v)).collect(Collectors.joining(", "));
  }
}
