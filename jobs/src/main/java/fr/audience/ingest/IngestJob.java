package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.AudienceException;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.Reprocessing;
import fr.audience.core.RunCounts;
import fr.audience.core.StagedReplace;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw files of one delivery date into bronze: events and access logs typed by explicit schemas,
 * reference files replaced, every rejected record in bronze.quarantine with its reason.
 */
public final class IngestJob implements DailyJob {
  public static final String NAME = "ingest";
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final IngestSettings settings;
  private final RawInput raw;

  public IngestJob(IngestSettings settings) {
    this.settings = settings;
    this.raw = new RawInput(settings.lakehouse().raw());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    List<String> eventFiles = new ArrayList<>();
    List<String> accessFiles = new ArrayList<>();
    Map<LocalDate, Long> eventLines = new TreeMap<>();
    Map<LocalDate, Long> accessLines = new TreeMap<>();
    List<Delivered> delivered = new ArrayList<>();
    for (LocalDate date : dates.dates()) {
      String events = raw.events(date);
      if (!RawInput.exists(spark, events)) {
        throw Errors.rawInputMissing(NAME, date, events);
      }
      RawInput.Delivery eventDelivery = delivery(spark, date, events);
      eventFiles.addAll(eventDelivery.paths());
      eventLines.put(date, eventDelivery.lines());
      delivered.add(new Delivered(date, IngestLedger.EVENTS_FEED, eventDelivery));
      if (RawInput.exists(spark, raw.access(date))) {
        RawInput.Delivery access = delivery(spark, date, raw.access(date));
        accessFiles.addAll(access.paths());
        accessLines.put(date, access.lines());
        delivered.add(new Delivered(date, IngestLedger.ACCESS_FEED, access));
      } else {
        LOG.warn("No access log for {} at {}: ingesting events only", date, raw.access(date));
      }
    }
    List<Source> sources = new ArrayList<>();
    sources.add(
        new Source(
            IngestLedger.EVENTS_FEED,
            RawLines.read(spark, eventFiles),
            EventLineParser.KIND,
            BronzeTables.EVENTS,
            eventLines));
    if (!accessFiles.isEmpty()) {
      sources.add(
          new Source(
              IngestLedger.ACCESS_FEED,
              RawLines.read(spark, accessFiles),
              AccessLineParser.KIND,
              BronzeTables.ACCESS_LOG,
              accessLines));
    }
    List<ReferenceLoad> references = loadReferences(spark, dates.to());
    try {
      // One pass over the files: the valid rows are written as they are parsed, not yet
      // published, while the parse tallies every line and keeps the rejected ones.
      // Comparisons, not BETWEEN: Delta checks the rows against this predicate unoptimised.
      String slice =
          String.format(
              "%1$s >= DATE'%2$s' AND %1$s <= DATE'%3$s'",
              EventFields.EVENT_DATE, dates.from(), dates.to());
      List<Parsed> parsed = new ArrayList<>();
      for (Source s : sources) {
        IngestTally tally = new IngestTally(settings.rejectedCharsHeld());
        spark.sparkContext().register(tally, NAME + " " + s.name);
        spark.sparkContext().setJobDescription("ingest " + dates + ": write " + s.table.fullName());
        Dataset<Row> valid =
            RawLines.parse(s.lines, s.kind, tally, settings.maxLineBytes())
                .withColumn(EventFields.RUN_ID, lit(runId));
        StagedReplace staged;
        try {
          staged =
              StagedReplace.write(
                  spark, settings.lakehouse(), s.table, fewerFiles(valid, dates), slice);
        } catch (Exception e) {
          // Spark's own exceptions are checked ones, thrown through Scala undeclared.
          AudienceException unreadable = RawInput.unreadableFile(NAME, dates.from(), e);
          if (unreadable != null) {
            throw unreadable;
          }
          throw e;
        }
        Parsed p = new Parsed(s, tally.value(), staged);
        p.checkWritten();
        p.checkManifests();
        parsed.add(p);
      }
      Map<LocalDate, RunCounts> byDate = countByDate(parsed, references, dates.to());
      writeQuarantine(spark, dates, runId, parsed, references);
      byDate.forEach(
          (date, c) -> {
            if (c.quarantinedShare() > settings.maxQuarantineShare()) {
              throw Errors.tooMuchQuarantine(
                  NAME,
                  date,
                  c.rowsQuarantined(),
                  c.rowsIn(),
                  c.quarantinedShare(),
                  settings.maxQuarantineShare());
            }
          });
      // Marked before bronze changes: a crash in between re-processes for nothing, never misses.
      markChangedDeliveries(spark, dates, delivered, runId);
      // Only now do the rows become visible, one commit per table.
      parsed.forEach(p -> p.staged.commit());
      for (ReferenceLoad r : references) {
        Tables.replaceAll(
            spark, settings.lakehouse(), r.table, r.rows.filter(col(CORRUPT).isNull()));
      }
      writeLedger(spark, dates, delivered, parsed, runId);
      return byDate.values().stream().reduce(new RunCounts(0, 0, 0, 0), RunCounts::plus);
    } finally {
      references.forEach(r -> r.rows.unpersist());
    }
  }

