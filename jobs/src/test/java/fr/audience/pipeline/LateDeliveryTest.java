package fr.audience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import fr.audience.RawFixture;
import fr.audience.TableChecksums;
import fr.audience.TestSpark;
import fr.audience.core.DateRange;
import fr.audience.core.Reprocessing;
import fr.audience.generate.Generator;
import fr.audience.ingest.DeliveryManifest;
import fr.audience.ingest.IngestLedger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file delivered late into an already-ingested folder: the next run picks it up from the file
 * ledger, re-ingests that date, and re-processes the dates it touches, until every table equals a
 * clean run over the complete delivery (the generator's days, ingest to KPIs).
 */
class LateDeliveryTest {
  private static final int LATE_EVENTS = 50;
  private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

  /**
   * The tables a late file changes, compared by checksum; run ids and times left out (bronze
   * differs by the file each row came from).
   */
  private static final List<String> COMPARED =
      List.of(
          "silver.events",
          "silver.sessions",
          "silver.user_daily",
          "silver.identity_map",
          "silver.subscription_events",
          "silver.transactions",
          "gold.user_features",
          "gold.kpi_commercial_pressure",
          "gold.kpi_engagement",
          "gold.kpi_exposure_audit",
          "gold.kpi_revenue_durability",
          "gold.kpi_strategic_audience",
          "gold.kpi_campaign_carbon");

  @TempDir Path dir;

  private Config config(Path lakehouse, String jobs) {
    return TestSpark.config(
        lakehouse,
        "audience.pipeline.jobs=[" + jobs + "]",
        "audience.generate.users=150",
        "audience.generate.days=4",
        "audience.generate.seed=11");
  }

  private static final String ALL_JOBS = "ingest, sessionize, features, kpi";

  @Test
  void aLateFileIsPickedUpAndEveryTableEndsAsACleanRun() throws Exception {
    SparkSession spark = TestSpark.spark();
    Path clean = dir.resolve("clean");
    TestSpark.freshLakehouse(clean);
    Config cleanConfig = config(clean, ALL_JOBS);
    Generator.generate(Demo.generatorSettings(cleanConfig));
    LocalDate d1 = LocalDate.parse(cleanConfig.getString("audience.generate.start-date"));
    DateRange all = new DateRange(d1, d1.plusDays(3));
    Pipeline.from(cleanConfig).run(spark, all);
    Map<String, TableChecksums.Sum> expected = checksums(spark);
    List<Long> earlyFeatures = earlyFeatures(spark, d1.plusDays(2));
    Set<String> late = lateEventIds(spark, d1);

    // The same delivery with 50 of D1's events held back: they arrive after D1..D3 ran.
    Path partial = dir.resolve("partial");
    FileUtils.copyDirectory(clean.resolve("raw").toFile(), partial.resolve("raw").toFile());
    TestSpark.freshLakehouse(partial);
    Path folder = partial.resolve("raw/events/event_date=" + d1);
    List<String> heldBack = holdBack(folder, late);
    assertThat(heldBack).hasSize(LATE_EVENTS);
    // KPIs are left out of the first days to save the test a run: features stand for every table
    // built over a window.
    Pipeline.from(config(partial, "ingest, sessionize, features"))
        .run(spark, new DateRange(d1, d1.plusDays(2)));
    long silverD1 = silverEvents(spark, d1);
    assertThat(earlyFeatures(spark, d1.plusDays(2)))
        .as("features of D1..D3 built without the held-back events")
        .isNotEqualTo(earlyFeatures);

    RawFixture.gzip(folder.resolve("late-0001.gz"), heldBack);
    DeliveryManifest.writeFor(folder);
    Pipeline.from(config(partial, ALL_JOBS)).run(spark, DateRange.of(d1.plusDays(3)));

    assertThat(silverEvents(spark, d1)).isEqualTo(silverD1 + LATE_EVENTS);
    TableChecksums.assertSame(checksums(spark), expected);
    Row ledger =
        spark
            .table(IngestLedger.INGESTED_FILES.fullName())
            .filter("file = 'late-0001.gz'")
            .selectExpr("delivery_date", "lines", "rows_out", "rows_quarantined")
            .first();
    assertThat(ledger.getDate(0).toLocalDate()).isEqualTo(d1);
    assertThat(ledger.getLong(1)).isEqualTo(LATE_EVENTS);
    assertThat(ledger.getLong(2)).isEqualTo(LATE_EVENTS);
    assertThat(spark.table(Reprocessing.PENDING.fullName()).count()).isZero();
  }

  /**
   * 50 events delivered on D1, published on D1, whose line appears once in the delivery (removing a
   * line whose duplicate stays would not change silver).
   */
  private static Set<String> lateEventIds(SparkSession spark, LocalDate d1) {
    return spark
        .sql(
            "SELECT event_id FROM silver.events WHERE event_date = DATE'"
                + d1
                + "' AND arrival_date = DATE'"
                + d1
                + "' AND event_id IN (SELECT event_id FROM bronze.events WHERE event_date = DATE'"
                + d1
                + "' GROUP BY event_id HAVING count(*) = 1) ORDER BY event_id LIMIT "
                + LATE_EVENTS)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  /** Removes the lines of {@code ids} from the folder's files, rewrites its manifest. */
  private static List<String> holdBack(Path folder, Set<String> ids) throws IOException {
    List<String> held = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.toString().endsWith(".gz")).sorted().toList();
    }
    for (Path file : files) {
      List<String> kept = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          Matcher m = EVENT_ID.matcher(line);
          if (m.find() && ids.contains(m.group(1))) {
            held.add(line);
          } else {
            kept.add(line);
          }
        }
      }
      RawFixture.gzip(file, kept);
    }
    DeliveryManifest.writeFor(folder);
    return held;
  }

  /** Rows and hash of the exact columns of gold.user_features up to {@code last}. */
  private static List<Long> earlyFeatures(SparkSession spark, LocalDate last) {
    spark
        .table("gold.user_features")
        .filter("as_of_date <= DATE'" + last + "'")
        .createOrReplaceTempView("early_features");
    TableChecksums.Sum sum =
        TableChecksums.of(spark, List.of("early_features")).get("early_features");
    return List.of(sum.rows(), sum.hash());
  }

  private static long silverEvents(SparkSession spark, LocalDate date) {
    return spark.table("silver.events").filter("event_date = DATE'" + date + "'").count();
  }

  private static Map<String, TableChecksums.Sum> checksums(SparkSession spark) {
    return TableChecksums.of(spark, COMPARED);
  }
}
