package fr.audience.ingest;

import fr.audience.core.AudienceException;
import fr.audience.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where each kind of raw input lives (local or s3a://), per docs/raw-formats.md. */
public record RawInput(String root) {
  private static final Logger LOG = LoggerFactory.getLogger(RawInput.class);

  public String events(LocalDate date) {
    return root + "/events/event_date=" + date;
  }

  public String access(LocalDate date) {
    return root + "/access/event_date=" + date;
  }

  public String reference(String file) {
    return root + "/reference/" + file;
  }

  /**
   * A feed's delivery for one date: its files, and the lines its manifest lists (-1 without a
   * manifest).
   */
  public record Delivery(List<DeliveredFile> files, long lines) {
    public List<String> paths() {
      return files.stream().map(DeliveredFile::path).toList();
    }
  }

  /**
   * A delivered file as listed: its path, name, size, modification time (epoch ms) and the checksum
   * its store keeps (an S3 etag; null where the store keeps none, as on local disks).
   */
  public record DeliveredFile(
      String path, String name, long bytes, long modified, String checksum) {
    static DeliveredFile of(FileSystem fs, FileStatus f) throws IOException {
      FileChecksum sum = fs.getFileChecksum(f.getPath());
      return new DeliveredFile(
          f.getPath().toString(),
          f.getPath().getName(),
          f.getLen(),
          f.getModificationTime(),
          sum == null
              ? null
              : sum.getAlgorithmName() + ":" + java.util.HexFormat.of().formatHex(sum.getBytes()));
    }
  }

  /**
   * The files of a delivery folder that count as delivered now, by name: the ones its manifest
   * lists, present with the listed size (a file not listed yet is still being delivered), or every
   * {@code .gz} file when the folder has no manifest. Empty when the folder does not exist.
   */
  public static Map<String, DeliveredFile> delivered(SparkSession spark, String folder) {
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Map<String, DeliveredFile> files = new TreeMap<>();
      if (!fs.exists(path)) {
        return files;
      }
      Map<String, DeliveryManifest.Entry> manifest = DeliveryManifest.read(fs, path);
      for (FileStatus f : fs.listStatus(path)) {
        String name = f.getPath().getName();
        boolean listed =
            manifest == null
                ? name.endsWith(".gz")
                : manifest.containsKey(name) && manifest.get(name).bytes() == f.getLen();
        if (f.isFile() && listed) {
          files.put(name, DeliveredFile.of(fs, f));
        }
      }
      return files;
    } catch (IOException e) {
      throw Errors.cannot(
          "list " + folder, Errors.firstLine(e), "Check the path and its credentials", e);
    }
  }

  /**
   * The compressed files ({@code *.gz}) of one feed's delivery folder, sorted; what else lies there
   * (a {@code .tmp} still being written) is not input. Refuses, in one line, a delivery without its
   * manifest (when {@code requireManifest}), with no {@code .gz} file, an empty file (never a
   * complete gzip stream) or one above {@code maxBytes}, and files that do not match the manifest
   * (missing, another size, or not listed).
   */
  public static Delivery delivery(
      SparkSession spark,
      String job,
      LocalDate date,
      String folder,
      long maxBytes,
      boolean requireManifest) {
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Map<String, DeliveryManifest.Entry> manifest = DeliveryManifest.read(fs, path);
      if (manifest == null && requireManifest) {
        throw Errors.badDelivery(
            job,
            date,
            "the delivery in "
                + folder
                + " is not complete: it has no "
                + DeliveryManifest.FILE
                + " (the collector writes it last)",
            "Wait for the delivery to complete, then run " + job + " again");
      }
      List<DeliveredFile> files = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      Map<String, Long> sizes = new TreeMap<>();
      for (FileStatus f : fs.listStatus(path)) {
        String name = f.getPath().getName();
        if (!f.isFile() || !name.endsWith(".gz")) {
          if (!name.startsWith("_") && !name.startsWith(".")) {
            ignored.add(name);
          }
          continue;
        }
        if (f.getLen() == 0) {
          throw Errors.badDelivery(
              job,
              date,
              f.getPath() + " is empty (0 bytes, not a gzip file)",
              "Deliver the file again, or remove it if the collector wrote it by mistake");
        }
        if (f.getLen() > maxBytes) {
          throw Errors.badDelivery(
              job,
              date,
              f.getPath()
                  + " has "
                  + f.getLen()
                  + " bytes, above audience.ingest.max-file-bytes ("
                  + maxBytes
                  + ")",
              "Check the delivery, or raise audience.ingest.max-file-bytes");
        }
        sizes.put(name, f.getLen());
        files.add(DeliveredFile.of(fs, f));
      }
      if (!ignored.isEmpty()) {
        LOG.warn("{}: not input, left aside (only *.gz files are read): {}", folder, ignored);
      }
      if (files.isEmpty()) {
        throw Errors.badDelivery(
            job,
            date,
            folder + " holds no .gz file" + (ignored.isEmpty() ? "" : " (only " + ignored + ")"),
            "Wait for the delivery to complete, then run " + job + " again");
      }
      long lines = -1;
      if (manifest != null) {
        lines = 0;
        for (DeliveryManifest.Entry e : manifest.values()) {
          Long size = sizes.get(e.file());
          if (size == null || size != e.bytes()) {
            throw Errors.badDelivery(
                job,
                date,
                folder
                    + "/"
                    + e.file()
                    + (size == null ? " is missing" : " has " + size + " bytes")
                    + " where its manifest lists "
                    + e.bytes()
                    + " bytes",
                "Deliver the file again");
          }
          lines += e.lines();
        }
        for (String name : sizes.keySet()) {
          if (!manifest.containsKey(name)) {
            throw Errors.badDelivery(
                job,
                date,
                folder + "/" + name + " is not in the delivery's manifest (a file added later?)",
                "Deliver a manifest that lists it, or move it out of the folder");
          }
        }
      }
      files.sort(java.util.Comparator.comparing(DeliveredFile::path));
      return new Delivery(files, lines);
    } catch (IOException e) {
      throw Errors.cannot(
          "list " + folder, Errors.firstLine(e), "Check the path and its credentials", e);
    }
  }

  /**
   * The one-line refusal for a raw file Spark could not read to its end (a truncated or corrupt
   * gzip stream), or null when {@code failure} is something else.
   */
  public static AudienceException unreadableFile(String job, LocalDate date, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st
          && st.getCondition() != null
          && st.getCondition().startsWith("FAILED_READ_FILE")) {
        String file = st.getMessageParameters().getOrDefault("path", "a raw file");
        Throwable root = t;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        return Errors.badDelivery(
            job,
            date,
            file + " cannot be read to its end (" + Errors.firstLine(root) + ")",
            "Deliver the file again (a truncated or corrupt gzip file), or move it out of the folder");
      }
    }
    return null;
  }

  /**
   * Refuses, in one line, a reference CSV that is empty or whose header is not {@code columns} in
   * that order: columns swapped or renamed would load silently into the wrong fields.
   */
  public static void checkCsvHeader(
      SparkSession spark, String job, LocalDate date, String file, List<String> columns) {
    String header;
    try {
      Path path = new Path(file);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        header = in.readLine();
      }
    } catch (IOException e) {
      throw Errors.cannot(
          "read " + file, Errors.firstLine(e), "Check the path and its credentials", e);
    }
    if (header == null || header.isBlank()) {
      throw Errors.badDelivery(
          job,
          date,
          file + " is empty (no header, no rows), which would empty its table",
          "Deliver the export again, or remove the file to keep the table as it is");
    }
    String expected = String.join(",", columns);
    String actual = header.replace("\uFEFF", "").strip();
    if (!actual.equals(expected)) {
      throw Errors.badDelivery(
          job,
          date,
          file + " has the header '" + actual + "' where '" + expected + "' is documented",
          "Fix the export's columns (docs/raw-formats.md) and deliver it again");
    }
  }

  public static boolean exists(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw Errors.cannot(
          "read " + location, Errors.firstLine(e), "Check the path and its credentials", e);
    } catch (UncheckedIOException e) {
      throw Errors.cannot(
          "read " + location,
          Errors.firstLine(e.getCause()),
          "Check the path and its credentials",
          e);
    }
  }
}
