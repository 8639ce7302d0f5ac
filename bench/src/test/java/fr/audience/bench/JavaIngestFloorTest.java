package fr.audience.bench;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.RawFixture;
import fr.audience.TestSpark;
import fr.audience.ingest.EventFields;
import fr.audience.ingest.EventLineParser;
import fr.audience.ingest.RawLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floor keeps exactly the rows the ingest job keeps, and writes them as bronze.events holds
 * them.
 */
class JavaIngestFloorTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  @Test
  void writesTheRowsTheJobKeepsWithTheBronzeColumns(@TempDir Path dir) throws Exception {
    Path raw = dir.resolve("raw");
    RawFixture.events(
        raw,
        DAY,
        List.of(
            RawFixture.pageView("e1", "d1", "u1", "2026-03-02T10:00:00Z", "sport"),
            RawFixture.pageView("e2", "d2", null, "2026-03-02T10:00:00.25Z", "culture"),
            "{not json",
            RawFixture.pageView("e3", "", "u3", "2026-03-02T10:00:00Z", "sport"),
            RawFixture.pageView("e4", "d4", "u4", "yesterday", "sport"),
            "{\"event_id\":\"e5\",\"event_type\":\"purchase\",\"ts\":\"2026-03-02T11:00:00Z\","
                + "\"device_id\":\"d5\",\"amount_eur\":12.5,\"period_days\":30,\"comment_text\":\"très bien\"}"));
    Path folder = raw.resolve("events").resolve("event_date=" + DAY);
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.toString().endsWith(".gz")).sorted().toList();
    }
    Path out = dir.resolve("floor");

    JavaIngestFloor.Output written;
    try (JavaIngestFloor floor = new JavaIngestFloor(2)) {
      written = floor.ingest(files, out, DAY, "run-1");
    }

    assertThat(written).isEqualTo(new JavaIngestFloor.Output(6, 3, 3, 1, written.bytes()));
    SparkSession spark = TestSpark.spark();
    Dataset<Row> floorRows = spark.read().parquet(out.toString());
    List<String> columns = new ArrayList<>(List.of(JavaIngestFloor.FILE_SCHEMA.fieldNames()));
    columns.add(EventFields.EVENT_DATE);
    assertThat(floorRows.columns()).containsExactlyElementsOf(columns);
    assertThat(floorRows.filter(col(EventFields.RUN_ID).notEqual("run-1")).count()).isZero();

    Dataset<Row> jobRows =
        RawLines.valid(RawLines.read(spark, List.of(folder.toString())), EventLineParser.KIND);
    Column[] compared =
        Stream.of(jobRows.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> a = floorRows.select(compared);
    Dataset<Row> b = jobRows.select(compared);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();
  }
}
