package fr.audience.bench;

import static fr.audience.bench.ReportHeader.line;

import java.util.List;
import java.util.Map;

/** The sessionize section of docs/benchmarks.md, written from one benchmark's measurements. */
public final class SessionizeReport {
  private static final List<String[]> TABLES =
      List.of(
          new String[] {"silver.events", "write silver.events", SessionizeFloor.EVENTS},
          new String[] {"silver.sessions", "write silver.sessions", SessionizeFloor.SESSIONS},
          new String[] {
            "silver.user_daily", "write silver.user_daily", SessionizeFloor.USER_DAILY
          });

  private SessionizeReport() {}

  public static String render(SessionizeResult r) {
    StringBuilder md = new StringBuilder();
    ReportHeader.write(
        md,
        "Sessionize: Spark into silver against a read, shuffle, sort and write floor",
        "sessionize",
        r.startedAt(),
        r.machine(),
        "Spark " + r.sparkVersion() + ", `local[" + r.sparkCores() + "]`",
        r.loads(),
        r.maxLoad(),
        "wall times are long and noisy; CPU times, which count only the work done, suffer less.");
    data(md, r);
    sides(md, r);
    outputs(md, r);
    figures(md, r);
    for (SessionizeBenchmark.Size s : r.sizes()) {
      phases(md, r, s);
    }
    leftOut(md);
    return md.toString();
  }

  private static void data(StringBuilder md, SessionizeResult r) {
    int w = r.lateWindowDays();
    line(
        md,
        "- Data: the ingest benchmark's generated days, one per size, ingested into a scratch lakehouse"
            + " (not timed here). A run for D reads the deliveries D-%d..D+%d and publishes D-%d..D"
            + " (`audience.sessionize.late-window-days` = %d); only D is delivered here, which is all"
            + " the job requires. A steady daily run would also read the deliveries before D, so both"
            + " sides would read more rows; the ratio compares them on the same rows.",
        w + 1,
        w,
        w,
        w);
    line(
        md,
        "- Each run times sessionize, then the floor; one unrecorded warm-up of each comes before the"
            + " first size. Figures are medians of the runs (min..max in brackets).");
    md.append('\n');
    md.append(
        "| Users | Bronze events (D's delivery) | Bronze MB (Parquet) | Of them with a published date |"
            + " Runs |\n|---|---|---|---|---|\n");
    for (SessionizeBenchmark.Size s : r.sizes()) {
      line(
          md,
          "| %,d | %,d | %,.0f | %,d | %d |",
          s.users(),
          s.bronzeEvents(),
          s.bronzeBytes() / 1e6,
          s.targets().windowEvents(),
          s.runs().size());
    }
    md.append('\n');
  }

  private static void sides(StringBuilder md, SessionizeResult r) {
    md.append("What each side does:\n\n");
    line(
        md,
        "- **Sessionize**: the job (`SessionizeJob` via `DailyJob.runRecorded`, as `bin/audience"
            + " sessionize` runs it) on `local[%d]`: cleaning (duplicates, clocks, late events, bots),"
            + " quarantine, identity stitching, sessions, then silver.events, sessions, user_daily,"
            + " subscription events, transactions and subscriptions.",
        r.sparkCores());
    line(
        md,
        "- **Floor**: Spark in the same session. It reads the same bronze window, keeps the events"
            + " with a published date (a hash sample down to as many as silver.events got), shuffles"
            + " once (`repartition(device_id)`), sorts (`sortWithinPartitions(date, device_id, ts)`:"
            + " the date first, so the date-partitioned write needs no sort of its own) and writes"
            + " them at silver.events' width as a Delta table by path. From the written table it then"
            + " writes a narrow projection of a hash sample with as many rows as silver.sessions, and"
            + " one aggregate per user and day (a count per event type, sums, first and last time) as"
            + " user_daily.");
    line(
        md,
        "- CPU is the whole process's CPU time during the work"
            + " (`OperatingSystemMXBean.getProcessCpuTime`: every thread, the driver, garbage"
            + " collection and JIT included, alike for both sides); wall is elapsed time.");
    md.append('\n');
  }