  /** One feed's delivery for one date. */
  private record Delivered(LocalDate date, String feed, RawInput.Delivery delivery) {}

  /**
   * Marks for re-processing the dates ingested before whose files differ now (a late file, a file
   * delivered again): the silver and gold dates built from their old bronze are stale.
   */
  private void markChangedDeliveries(
      SparkSession spark, DateRange dates, List<Delivered> delivered, String runId) {
    Map<LocalDate, Map<String, IngestLedger.Seen>> before =
        IngestLedger.read(spark, dates.from(), dates.to());
    Map<LocalDate, Map<String, IngestLedger.Seen>> now = new TreeMap<>();
    for (Delivered d : delivered) {
      for (RawInput.DeliveredFile f : d.delivery.files()) {
        IngestLedger.Seen seen = IngestLedger.Seen.of(d.feed, f);
        now.computeIfAbsent(d.date, x -> new TreeMap<>()).put(seen.key(), seen);
      }
    }
    before.forEach(
        (date, files) -> {
          String change = IngestLedger.difference(files, now.getOrDefault(date, Map.of()));
          if (change != null) {
            LOG.info(
                "{} was ingested from other files ({}): marked for re-processing", date, change);
            Reprocessing.mark(spark, settings.lakehouse(), date, change, runId);
          }
        });
  }

