package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
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
    List<String> eventFolders = new ArrayList<>();
    List<String> accessFolders = new ArrayList<>();
    for (LocalDate date : dates.dates()) {
      String events = raw.events(date);
      if (!RawInput.exists(spark, events)) {
        throw Errors.rawInputMissing(NAME, date, events);
      }
      eventFolders.add(events);
      if (RawInput.exists(spark, raw.access(date))) {
        accessFolders.add(raw.access(date));
      } else {
        LOG.warn("No access log for {} at {}: ingesting events only", date, raw.access(date));
      }
    }
    List<Source> sources = new ArrayList<>();
    sources.add(
        new Source(
            "events",
            RawLines.read(spark, eventFolders),
            EventLineParser.KIND,
            BronzeTables.EVENTS));
    if (!accessFolders.isEmpty()) {
      sources.add(
          new Source(
              "access",
              RawLines.read(spark, accessFolders),
              AccessLineParser.KIND,
              BronzeTables.ACCESS_LOG));
    }
    List<ReferenceLoad> references = loadReferences(spark);

    // First pass: rejected lines and counts only, small enough to keep.
    spark.sparkContext().setJobDescription("ingest " + dates + ": check");
    List<Dataset<Row>> checks =
        sources.stream()
            .map(s -> RawLines.check(s.lines, s.kind).withColumn(BronzeTables.SOURCE, lit(s.name)))
            .toList();
    checks.forEach(c -> c.persist(StorageLevel.MEMORY_AND_DISK()));
    try {
      Map<LocalDate, RunCounts> byDate = countByDate(checks, references, dates.to());
      writeQuarantine(spark, dates, runId, checks, references);
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
      Column slice =
          col(EventFields.EVENT_DATE)
              .between(java.sql.Date.valueOf(dates.from()), java.sql.Date.valueOf(dates.to()));
      // Second pass: the valid rows, written as they are parsed.
      for (Source s : sources) {
        spark.sparkContext().setJobDescription("ingest " + dates + ": write " + s.table.fullName());
        Dataset<Row> valid =
            RawLines.valid(s.lines, s.kind).withColumn(EventFields.RUN_ID, lit(runId));
        Tables.replace(spark, settings.lakehouse(), s.table, fewerFiles(valid, dates), slice);
      }
      for (ReferenceLoad r : references) {
        Tables.replaceAll(
            spark, settings.lakehouse(), r.table, r.rows.filter(col(CORRUPT).isNull()));
      }
      return byDate.values().stream().reduce(new RunCounts(0, 0, 0, 0), RunCounts::plus);
    } finally {
      checks.forEach(Dataset::unpersist);
      references.forEach(r -> r.rows.unpersist());
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

  /** One raw feed: its lines, how to parse them, the bronze table of its valid rows. */
  private record Source(String name, Dataset<Row> lines, RawLines.Kind kind, TableSpec table) {}

  private static final String CORRUPT = "_corrupt_record";

  private record ReferenceLoad(String source, Dataset<Row> rows, TableSpec table) {}

  private List<ReferenceLoad> loadReferences(SparkSession spark) {
    List<ReferenceLoad> loads = new ArrayList<>();
    for (BronzeTables.Reference ref : BronzeTables.REFERENCE) {
      String path = raw.reference(ref.file());
      if (!RawInput.exists(spark, path)) {
        LOG.warn("No reference file {}: keeping {} as it is", path, ref.table().fullName());
        continue;
      }
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
      List<Dataset<Row>> checks, List<ReferenceLoad> references, LocalDate referenceDate) {
    Map<LocalDate, RunCounts> byDate = new TreeMap<>();
    for (Dataset<Row> check : checks) {
      for (Row r :
          check
              .groupBy(EventFields.EVENT_DATE)
              .agg(functions.sum(col(RawLines.LINES)), functions.count(col(EventParsing.REASON)))
              .collectAsList()) {
        long in = r.getLong(1);
        long bad = r.getLong(2);
        byDate.merge(
            r.getDate(0).toLocalDate(), new RunCounts(in, in - bad, bad, 0), RunCounts::plus);
      }
    }
    for (ReferenceLoad ref : references) {
      Row r = ref.rows.agg(functions.count(lit(1)), functions.count(col(CORRUPT))).first();
      byDate.merge(
          referenceDate,
          new RunCounts(r.getLong(0), r.getLong(0) - r.getLong(1), r.getLong(1), 0),
          RunCounts::plus);
    }
    return byDate;
  }

  private void writeQuarantine(
      SparkSession spark,
      DateRange dates,
      String runId,
      List<Dataset<Row>> checks,
      List<ReferenceLoad> references) {
    Dataset<Row> rejected = null;
    for (Dataset<Row> check : checks) {
      Dataset<Row> r =
          check
              .filter(col(EventParsing.REASON).isNotNull())
              .select(
                  col(BronzeTables.SOURCE),
                  col(EventParsing.REASON),
                  col(EventParsing.DETAIL),
                  col(EventParsing.VALUE).as(BronzeTables.RAW),
                  col(EventFields.SOURCE_FILE),
                  col(EventFields.EVENT_DATE));
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
}
