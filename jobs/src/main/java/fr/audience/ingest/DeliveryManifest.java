package fr.audience.ingest;

import fr.audience.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * The file a collector writes last in a delivery folder, saying the delivery is complete and what
 * it holds (docs/raw-formats.md): a header {@code file,bytes,lines}, then one row per {@code .gz}
 * file with its size on disk and its number of lines once decompressed.
 */
public final class DeliveryManifest {
  public static final String FILE = "_MANIFEST";
  static final String HEADER = "file,bytes,lines";

  /** One delivered file as the manifest lists it. */
  public record Entry(String file, long bytes, long lines) {}

  private DeliveryManifest() {}

  /**
   * The manifest's rows by file name, or null when the folder has none; refuses, in one line, a
   * manifest that is not in the documented form.
   */
  static Map<String, Entry> read(FileSystem fs, org.apache.hadoop.fs.Path folder) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder, FILE);
    try {
      if (!fs.exists(path)) {
        return null;
      }
      Map<String, Entry> entries = new LinkedHashMap<>();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        String header = in.readLine();
        if (header == null || !header.strip().equals(HEADER)) {
          throw malformed(path, "its first line is not '" + HEADER + "'");
        }
        String line;
        int number = 1;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          String[] parts = line.strip().split(",");
          try {
            if (parts.length != 3) {
              throw new NumberFormatException();
            }
            entries.put(
                parts[0], new Entry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
          } catch (NumberFormatException e) {
            throw malformed(path, "line " + number + " is not 'file,bytes,lines'");
          }
        }
      }
      return entries;
    } catch (IOException e) {
      throw Errors.cannot(
          "read " + path, Errors.firstLine(e), "Check the path and its credentials", e);
    }
  }

  private static RuntimeException malformed(org.apache.hadoop.fs.Path path, String why) {
    return Errors.refused(
        "read the delivery manifest " + path,
        why,
        "The collector writes it as docs/raw-formats.md describes; deliver it again");
  }

  /** Writes a local folder's manifest from the given rows (atomically: a rename). */
  public static void write(Path folder, List<Entry> entries) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Entry e : entries) {
      text.append(e.file()).append(',').append(e.bytes()).append(',').append(e.lines());
      text.append('\n');
    }
    try {
      Path tmp = folder.resolve(FILE + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw Errors.writeFailed(
          "write a delivery manifest", folder, e, "Check the folder is writable");
    }
  }

  /**
   * Writes a local folder's manifest from the {@code .gz} files it holds now, counting their lines:
   * what a collector does once its files are complete.
   */
  public static void writeFor(Path folder) {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".gz")).sorted().toList()) {
        entries.add(new Entry(f.getFileName().toString(), Files.size(f), lines(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(folder, entries);
  }

  private static long lines(Path gz) throws IOException {
    long lines = 0;
    boolean pending = false;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
            pending = false;
          } else {
            pending = true;
          }
        }
      }
    }
    return pending ? lines + 1 : lines;
  }
}
