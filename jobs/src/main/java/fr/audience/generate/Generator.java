package fr.audience.generate;

import fr.audience.core.Errors;
import fr.audience.ingest.DeliveryManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Synthetic raw input for the lakehouse, with the ground truth it planted kept apart in _truth/.
 * Day by day, each file of a day is written by its own task over a fixed range of users; readers
 * are rebuilt from the seed rather than held in memory.
 */
public final class Generator {
  private static final List<String> OWNED_FOLDERS =
      List.of(Layout.EVENTS, Layout.ACCESS, Layout.REFERENCE, Layout.TRUTH);

  private Generator() {}

  public static GenerationSummary generate(GeneratorSettings s) {
    clearPreviousRun(s.out());
    World world = new World(s);
    PartitionWriter[] partitions = new PartitionWriter[s.filesPerDay()];
    List<Device> bots = new ArrayList<>();
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = new PartitionWriter(world, p);
      bots.addAll(List.of(partitions[p].bots()));
    }
    FileStats total = new FileStats();
    long[][] badByDay = new long[s.days()][];
    int threads = Math.min(s.filesPerDay(), Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int day = 0; day < s.days(); day++) {
        FileStats dayStats = writeDay(pool, partitions, day, s);
        badByDay[day] = dayStats.bad;
        total.add(dayStats);
      }
    } finally {
      pool.shutdownNow();
    }
    long referenceRows = ReferenceWriter.write(world) + UserExports.write(world);
    TruthWriter.write(world, badByDay, bots);
    return summary(s, total, referenceRows);
  }

  private static FileStats writeDay(
      ExecutorService pool, PartitionWriter[] partitions, int day, GeneratorSettings s) {
    List<Future<FileStats>> files = new ArrayList<>();
    for (PartitionWriter p : partitions) {
      files.add(pool.submit(() -> p.writeDay(day)));
    }
    FileStats dayStats = new FileStats();
    List<DeliveryManifest.Entry> events = new ArrayList<>();
    List<DeliveryManifest.Entry> access = new ArrayList<>();
    String folder = "event_date=" + s.startDate().plusDays(day);
    Path eventsFolder = s.out().resolve(Layout.EVENTS).resolve(folder);
    Path accessFolder = s.out().resolve(Layout.ACCESS).resolve(folder);
    try {
      for (int p = 0; p < files.size(); p++) {
        FileStats f = files.get(p).get();
        dayStats.add(f);
        events.add(entry(eventsFolder, PartitionWriter.eventsFile(p), f.eventLines));
        access.add(entry(accessFolder, PartitionWriter.accessFile(p), f.accessLines));
      }
      // Written last, as a collector does: the day's delivery is complete.
      DeliveryManifest.write(eventsFolder, events);
      DeliveryManifest.write(accessFolder, access);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.cannot("generate data", "interrupted", "Run the command again", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    return dayStats;
  }

  private static DeliveryManifest.Entry entry(Path folder, String file, long lines) {
    try {
      return new DeliveryManifest.Entry(file, Files.size(folder.resolve(file)), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes only the folders a run writes, so a regenerated tree holds no file of an older run. */
  private static void clearPreviousRun(Path out) {
    for (String folder : OWNED_FOLDERS) {
      Path dir = out.resolve(folder);
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw Errors.cannot(
            "generate data",
            "clearing " + dir + " failed: " + Errors.firstLine(e),
            "Remove it by hand or choose another --out",
            e);
      }
    }
  }

  private static GenerationSummary summary(GeneratorSettings s, FileStats t, long referenceRows) {
    Map<String, Long> byType = new LinkedHashMap<>();
    for (EventType e : EventType.values()) {
      byType.put(e.id, t.byType[e.ordinal()]);
    }
    Map<String, Long> bad = new LinkedHashMap<>();
    for (BadKind k : BadKind.values()) {
      bad.put(k.id, t.bad[k.ordinal()]);
    }
    return new GenerationSummary(
        s.users(),
        s.days(),
        t.eventLines,
        t.eventBytes,
        t.accessLines,
        t.accessBytes,
        byType,
        bad,
        referenceRows);
  }
}
