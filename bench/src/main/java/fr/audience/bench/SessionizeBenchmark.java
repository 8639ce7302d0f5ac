package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.RunCounts;
import fr.audience.core.SparkSessions;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SessionizeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Measures, in one run and on the same bronze day, the sessionize job and its floor (read the same
 * window, one shuffle by device, sort, write as many rows), alternating them so that a change of
 * load on a shared machine hits both alike. One unrecorded warm-up of each comes first.
 */
public final class SessionizeBenchmark {
  private SessionizeBenchmark() {}

  /** One run: the sessionize job, then the floor. */
  public record Run(SparkRun<RunCounts> sessionize, SparkRun<SessionizeFloor.Targets> floor) {}

  /**
   * One size: its raw day, the ingest that put it into bronze (untimed here, for the sizes it
   * wrote), what the floor aimed at, and the runs.
   */
  public record Size(
      int users,
      BenchDataset data,
      SparkRun<RunCounts> ingest,
      SessionizeFloor.Targets targets,
      List<Run> runs)
      implements FloorRatios {
    public long bronzeEvents() {
      return ingest.run().value().rowsOut();
    }

    public long bronzeBytes() {
      return ingest.phase("write bronze.events").writtenBytes();
    }

    public List<Measured<RunCounts>> sessionize() {
      return runs.stream().map(r -> r.sessionize().run()).toList();
    }

    /** The sessionize job's runs, {@link #sessionize}. */
    @Override
    public List<Measured<RunCounts>> job() {
      return sessionize();
    }

    @Override
    public List<Measured<SessionizeFloor.Targets>> floor() {
      return runs.stream().map(r -> r.floor().run()).toList();
    }

    public Map<String, PhaseListener.Phase> sessionizePhases() {
      return PhaseListener.median(runs.stream().map(r -> r.sessionize().phases()).toList());
    }

    public Map<String, PhaseListener.Phase> floorPhases() {
      return PhaseListener.median(runs.stream().map(r -> r.floor().phases()).toList());
    }
  }

  /**
   * @param config the user's configuration layers plus the given ones (the benchmark's scratch
   *     lakehouse and raw folder)
   */
  public static SessionizeResult run(
      BenchSettings bench, DayOptions days, Function<List<String>, Config> config)
      throws IOException {
    Instant started = Instant.now();
    List<Double> loads = new ArrayList<>(List.of(Machine.otherProcessesLoad()));
    List<Integer> sizes = days.sizes("sessionize");
    ScratchLakehouse scratch = ScratchLakehouse.emptied(bench, "sessionize");
    Path floorOut = scratch.home().resolve("floor");
    int cores = scratch.cores();
    Config base = config.apply(scratch.layers());
    int lateWindowDays = SessionizeSettings.from(base).lateWindowDays();

    List<Size> measured = new ArrayList<>();
    PhaseListener listener = new PhaseListener();
    try (SparkSession spark =
        SparkSessions.create("bench-sessionize", IngestSettings.from(base).lakehouse())) {
      spark.sparkContext().addSparkListener(listener);
      for (int users : sizes) {
        BenchDataset data =
            BenchDataset.prepare(days.day(base, bench, users), bench.ingestMinBytes());
        Config sized =
            config.apply(scratch.layersWith("audience.paths.raw=" + data.raw().toAbsolutePath()));
        IngestSettings ingest = IngestSettings.from(sized);
        SessionizeSettings sessionize = SessionizeSettings.from(sized);
        DateRange date = DateRange.of(data.date());
        SparkRun<RunCounts> ingested =
            SparkRun.of(
                spark,
                listener,
                () -> DailyJob.runRecorded(spark, ingest.lakehouse(), new IngestJob(ingest), date));
        System.out.printf(
            "Benchmark day of %,d users ingested in %.1f s: %,d bronze events%n",
            users, ingested.run().wallSeconds(), ingested.run().value().rowsOut());
        SessionizeFloor floor = new SessionizeFloor(spark, data.date(), lateWindowDays, floorOut);
        SessionizeFloor.Targets targets = null;
        if (users == sizes.get(0)) {
          System.out.println("  warm-up (not recorded):");
          sessionizeOnce(spark, listener, sessionize, date, 0);
          targets = floor.targets();
          floorOnce(spark, listener, floor, floorOut, targets, 0);
          loads.add(Machine.otherProcessesLoad());
        }
        List<Run> runs = new ArrayList<>();
        for (int run = 1; run <= days.runs(bench, sizes, users); run++) {
          SparkRun<RunCounts> s = sessionizeOnce(spark, listener, sessionize, date, run);
          if (targets == null) {
            targets = floor.targets();
          }
          runs.add(new Run(s, floorOnce(spark, listener, floor, floorOut, targets, run)));
          loads.add(Machine.otherProcessesLoad());
        }
        measured.add(new Size(users, data, ingested, targets, runs));
      }
      return new SessionizeResult(
          started, Machine.current(), spark.version(), cores, lateWindowDays, loads, measured);
    }
  }

  private static SparkRun<RunCounts> sessionizeOnce(
      SparkSession spark,
      PhaseListener listener,
      SessionizeSettings settings,
      DateRange date,
      int run) {
    SparkRun<RunCounts> s =
        SparkRun.of(
            spark,
            listener,
            () ->
                DailyJob.runRecorded(
                    spark, settings.lakehouse(), new SessionizeJob(settings), date));
    System.out.printf(
        "  run %d: sessionize %.1f s (CPU %.1f s, tasks %.1f s), %s%n",
        run, s.run().wallSeconds(), s.run().cpuSeconds(), s.taskCpuSeconds(), s.run().value());
    return s;
  }

  private static SparkRun<SessionizeFloor.Targets> floorOnce(
      SparkSession spark,
      PhaseListener listener,
      SessionizeFloor floor,
      Path out,
      SessionizeFloor.Targets targets,
      int run) {
    BenchDataset.deleteTree(out);
    String runId = "floor-" + UUID.randomUUID().toString().substring(0, 8);
    SparkRun<SessionizeFloor.Targets> f =
        SparkRun.of(
            spark,
            listener,
            () -> {
              floor.run(targets, runId);
              return targets;
            });
    System.out.printf(
        "  run %d: floor %.1f s (CPU %.1f s, tasks %.1f s), rows written %,d / %,d / %,d"
            + " (sessionize: %,d / %,d / %,d)%n",
        run,
        f.run().wallSeconds(),
        f.run().cpuSeconds(),
        f.taskCpuSeconds(),
        f.phase(SessionizeFloor.EVENTS).writtenRows(),
        f.phase(SessionizeFloor.SESSIONS).writtenRows(),
        f.phase(SessionizeFloor.USER_DAILY).writtenRows(),
        targets.events(),
        targets.sessions(),
        targets.userDays());
    return f;
  }
}
