package fr.audience.bench;

import static fr.audience.bench.ReportHeader.line;

import fr.audience.core.RunCounts;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The ingest section of docs/benchmarks.md, written from one benchmark's measurements. */
public final class IngestReport {
  private IngestReport() {}

  public static String render(IngestResult r) {
    StringBuilder md = new StringBuilder();
    Machine m = r.machine();
    ReportHeader.write(
        md,
        "Ingest: Spark into bronze against a plain-Java floor",
        "ingest",
        r.startedAt(),
        m,
        "Spark " + r.sparkVersion() + ", `local[" + r.sparkCores() + "]`",
        r.loads(),
        r.maxLoad(),
        "wall times are long and noisy; CPU times, which count only the work done, suffer less.");
    data(md, r);
    sides(md, r);
    figures(md, r);
    for (IngestBenchmark.Size s : r.sizes()) {
      phases(md, r, s);
    }
    passes(md, r);
    leftOut(md, r);
    return md.toString();
  }

  private static void data(StringBuilder md, IngestResult r) {
    IngestBenchmark.Size first = r.sizes().get(0);
    line(
        md,
        "- Data: one generated day per size, %d gzip files of JSON lines with about 1%% planted bad"
            + " lines; events only (access logs and reference files are removed so every side reads"
            + " exactly the same files).",
        first.data().files().size());
    line(
        md,
        "- In each run the tokenise pass, the floor and Spark run one after the other on the same files;"
            + " one unrecorded warm-up of each comes before the first size. Figures are medians of the"
            + " runs (min..max in brackets).");
    md.append('\n');
    md.append(
        "| Users | Lines | Valid rows | JSON MB | gzip MB | Floor's Parquet MB | bronze.events MB"
            + " | Runs |\n|---|---|---|---|---|---|---|---|\n");
    for (IngestBenchmark.Size s : r.sizes()) {
      RunCounts c = s.counts();
      line(
          md,
          "| %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %d |",
          s.users(),
          s.data().lines(),
          c.rowsOut(),
          s.data().bytes() / 1e6,
          s.compressedBytes() / 1e6,
          s.floor().get(0).value().bytes() / 1e6,
          s.runs().get(0).spark().phase("write bronze.events").writtenBytes() / 1e6,
          s.runs().size());
    }
    md.append('\n');
  }

  private static void sides(StringBuilder md, IngestResult r) {
    md.append("What each side does:\n\n");
    line(
        md,
        "- **Floor**: plain Java, no Spark, a fixed pool of %d threads (one per core), one task per"
            + " file: `GZIPInputStream`, lines from a `BufferedReader`, every line through the job's own"
            + " `EventLineParser` (the same rules), the valid rows written as snappy Parquet with"
            + " bronze.events' columns by parquet-hadoop, through a `WriteSupport` that writes the"
            + " parser's values straight into the columns; one output file per input file.",
        r.floorThreads());
    line(
        md,
        "- **Tokenise**, a lower floor (the previous baseline): the same pool, `GZIPInputStream` and"
            + " Jackson's streaming parser reading every token; no rule, no row, nothing written.");
    line(
        md,
        "- **Spark**: the ingest job (`IngestJob` via `DailyJob.runRecorded`, as `bin/audience"
            + " ingest` runs it) into a scratch lakehouse on `local[%d]`.",
        r.sparkCores());
    line(
        md,
        "- CPU is the whole process's CPU time during the work"
            + " (`OperatingSystemMXBean.getProcessCpuTime`: every thread, garbage collection and JIT"
            + " included, alike for every side); wall is elapsed time.");
    md.append('\n');
  }

  private static void figures(StringBuilder md, IngestResult r) {
    md.append(
        "| Users | Side | Wall s | CPU s | CPU s per GB of JSON | MB of JSON per CPU s |\n"
            + "|---|---|---|---|---|---|\n");
    FloorReport.sides(
        md,
        r.sizes(),
        List.of(
            new FloorReport.Side<>("tokenise", IngestBenchmark.Size::tokenise),
            new FloorReport.Side<>("**floor**", IngestBenchmark.Size::floor),
            new FloorReport.Side<>("**Spark ingest**", IngestBenchmark.Size::spark)),
        (s, cpu) -> List.of(cpu / s.gigabytes(), s.data().bytes() / 1e6 / cpu));
    md.append('\n');
    FloorReport.ratios(
        md,
        "Spark",
        r.sizes(),
        List.of("Tokenise / Spark, CPU", "Tokenise / Spark, wall"),
        s -> List.of(s.tokeniseCpuRatio(), s.tokeniseWallRatio()));
    if (r.sizes().size() > 1) {
      IngestBenchmark.Size small = r.sizes().get(0);
      IngestBenchmark.Size large = r.sizes().get(r.sizes().size() - 1);
      line(
          md,
          "Cost per GB of JSON from %,d to %,d users (x%.1f the data), median CPU seconds per GB;"
              + " growth 1.00 is flat:",
          small.users(),
          large.users(),
          large.gigabytes() / small.gigabytes());
      md.append('\n');
      FloorReport.growth(
          md,
          small,
          large,
          IngestBenchmark.Size::gigabytes,
          List.of(
              new FloorReport.Side<>("tokenise", IngestBenchmark.Size::tokenise),
              new FloorReport.Side<>("floor", IngestBenchmark.Size::floor),
              new FloorReport.Side<>("Spark ingest", IngestBenchmark.Size::spark)));
      md.append('\n');
    }
    FloorReport.secondsPerRun(
        md,
        r.sizes(),
        List.of(
            new FloorReport.Side<>("tokenise", IngestBenchmark.Size::tokenise),
            new FloorReport.Side<>("floor", IngestBenchmark.Size::floor),
            new FloorReport.Side<>("Spark", IngestBenchmark.Size::spark)));
  }

