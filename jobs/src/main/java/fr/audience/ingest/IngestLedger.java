package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;

import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * ops.ingested_files: the raw files bronze holds, one row per file of each ingested delivery date,
 * with the lines read from it and what became of them. Ingest replaces a date's rows when it
 * publishes the date; comparing them with a folder tells whether files were added, changed or
 * removed since (a late file), which marks the date for re-processing.
 */
public final class IngestLedger {
  public static final String DELIVERY_DATE = "delivery_date";

  public static final TableSpec INGESTED_FILES =
      TableSpec.builder(
              "ops",
              "ingested_files",
              "One row per raw file bronze holds: its delivery date, size and modification time as"
                  + " ingested, its lines and what became of them. lines = rows_out +"
                  + " rows_quarantined.")
          .column(
              DELIVERY_DATE, DataTypes.DateType, "Delivery date (the file's event_date= folder)")
          .column("feed", DataTypes.StringType, "events or access")
          .column("file", DataTypes.StringType, "File name in its delivery folder")
          .column("path", DataTypes.StringType, "Full path or URI of the file as read")
          .column("bytes", DataTypes.LongType, "Size on disk (compressed) when ingested")
          .column("modified_at", DataTypes.TimestampType, "Modification time when ingested (UTC)")
          .column(
              "checksum",
              DataTypes.StringType,
              "Checksum the store keeps for the file (an S3 etag), null where it keeps none")
          .column("lines", DataTypes.LongType, "Lines read from the file once decompressed")
          .column("rows_out", DataTypes.LongType, "Lines written to the feed's bronze table")
          .column("rows_quarantined", DataTypes.LongType, "Lines rejected to bronze.quarantine")
          .column("run_id", DataTypes.StringType, "The ingest run that read it")
          .column("ingested_at", DataTypes.TimestampType, "When that run published it (UTC)")
          .build();

  public static final String EVENTS_FEED = "events";
  public static final String ACCESS_FEED = "access";

  /** The feeds of a delivery folder, as the ledger names them. */
  public static final List<String> FEEDS = List.of(EVENTS_FEED, ACCESS_FEED);

  private IngestLedger() {}

  /** A delivered file as the ledger compares it: feed, name, size, modification time, checksum. */
  record Seen(String feed, String file, long bytes, long modified, String checksum) {
    static Seen of(String feed, RawInput.DeliveredFile f) {
      return new Seen(feed, f.name(), f.bytes(), f.modified(), f.checksum());
    }

    String key() {
      return feed + "/" + file;
    }
  }

  /** Per delivery date from..to that the ledger holds: its files by feed/name. */
  static Map<LocalDate, Map<String, Seen>> read(SparkSession spark, LocalDate from, LocalDate to) {
    Map<LocalDate, Map<String, Seen>> byDate = new TreeMap<>();
    if (!spark.catalog().tableExists(INGESTED_FILES.fullName())) {
      return byDate;
    }
    for (Row r :
        spark
            .table(INGESTED_FILES.fullName())
            .filter(col(DELIVERY_DATE).between(Date.valueOf(from), Date.valueOf(to)))
            .select(DELIVERY_DATE, "feed", "file", "bytes", "modified_at", "checksum")
            .collectAsList()) {
      Seen seen =
          new Seen(
              r.getString(1),
              r.getString(2),
              r.getLong(3),
              r.getTimestamp(4).getTime(),
              r.getString(5));
      byDate
          .computeIfAbsent(r.getDate(0).toLocalDate(), d -> new TreeMap<>())
          .put(seen.key(), seen);
    }
    return byDate;
  }

  /** The files a date's folders deliver now, by feed/name. */
  static Map<String, Seen> deliveredNow(SparkSession spark, RawInput raw, LocalDate date) {
    Map<String, Seen> now = new TreeMap<>();
    for (String feed : FEEDS) {
      String folder = feed.equals(EVENTS_FEED) ? raw.events(date) : raw.access(date);
      RawInput.delivered(spark, folder)
          .values()
          .forEach(
              f -> {
                Seen s = Seen.of(feed, f);
                now.put(s.key(), s);
              });
    }
    return now;
  }

  /**
   * What differs between the files a date was ingested from and the files delivered now, in one
   * line ("added events/b.gz; changed events/a.gz"), or null when nothing does.
   */
  static String difference(Map<String, Seen> before, Map<String, Seen> now) {
    List<String> changes = new ArrayList<>();
    for (String key : new TreeSet<>(union(before, now))) {
      Seen b = before.get(key);
      Seen n = now.get(key);
      if (b == null) {
        changes.add("added " + key);
      } else if (n == null) {
        changes.add("removed " + key);
      } else if (b.bytes() != n.bytes()
          || b.modified() != n.modified()
          || !java.util.Objects.equals(b.checksum(), n.checksum())) {
        changes.add("changed " + key);
      }
    }
    return changes.isEmpty() ? null : String.join("; ", changes);
  }

  private static TreeSet<String> union(Map<String, Seen> a, Map<String, Seen> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  /**
   * The ingested delivery dates from..to whose folders now deliver other files than the ledger
   * holds (a late file the collector listed in the manifest, a file delivered again), in order.
   */
  public static List<LocalDate> changedDeliveries(
      SparkSession spark, RawInput raw, LocalDate from, LocalDate to) {
    List<LocalDate> changed = new ArrayList<>();
    read(spark, from, to)
        .forEach(
            (date, before) -> {
              if (difference(before, deliveredNow(spark, raw, date)) != null) {
                changed.add(date);
              }
            });
    return changed;
  }

  /** Replaces the ledger's rows of the delivery dates of {@code dates} with {@code rows}. */
  static void write(
      SparkSession spark, LakehouseSettings lakehouse, DateRange dates, List<Row> rows) {
    Tables.replace(
        spark,
        lakehouse,
        INGESTED_FILES,
        spark.createDataFrame(rows, INGESTED_FILES.schema()),
        col(DELIVERY_DATE).between(Date.valueOf(dates.from()), Date.valueOf(dates.to())));
  }

  /** A ledger row. */
  static Row row(
      LocalDate date,
      String feed,
      RawInput.DeliveredFile f,
      long lines,
      long rejected,
      String runId,
      Timestamp now) {
    return org.apache.spark.sql.RowFactory.create(
        Date.valueOf(date),
        feed,
        f.name(),
        f.path(),
        f.bytes(),
        new Timestamp(f.modified()),
        f.checksum(),
        lines,
        lines - rejected,
        rejected,
        runId,
        now);
  }
}