  private static void outputs(StringBuilder md, SessionizeResult r) {
    md.append(
        "What each side wrote (rows and bytes from Spark's output metrics, median run):\n\n"
            + "| Users | Table | Sessionize rows | Sessionize MB | Floor rows | Floor MB |\n"
            + "|---|---|---|---|---|---|\n");
    for (SessionizeBenchmark.Size s : r.sizes()) {
      Map<String, PhaseListener.Phase> job = s.sessionizePhases();
      Map<String, PhaseListener.Phase> floor = s.floorPhases();
      for (String[] t : TABLES) {
        PhaseListener.Phase a = job.getOrDefault(t[1], PhaseListener.Phase.NONE);
        PhaseListener.Phase b = floor.getOrDefault(t[2], PhaseListener.Phase.NONE);
        line(
            md,
            "| %,d | %s | %,d | %,.0f | %,d | %,.0f |",
            s.users(),
            t[0],
            a.writtenRows(),
            a.writtenBytes() / 1e6,
            b.writtenRows(),
            b.writtenBytes() / 1e6);
      }
    }
    md.append('\n');
  }

  private static void figures(StringBuilder md, SessionizeResult r) {
    md.append(
        "| Users | Side | Wall s | CPU s | CPU s per million bronze events |\n"
            + "|---|---|---|---|---|\n");
    FloorReport.sides(
        md,
        r.sizes(),
        List.of(
            new FloorReport.Side<>("**sessionize**", SessionizeBenchmark.Size::sessionize),
            new FloorReport.Side<>("**floor**", SessionizeBenchmark.Size::floor)),
        (s, cpu) -> List.of(cpu / (s.bronzeEvents() / 1e6)));
    md.append('\n');
    FloorReport.ratios(md, "sessionize", r.sizes(), List.of(), s -> List.of());
    if (r.sizes().size() > 1) {
      SessionizeBenchmark.Size small = r.sizes().get(0);
      SessionizeBenchmark.Size large = r.sizes().get(r.sizes().size() - 1);
      line(
          md,
          "Cost per million bronze events from %,d to %,d users (x%.1f the events), median CPU"
              + " seconds; growth 1.00 is flat:",
          small.users(),
          large.users(),
          (double) large.bronzeEvents() / small.bronzeEvents());
      md.append('\n');
      FloorReport.growth(
          md,
          small,
          large,
          s -> s.bronzeEvents() / 1e6,
          List.of(
              new FloorReport.Side<>("sessionize", SessionizeBenchmark.Size::sessionize),
              new FloorReport.Side<>("floor", SessionizeBenchmark.Size::floor)));
      md.append('\n');
    }
    FloorReport.secondsPerRun(
        md,
        r.sizes(),
        List.of(
            new FloorReport.Side<>("sessionize", SessionizeBenchmark.Size::sessionize),
            new FloorReport.Side<>("floor", SessionizeBenchmark.Size::floor)));
  }

  private static void phases(StringBuilder md, SessionizeResult r, SessionizeBenchmark.Size s) {
    line(md, "### Where the time goes, %,d users", s.users());
    md.append('\n');
    line(
        md,
        "Phases (Spark job descriptions), median over the runs. Wall is the time their Spark jobs"
            + " ran; task time, task CPU and GC are summed over tasks (up to %d at once).",
        r.sparkCores());
    md.append('\n');
    md.append("Sessionize:\n\n");
    PhaseTable.write(
        md,
        s.sessionizePhases(),
        Measured.wall(s.sessionize()).median(),
        Measured.cpu(s.sessionize()).median(),
        "planning, Delta commits, catalog, run log");
    md.append('\n');
    md.append("Floor:\n\n");
    PhaseTable.write(
        md,
        s.floorPhases(),
        Measured.wall(s.floor()).median(),
        Measured.cpu(s.floor()).median(),
        "planning, Delta commits");
    md.append('\n');
  }

  private static void leftOut(StringBuilder md) {
    md.append("### What the floor leaves out\n\n");
    md.append(
        "The floor keeps what sessionize cannot avoid: read the window, bring each device's events"
            + " together (one shuffle), order them by time, write the three tables at their sizes. It"
            + " leaves out: the duplicate search (a ranking of each event id's copies within the"
            + " device, plus a narrow aggregate for ids spread over devices), the bot windows (page"
            + " views per device in a sliding window, then the day's peak), the clock and late-event"
            + " checks and the quarantine write; identity stitching (the identity map's MERGE and the"
            + " join with it); the referrer classes (regular expressions); the session windows (gap"
            + " to the previous event, each session's start carried forward) and the SHA-256 session"
            + " ids, one per session; the cache of the cleaned events the tables are built from; the"
            + " sessions' aggregation by device and start and the user days' pre-aggregate with its"
            + " per-section, device and daypart maps; subscription events, transactions and subscriptions; the"
            + " counts that check the quarantine share and fill the run log; the catalog and"
            + " `replaceWhere` (the floor overwrites tables by path).\n");
  }
}
