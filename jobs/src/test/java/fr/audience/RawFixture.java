package fr.audience;

import fr.audience.ingest.DeliveryManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes small hand-made raw files in the layout of docs/raw-formats.md. */
public final class RawFixture {
  private RawFixture() {}

  public static void events(Path raw, LocalDate date, List<String> lines) {
    gzip(raw.resolve("events/event_date=" + date + "/events-00.json.gz"), lines);
  }

  public static void access(Path raw, LocalDate date, List<String> lines) {
    gzip(raw.resolve("access/event_date=" + date + "/access-00.log.gz"), lines);
  }

  /** A page view as the collector sends it; {@code user} may be null for a logged-out reader. */
  public static String pageView(String id, String device, String user, String ts, String section) {
    return "{\"event_id\":\""
        + id
        + "\",\"event_type\":\"page_view\",\"ts\":\""
        + ts
        + "\",\"device_id\":\""
        + device
        + "\""
        + (user == null ? "" : ",\"user_id\":\"" + user + "\"")
        + ",\"device\":\"mobile\",\"user_agent\":\"Mozilla/5.0 (iPhone)\",\"referrer\":\"https://www.google.com/\""
        + ",\"section\":\""
        + section
        + "\",\"article_id\":\"a001\",\"dwell_seconds\":30.0,\"scroll_depth\":0.5"
        + ",\"consent_analytics\":true,\"consent_ads\":false}";
  }

  /**
   * Writes a gzip file; in a delivery folder ({@code event_date=}), a {@code .gz} file's folder
   * then gets its manifest rewritten to list every {@code .gz} file there, as a collector would.
   */
  public static void gzip(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        for (String line : lines) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (file.getFileName().toString().endsWith(".gz")
        && file.getParent().getFileName().toString().startsWith("event_date=")) {
      DeliveryManifest.writeFor(file.getParent());
    }
  }
}
