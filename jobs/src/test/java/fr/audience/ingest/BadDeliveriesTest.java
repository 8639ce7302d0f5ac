package fr.audience.ingest;

import static fr.audience.RawFixture.pageView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.audience.RawFixture;
import fr.audience.TestSpark;
import fr.audience.core.AudienceException;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.RunCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile deliveries through the ingest job: a file with one known event id per kind of poison
 * record, each either in bronze as sent or quarantined with its reason; and broken files or
 * folders, each refused in one line with the tables left as they were.
 */
class BadDeliveriesTest {
  static final LocalDate D = LocalDate.parse("2026-03-02");
  private static final String OK_HEAD =
      "\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\"";
  private static final int MAX_LINE = 2_000;

  @TempDir Path dir;

  private static String event(String id, String fields) {
    return "{\"event_id\":\"" + id + "\"," + OK_HEAD + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private IngestJob ingest(LakehouseSettings lh) {
    return new IngestJob(
        IngestSettings.from(
            TestSpark.config(
                Path.of(lh.lakehouse()),
                "audience.ingest.max-quarantine-share=0.9",
                "audience.ingest.max-line-bytes=" + MAX_LINE)));
  }

  /** Lines as raw bytes, gzipped into one file. */
  private static void gzipBytes(Path file, List<byte[]> lines) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (byte[] line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eachPoisonRecordIsInBronzeAsSentOrQuarantinedWithItsReason() throws IOException {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    Path file = Path.of(lh.raw()).resolve("events/event_date=" + D + "/events-00.json.gz");

    Map<String, String> expected = new HashMap<>();
    List<byte[]> lines = new ArrayList<>();
    // A byte-order mark before the file's first line: dropped, the line is read.
    ByteArrayOutputStream bom = new ByteArrayOutputStream();
    bom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bom.write(utf8(event("bom", "")));
    lines.add(bom.toByteArray());
    expected.put("bom", "bronze");
    lines.add(utf8(event("plain", "\"section\":\"sport\",\"comment_text\":\"Très juste \uFFFD\"")));
    expected.put("plain", "bronze");
    lines.add(utf8(event("nan", "\"dwell_seconds\":\"NaN\"")));
    expected.put("nan", "NON_FINITE");
    lines.add(utf8(event("inf", "\"dwell_seconds\":Infinity")));
    expected.put("inf", "NON_FINITE");
    lines.add(utf8(event("huge", "\"dwell_seconds\":1e308")));
    expected.put("huge", "OUT_OF_RANGE");
    lines.add(
        utf8(
            "{\"event_id\":\"period0\",\"event_type\":\"subscription_start\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d1\",\"period_days\":0,\"price_eur\":9.99}"));
    expected.put("period0", "OUT_OF_RANGE");
    lines.add(
        utf8(
            "{\"event_id\":\"numdevice\",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":123}"));
    expected.put("numdevice", "WRONG_TYPE");
    lines.add(utf8(event("objuser", "\"user_id\":{\"id\":\"u1\"}")));
    expected.put("objuser", "WRONG_TYPE");
    lines.add(utf8(event("nanots", "").replace("10:00:00Z", "10:00:00.123456789Z")));
    expected.put("nanots", "WRONG_TYPE");
    lines.add(utf8(event("nooffset", "").replace("10:00:00Z", "10:00:00")));
    expected.put("nooffset", "WRONG_TYPE");
    lines.add(utf8(event("dupkeys", "\"section\":\"sport\",\"section\":\"culture\"")));
    expected.put("dupkeys", "bronze");
    // Latin-1 bytes where UTF-8 is due.
    byte[] latin1 =
        event("latin1", "\"section\":\"société\"").getBytes(StandardCharsets.ISO_8859_1);
    lines.add(latin1);
    expected.put("latin1", "BAD_ENCODING");
    lines.add(utf8(event("toolong", "\"comment_text\":\"" + "x".repeat(MAX_LINE) + "\"")));
    expected.put("toolong", "LINE_TOO_LONG");
    gzipBytes(file, lines);
    DeliveryManifest.writeFor(file.getParent());
    // A file being written beside the delivery is not input.
    RawFixture.gzip(
        file.resolveSibling("events-01.json.gz.tmp"),
        List.of(pageView("tmp", "d9", null, "2026-03-02T10:00:00Z", "sport")));

    RunCounts counts = ingest(lh).run(spark, DateRange.of(D), "r1");

    Map<String, String> actual = new HashMap<>();
    for (Row r : spark.table("bronze.events").select("event_id").collectAsList()) {
      actual.put(r.getString(0), "bronze");
    }
    for (Row r : spark.table("bronze.quarantine").select("reason", "raw").collectAsList()) {
      String raw = r.getString(1);
      for (String id : expected.keySet()) {
        if (raw.contains("\"event_id\":\"" + id + "\"")) {
          actual.put(id, r.getString(0));
        }
      }
    }
    assertThat(actual).isEqualTo(expected);
    // rows_in is every line decompressed from the delivered .gz file, the .tmp file left out.
    assertThat(counts.rowsIn()).isEqualTo(lines.size());
    assertThat(counts.balanced()).isTrue();
    Row dup = spark.table("bronze.events").filter("event_id = 'dupkeys'").first();
    assertThat((String) dup.getAs("section")).isEqualTo("culture");
    Row tooLong = spark.table("bronze.quarantine").filter("reason = 'LINE_TOO_LONG'").first();
    assertThat(tooLong.<String>getAs("raw")).hasSize(1000);
    assertThat(tooLong.<String>getAs("detail")).contains("audience.ingest.max-line-bytes");
  }

  private static String checksum(SparkSession spark, String table) {
    Row r =
        spark
            .sql(
                "SELECT count(*), coalesce(sum(cast(xxhash64(*) AS DECIMAL(38, 0))), 0) FROM "
                    + table)
            .first();
    return r.get(0) + "/" + r.get(1);
  }

  private static AudienceException refusal(IngestJob job, SparkSession spark) {
    AudienceException e =
        catchThrowableOfType(AudienceException.class, () -> job.run(spark, DateRange.of(D), "r2"));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.refusedInput()).isTrue();
    assertThat(e.getMessage()).doesNotContain("\n").contains("nothing was published");
    return e;
  }

  @Test
  void brokenFilesAndFoldersAreRefusedInOneLineAndChangeNoTable() throws IOException {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    Path folder = Path.of(lh.raw()).resolve("events/event_date=" + D);
    IngestJob job = ingest(lh);
    RawFixture.events(
        Path.of(lh.raw()),
        D,
        List.of(
            pageView("a", "d1", null, "2026-03-02T10:00:00Z", "sport"),
            pageView("b", "d1", null, "2026-03-02T10:01:00Z", "sport")));
    Path orders = Path.of(lh.raw()).resolve("reference/orders_history.csv");
    Files.createDirectories(orders.getParent());
    Files.writeString(
        orders, "order_id,user_id,order_date,amount_eur,product\no1,u1,2025-12-01,12.5,livre\n");
    job.run(spark, DateRange.of(D), "r1");
    List<String> tables = List.of("bronze.events", "bronze.quarantine", "bronze.orders_history");
    Map<String, String> before = new HashMap<>();
    tables.forEach(t -> before.put(t, checksum(spark, t)));
    Path first = folder.resolve("events-00.json.gz");
    DeliveryManifest.Entry complete =
        new DeliveryManifest.Entry("events-00.json.gz", Files.size(first), 2);

    // A truncated gzip file, listed by the manifest as it is on disk.
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      for (int i = 0; i < 2000; i++) {
        out.write(utf8(pageView("t" + i, "d2", null, "2026-03-02T11:00:00Z", "sport") + "\n"));
      }
    }
    byte[] whole = buffer.toByteArray();
    Path truncated = folder.resolve("events-01.json.gz");
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    DeliveryManifest.write(
        folder,
        List.of(complete, new DeliveryManifest.Entry("events-01.json.gz", whole.length / 2, 2000)));
    assertThat(refusal(job, spark).getMessage())
        .contains("events-01.json.gz")
        .contains("cannot be read to its end");

    // The file on disk is not the size the manifest lists.
    DeliveryManifest.write(
        folder,
        List.of(complete, new DeliveryManifest.Entry("events-01.json.gz", whole.length, 2000)));
    assertThat(refusal(job, spark).getMessage())
        .contains("events-01.json.gz has " + whole.length / 2 + " bytes where its manifest lists");

    // A file the manifest does not list (added after it).
    DeliveryManifest.write(folder, List.of(complete));
    assertThat(refusal(job, spark).getMessage()).contains("is not in the delivery's manifest");

    // Fewer lines than listed.
    Files.delete(truncated);
    DeliveryManifest.write(
        folder, List.of(new DeliveryManifest.Entry("events-00.json.gz", Files.size(first), 3)));
    assertThat(refusal(job, spark).getMessage())
        .contains("hold 2 lines where their manifest lists 3");

    // A 0-byte file.
    Files.write(truncated, new byte[0]);
    DeliveryManifest.write(
        folder, List.of(complete, new DeliveryManifest.Entry("events-01.json.gz", 0, 0)));
    assertThat(refusal(job, spark).getMessage()).contains("events-01.json.gz is empty");
    Files.delete(truncated);
    DeliveryManifest.write(folder, List.of(complete));

    // Reference exports: swapped columns, then a header without rows, then nothing.
    Files.writeString(
        orders, "order_id,order_date,user_id,amount_eur,product\no1,2025-12-01,u1,12.5,livre\n");
    assertThat(refusal(job, spark).getMessage())
        .contains("has the header 'order_id,order_date,user_id");
    Files.writeString(orders, "order_id,user_id,order_date,amount_eur,product\n");
    assertThat(refusal(job, spark).getMessage()).contains("has a header and no readable row");
    Files.writeString(orders, "");
    assertThat(refusal(job, spark).getMessage()).contains("orders_history.csv is empty");
    Files.delete(orders);

    // A file still being written, and no manifest yet.
    Files.delete(folder.resolve(DeliveryManifest.FILE));
    Files.write(folder.resolve("events-02.json.gz.tmp"), whole);
    assertThat(refusal(job, spark).getMessage()).contains("has no _MANIFEST");

    // An empty folder.
    Files.delete(folder.resolve("events-02.json.gz.tmp"));
    Files.delete(first);
    assertThat(refusal(job, spark).getMessage()).contains("has no _MANIFEST");

    tables.forEach(t -> assertThat(checksum(spark, t)).as(t).isEqualTo(before.get(t)));
  }
}