  /** Records in ops.ingested_files every file now in bronze, with its lines and their fate. */
  private void writeLedger(
      SparkSession spark,
      DateRange dates,
      List<Delivered> delivered,
      List<Parsed> parsed,
      String runId) {
    Map<String, long[]> byPath = new java.util.HashMap<>();
    parsed.forEach(p -> p.tally.files().forEach((path, n) -> byPath.put(normalised(path), n)));
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Delivered d : delivered) {
      for (RawInput.DeliveredFile f : d.delivery.files()) {
        long[] n = byPath.getOrDefault(normalised(f.path()), new long[2]);
        rows.add(IngestLedger.row(d.date, d.feed, f, n[0], n[1], runId, now));
      }
    }
    IngestLedger.write(spark, settings.lakehouse(), dates, rows);
  }

  /** A file's path without its scheme and authority, as the reader and the listing may differ. */
  private static String normalised(String path) {
    return new org.apache.hadoop.fs.Path(path).toUri().getPath();
  }

  /** A feed parsed and written, not yet published: what its parse saw, the files it wrote. */
  private record Parsed(Source source, IngestTally.Tally tally, StagedReplace staged) {
    /** Every line the manifests list was read, no more: lines on disk = rows_in. */
    void checkManifests() {
      source.manifestLines.forEach(
          (date, listed) -> {
            long[] n = tally.days().get((int) date.toEpochDay());
            long read = n == null ? 0 : n[0];
            if (listed >= 0 && read != listed) {
              throw Errors.badDelivery(
                  NAME,
                  date,
                  "its "
                      + source.name
                      + " files hold "
                      + read
                      + " lines where their manifest lists "
                      + listed,
                  "Deliver the day again (files and manifest)");
            }
          });
    }

    /** The rows Delta wrote are the lines the parse kept, or nothing is published. */
    void checkWritten() {
      long kept = tally.lines() - tally.rejectedLines();
      long written = staged.rowsWritten();
      LOG.info(
          "{}: {} rows written, uncommitted; the parse kept {} of {} lines",
          source.table.fullName(),
          written,
          kept,
          tally.lines());
      if (written >= 0 && written != kept) {
        throw new IllegalStateException(
            NAME
                + ": "
                + source.table.fullName()
                + " got "
                + written
                + " rows where the parse kept "
                + kept
                + " lines; nothing was published. Run ingest again for these dates.");
      }
    }
  }

  /**
   * One output file per input file, unless there are many more files than output-files per date and
   * cores: then fewer, never below the cores (a coalesce to fewer would serialise the parse).
   */
  private Dataset<Row> fewerFiles(Dataset<Row> rows, DateRange dates) {
    int target =
        Math.max(
            settings.outputFiles() * dates.dates().size(),
            rows.sparkSession().sparkContext().defaultParallelism());
    return rows.rdd().getNumPartitions() > target ? rows.coalesce(target) : rows;
  }

  /**
   * One raw feed: its lines, how to parse them, the bronze table of its valid rows, and the lines
   * its manifests list per delivery date (-1 without a manifest).
   */
  private record Source(
      String name,
      Dataset<Row> lines,
      RawLines.Kind kind,
      TableSpec table,
      Map<LocalDate, Long> manifestLines) {}

  private RawInput.Delivery delivery(SparkSession spark, LocalDate date, String folder) {
    return RawInput.delivery(
        spark, NAME, date, folder, settings.maxFileBytes(), settings.requireManifest());
  }

  private static final String CORRUPT = "_corrupt_record";

  private record ReferenceLoad(String source, Dataset<Row> rows, TableSpec table) {}

  private List<ReferenceLoad> loadReferences(SparkSession spark, LocalDate date) {
    List<ReferenceLoad> loads = new ArrayList<>();
    for (BronzeTables.Reference ref : BronzeTables.REFERENCE) {
      String path = raw.reference(ref.file());
      if (!RawInput.exists(spark, path)) {
        LOG.warn("No reference file {}: keeping {} as it is", path, ref.table().fullName());
        continue;
      }
      RawInput.checkCsvHeader(
          spark, NAME, date, path, java.util.Arrays.asList(ref.table().schema().fieldNames()));
      StructType schema = ref.table().schema().add(CORRUPT, DataTypes.StringType);
      Dataset<Row> rows =
          spark
              .read()
              .schema(schema)
              .option("header", "true")
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", CORRUPT)
              .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX")
              .option("dateFormat", "yyyy-MM-dd")
              .csv(path)
              .withColumn(EventFields.SOURCE_FILE, col("_metadata.file_path"))
              .cache();
      loads.add(new ReferenceLoad("reference/" + ref.file(), rows, ref.table()));
    }
    return loads;
  }

  /** Counts per delivery date; reference rows count on the last date of the run. */
  private static Map<LocalDate, RunCounts> countByDate(
      List<Parsed> parsed, List<ReferenceLoad> references, LocalDate referenceDate) {
    Map<LocalDate, RunCounts> byDate = new TreeMap<>();
    for (Parsed p : parsed) {
      p.tally
          .days()
          .forEach(
              (day, n) ->
                  byDate.merge(
                      LocalDate.ofEpochDay(
                          Objects.requireNonNull(day, "a raw file outside any event_date= folder")),
                      new RunCounts(n[0], n[0] - n[1], n[1], 0),
                      RunCounts::plus));
    }
    for (ReferenceLoad ref : references) {
      Row r = ref.rows.agg(functions.count(lit(1)), functions.count(col(CORRUPT))).first();
      if (r.getLong(0) == r.getLong(1)) {
        throw Errors.badDelivery(
            NAME,
            referenceDate,
            ref.source
                + " has a header and no readable row, which would empty "
                + ref.table.fullName(),
            "Deliver the export again, or remove the file to keep the table as it is");
      }
      byDate.merge(
          referenceDate,
          new RunCounts(r.getLong(0), r.getLong(0) - r.getLong(1), r.getLong(1), 0),
          RunCounts::plus);
    }
    return byDate;
  }

  /** Columns of the rejected lines before the stage and run are added. */
  private static final StructType REJECTED =
      new StructType()
          .add(BronzeTables.SOURCE, DataTypes.StringType)
          .add(EventParsing.REASON, DataTypes.StringType)
          .add(EventParsing.DETAIL, DataTypes.StringType)
          .add(BronzeTables.RAW, DataTypes.StringType)
          .add(EventFields.SOURCE_FILE, DataTypes.StringType)
          .add(EventFields.EVENT_DATE, DataTypes.DateType);

  private void writeQuarantine(
      SparkSession spark,
      DateRange dates,
      String runId,
      List<Parsed> parsed,
      List<ReferenceLoad> references) {
    Dataset<Row> rejected = null;
    for (Parsed p : parsed) {
      Dataset<Row> r = p.tally.overflowed() ? rejectedFromFiles(p.source) : rejectedKept(spark, p);
      rejected = rejected == null ? r : rejected.unionByName(r);
    }
    for (ReferenceLoad ref : references) {
      Dataset<Row> r =
          ref.rows
              .filter(col(CORRUPT).isNotNull())
              .select(
                  lit(ref.source).as(BronzeTables.SOURCE),
                  lit("MALFORMED_CSV_ROW").as(EventParsing.REASON),
                  lit("row does not match the documented columns and types")
                      .as(EventParsing.DETAIL),
                  col(CORRUPT).as(BronzeTables.RAW),
                  col(EventFields.SOURCE_FILE),
                  lit(java.sql.Date.valueOf(dates.to())).as(EventFields.EVENT_DATE));
      rejected = rejected.unionByName(r);
    }
    Dataset<Row> rows =
        rejected
            .withColumn(BronzeTables.STAGE, lit(NAME))
            .withColumn(EventFields.RUN_ID, lit(runId))
            .coalesce(1);
    Column slice =
        col(EventFields.EVENT_DATE)
            .between(java.sql.Date.valueOf(dates.from()), java.sql.Date.valueOf(dates.to()))
            .and(col(BronzeTables.STAGE).equalTo(lit(NAME)));
    spark.sparkContext().setJobDescription("ingest " + dates + ": write bronze.quarantine");
    Tables.replace(spark, settings.lakehouse(), BronzeTables.QUARANTINE, rows, slice);
  }

  /** The rejected lines the parse kept. */
  private static Dataset<Row> rejectedKept(SparkSession spark, Parsed p) {
    List<Row> rows = new ArrayList<>();
    for (IngestTally.Rejected r : p.tally.rejectedRows()) {
      rows.add(
          RowFactory.create(
              p.source.name,
              r.reason(),
              r.detail(),
              r.line(),
              r.file(),
              java.sql.Date.valueOf(LocalDate.ofEpochDay(r.day()))));
    }
    return spark.createDataFrame(rows, REJECTED);
  }

  /**
   * The rejected lines read again from the files: when a delivery holds more than the tally keeps
   * (a file of garbage, say), they are not held in the driver.
   */
  private Dataset<Row> rejectedFromFiles(Source s) {
    LOG.warn("{}: too many rejected lines to hold, reading them again for the quarantine", s.name);
    return RawLines.check(s.lines, s.kind, settings.maxLineBytes())
        .filter(col(EventParsing.REASON).isNotNull())
        .select(
            lit(s.name).as(BronzeTables.SOURCE),
            col(EventParsing.REASON),
            col(EventParsing.DETAIL),
            col(EventParsing.VALUE).as(BronzeTables.RAW),
            col(EventFields.SOURCE_FILE),
            col(EventFields.EVENT_DATE));
  }
}
