package fr.audience.bench;

import fr.audience.core.Errors;
import fr.audience.generate.GenerationSummary;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import fr.audience.ingest.DeliveryManifest;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One generated day of JSON events for the ingest and sessionize benchmarks, kept between runs:
 * regenerating ~1 GB costs more than a measurement, and the same settings give the same bytes
 * anyway. Only events stay under raw/: access logs and reference files are removed so that Spark
 * and the floors read exactly the same input.
 */
public record BenchDataset(Path raw, LocalDate date, List<Path> files, long lines, long bytes) {
  private static final String STAMP = "dataset.properties";

  public static BenchDataset prepare(GeneratorSettings g, long minBytes) {
    Path home = g.out().getParent();
    Properties wanted = describe(g);
    Properties found = read(home.resolve(STAMP));
    if (found == null
        || !wanted.equals(withoutCounts(found))
        || !Files.isDirectory(eventFolder(g))) {
      deleteIfExists(home.resolve(STAMP));
      System.out.printf(
          "Generating the benchmark day: %d users, %d files into %s ...%n",
          g.users(), g.filesPerDay(), g.out());
      GenerationSummary summary = Generator.generate(g);
      deleteTree(g.out().resolve("access"));
      deleteTree(g.out().resolve("reference"));
      found = describe(g);
      found.setProperty("event-lines", Long.toString(summary.eventLines()));
      found.setProperty("event-bytes", Long.toString(summary.eventBytes()));
      write(home.resolve(STAMP), found);
    } else {
      System.out.printf("Reusing the benchmark day in %s (same settings)%n", g.out());
      if (!Files.exists(eventFolder(g).resolve(DeliveryManifest.FILE))) {
        // A day generated before deliveries carried their manifest.
        DeliveryManifest.writeFor(eventFolder(g));
      }
    }
    long bytes = Long.parseLong(found.getProperty("event-bytes"));
    if (bytes < minBytes) {
      throw Errors.cannot(
          "prepare the benchmark day",
          String.format(
              "%d users give %.2f GB of JSON, under audience.bench.ingest-min-bytes (%.2f GB)",
              g.users(), bytes / 1e9, minBytes / 1e9),
          "Raise --users (or, for a quick check only, lower it with"
              + " --conf audience.bench.ingest-min-bytes=1)");
    }
    return new BenchDataset(
        g.out(),
        g.startDate(),
        list(eventFolder(g)),
        Long.parseLong(found.getProperty("event-lines")),
        bytes);
  }

  private static Path eventFolder(GeneratorSettings g) {
    return g.out().resolve("events").resolve("event_date=" + g.startDate());
  }

  private static Properties describe(GeneratorSettings g) {
    Properties p = new Properties();
    p.setProperty("users", Integer.toString(g.users()));
    p.setProperty("days", Integer.toString(g.days()));
    p.setProperty("start-date", g.startDate().toString());
    p.setProperty("seed", Long.toString(g.seed()));
    p.setProperty("bad-fraction", Double.toString(g.badFraction()));
    p.setProperty("segment-overlap", Double.toString(g.segmentOverlap()));
    p.setProperty("history-months", Integer.toString(g.historyMonths()));
    p.setProperty("files-per-day", Integer.toString(g.filesPerDay()));
    return p;
  }

  private static Properties withoutCounts(Properties p) {
    Properties copy = new Properties();
    copy.putAll(p);
    copy.remove("event-lines");
    copy.remove("event-bytes");
    return copy;
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  private static Properties read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (Reader r = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(r);
      return p;
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(Path file, Properties p) {
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(
          w, "Settings of the generated benchmark day; change any and the day is generated again");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file, e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
