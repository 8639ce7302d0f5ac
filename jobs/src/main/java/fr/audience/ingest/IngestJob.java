package fr.audience.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.DailyJob;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.core.TableSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
  public RunCounts run(SparkSession spark, LocalDate date, String runId) {
    String eventsPath = raw.events(date);
    if (!RawInput.exists(spark, eventsPath)) {
      throw Errors.missingInput(NAME, date, eventsPath);
    }
    Column tags = lit(runId);
    List<Parsed> parts = new ArrayList<>();
    spark.sparkContext().setJobDescription("ingest " + date + ": parse events");
    parts.add(new Parsed("events", EventParsing.withParsedEvent(readLines(spark, eventsPath)), BronzeTables.EVENTS));
    String accessPath = raw.access(date);
    if (RawInput.exists(spark, accessPath)) {
      parts.add(new Parsed("access", AccessLogParsing.withParsedAccessLine(readLines(spark, accessPath)),
          BronzeTables.ACCESS_LOG));
    } else {
      LOG.warn("No access log for {} at {}: ingesting events only", date, accessPath);
    }
    List<ReferenceLoad> references = loadReferences(spark);

    parts.forEach(p -> p.rows.persist(StorageLevel.MEMORY_AND_DISK()));
    try {
      RunCounts counts = count(parts, references);
      writeQuarantine(spark, date, runId, parts, references);
      if (counts.quarantinedShare() > settings.maxQuarantineShare()) {
        throw Errors.tooMuchQuarantine(NAME, date, counts.rowsQuarantined(), counts.rowsIn(),
            counts.quarantinedShare(), settings.maxQuarantineShare());
      }
      Column slice = col(EventFields.EVENT_DATE).equalTo(lit(java.sql.Date.valueOf(date)));
      for (Parsed p : parts) {
        spark.sparkContext().setJobDescription("ingest " + date + ": write " + p.table.fullName());
        Dataset<Row> valid = p.rows.filter(col(EventParsing.REASON).isNull())
            .withColumn(EventFields.RUN_ID, tags)
            .withColumn(EventFields.EVENT_DATE, lit(java.sql.Date.valueOf(date)))
            .coalesce(settings.outputFiles());
        Tables.replace(spark, settings.lakehouse(), p.table, valid, slice);
      }
      for (ReferenceLoad r : references) {
        Tables.replaceAll(spark, settings.lakehouse(), r.table, r.rows.filter(col(CORRUPT).isNull()));
      }
      return counts;
    } finally {
      parts.forEach(p -> p.rows.unpersist());
      references.forEach(r -> r.rows.unpersist());
    }
  }

  private static final String CORRUPT = "_corrupt_record";

  private record Parsed(String source, Dataset<Row> rows, TableSpec table) {}

  private record ReferenceLoad(String source, Dataset<Row> rows, TableSpec table) {}

  static Dataset<Row> readLines(SparkSession spark, String path) {
    return spark.read().text(path)
        .select(col("value"), col("_metadata.file_path").as(EventFields.SOURCE_FILE));
  }

  private List<ReferenceLoad> loadReferences(SparkSession spark) {
    List<ReferenceLoad> loads = new ArrayList<>();
    for (BronzeTables.Reference ref : BronzeTables.REFERENCE) {
      String path = raw.reference(ref.file());
      if (!RawInput.exists(spark, path)) {
        LOG.warn("No reference file {}: keeping {} as it is", path, ref.table().fullName());
        continue;
      }
      StructType schema = ref.table().schema().add(CORRUPT, DataTypes.StringType);
      Dataset<Row> rows = spark.read().schema(schema)
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

  private static RunCounts count(List<Parsed> parts, List<ReferenceLoad> references) {
    long in = 0;
    long bad = 0;
    for (Parsed p : parts) {
      Row r = p.rows.agg(functions.count(lit(1)), functions.count(col(EventParsing.REASON))).first();
      in += r.getLong(0);
      bad += r.getLong(1);
    }
    for (ReferenceLoad ref : references) {
      Row r = ref.rows.agg(functions.count(lit(1)), functions.count(col(CORRUPT))).first();
      in += r.getLong(0);
      bad += r.getLong(1);
    }
    return new RunCounts(in, in - bad, bad, 0);
  }

  private void writeQuarantine(SparkSession spark, LocalDate date, String runId, List<Parsed> parts,
      List<ReferenceLoad> references) {
    Dataset<Row> rejected = null;
    for (Parsed p : parts) {
      Dataset<Row> r = p.rows.filter(col(EventParsing.REASON).isNotNull()).select(
          lit(p.source).as(BronzeTables.SOURCE), col(EventParsing.REASON), col(EventParsing.DETAIL),
          col(EventParsing.VALUE).as(BronzeTables.RAW), col(EventFields.SOURCE_FILE));
      rejected = rejected == null ? r : rejected.unionByName(r);
    }
    for (ReferenceLoad ref : references) {
      Dataset<Row> r = ref.rows.filter(col(CORRUPT).isNotNull()).select(
          lit(ref.source).as(BronzeTables.SOURCE), lit("MALFORMED_CSV_ROW").as(EventParsing.REASON),
          lit("row does not match the documented columns and types").as(EventParsing.DETAIL),
          col(CORRUPT).as(BronzeTables.RAW), col(EventFields.SOURCE_FILE));
      rejected = rejected.unionByName(r);
    }
    Dataset<Row> rows = rejected
        .withColumn(BronzeTables.STAGE, lit(NAME))
        .withColumn(EventFields.RUN_ID, lit(runId))
        .withColumn(EventFields.EVENT_DATE, lit(java.sql.Date.valueOf(date)))
        .coalesce(1);
    Column slice = col(EventFields.EVENT_DATE).equalTo(lit(java.sql.Date.valueOf(date)))
        .and(col(BronzeTables.STAGE).equalTo(lit(NAME)));
    spark.sparkContext().setJobDescription("ingest " + date + ": write bronze.quarantine");
    Tables.replace(spark, settings.lakehouse(), BronzeTables.QUARANTINE, rows, slice);
  }
}