  private static void phases(StringBuilder md, IngestResult r, IngestBenchmark.Size s) {
    Map<String, PhaseListener.Phase> phases = s.phases();
    double wall = Measured.wall(s.spark()).median();
    line(md, "### Where Spark's time goes, %,d users", s.users());
    md.append('\n');
    line(
        md,
        "Phases of the ingest job (its Spark job descriptions), median over the runs. Wall is the time"
            + " its Spark jobs ran; task time, task CPU and GC are summed over tasks (up to %d at once).",
        r.sparkCores());
    md.append('\n');
    PhaseTable.write(
        md,
        phases,
        wall,
        Measured.cpu(s.spark()).median(),
        "planning, Delta commits, catalog, run log");
    md.append('\n');
    gap(md, s);
  }

  /** The median Spark run's CPU beyond the floor's, split where it was spent. */
  private static void gap(StringBuilder md, IngestBenchmark.Size s) {
    IngestBenchmark.Run run =
        s.runs().stream()
            .sorted(Comparator.comparingDouble(x -> x.spark().run().cpuSeconds()))
            .toList()
            .get((s.runs().size() - 1) / 2);
    Map<String, PhaseListener.Phase> p = run.spark().phases();
    double spark = run.spark().run().cpuSeconds();
    double floor = Measured.cpu(s.floor()).median();
    double tasks = run.spark().taskCpuSeconds();
    double write = p.getOrDefault("write bronze.events", PhaseListener.Phase.NONE).cpuSeconds();
    double others = tasks - write;
    double outside = spark - tasks;
    double gap = spark - floor;
    line(
        md,
        "Where Spark's CPU beyond the floor's goes (the median run by CPU: %.1f s against the"
            + " floor's %.1f s):",
        spark,
        floor);
    md.append('\n');
    md.append("| Where | CPU s | Share of the difference |\n|---|---|---|\n");
    gapRow(
        md,
        "`write bronze.events` tasks (read, decompress, parse and validate every line, tally it,"
            + " convert rows, write Parquet with Delta's statistics) beyond the floor's whole work",
        write - floor,
        gap);
    gapRow(md, "other tasks: the quarantine write, Delta's own jobs", others, gap);
    gapRow(
        md,
        "outside tasks: the driver (planning, Delta log and commits, catalog, run log), garbage"
            + " collection and JIT threads",
        outside,
        gap);
    line(md, "| **Spark - floor** | **%.1f** | 100%% |", gap);
    md.append('\n');
  }

  private static void gapRow(StringBuilder md, String name, double cpu, double gap) {
    line(md, "| %s | %.1f | %.0f%% |", name, cpu, 100 * cpu / gap);
  }

  private static void passes(StringBuilder md, IngestResult r) {
    if (r.read() == null) {
      return;
    }
    IngestBenchmark.Size s = r.sizes().get(0);
    double floor = Measured.cpu(s.floor()).median();
    line(
        md,
        "Partial Spark passes over the %,d-user day (one run each, nothing written), against the"
            + " floor's %.1f CPU s for the whole work:",
        s.users(),
        floor);
    md.append('\n');
    md.append(
        "| Pass | Wall s | CPU s | Task CPU s | CPU / floor's CPU |\n|---|---|---|---|---|\n");
    pass(md, "read: decompress and split lines (Spark's text reader)", r.read(), floor);
    pass(
        md,
        "read, then parse and validate every line (`RawLines.valid`, every column computed)",
        r.validate(),
        floor);
    md.append('\n');
    line(
        md,
        "The ingest job reads and parses every line once, in its `write bronze.events` pass (the"
            + " rows are written uncommitted, counted, then committed if the quarantine share"
            + " allows), so these passes split that pass's CPU between reading, parsing and"
            + " writing.");
    md.append('\n');
  }

  private static void pass(StringBuilder md, String name, SparkIngestBench.Pass p, double floor) {
    line(
        md,
        "| %s | %.1f | %.1f | %.1f | %.2f |",
        name,
        p.seconds(),
        p.cpuSeconds(),
        p.taskCpuSeconds(),
        p.cpuSeconds() / floor);
  }

  private static void leftOut(StringBuilder md, IngestResult r) {
    md.append("### What the floor leaves out\n\n");
    md.append(
        "The floor does the work that cannot be avoided: decompress, split lines, parse and validate"
            + " each line once, write the valid rows as compressed Parquet. It leaves out what the job"
            + " also does: the tally of every line and the rejected lines kept for the quarantine (the"
            + " floor only counts them, writes none); the Delta"
            + " log, its commits and snapshots, and the per-file statistics Delta keeps beyond"
            + " Parquet's own; the catalog (table checks, `replaceWhere`); the run log"
            + " (`ops.job_runs`); Spark's rows (the parser's values go straight into Parquet columns,"
            + " never through `Row` and `UnsafeRow`); task scheduling; and the job's fewer, larger"
            + " output files (it coalesces the files to `audience.ingest.output-files` per date when"
            + " there are more; the floor writes one per input file).\n");
  }
}
