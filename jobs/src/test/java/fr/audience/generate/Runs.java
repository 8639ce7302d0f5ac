package fr.audience.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small generator runs and readers of their output, shared by the tests. */
final class Runs {
  static final LocalDate START = LocalDate.of(2026, 3, 1);

  private Runs() {}

  static GeneratorSettings settings(Path out, int users, int days, long seed, double badFraction) {
    return new GeneratorSettings(users, days, START, seed, badFraction, out, 0.3, 24, 2);
  }

  /** Relative path -> content, for every file of a run. */
  static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** Data rows of a CSV written by the generator (no quoted commas in the columns tests read). */
  static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new TreeMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
