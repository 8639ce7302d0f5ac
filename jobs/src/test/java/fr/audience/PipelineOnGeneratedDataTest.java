package fr.audience;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import fr.audience.sessions.SessionizeJob;
import fr.audience.sessions.SessionizeSettings;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pipeline over the generated demo dataset, checked against what the generator planted. */
@Tag(GeneratedLakehouse.TAG)
class PipelineOnGeneratedDataTest {
  private static final GeneratedLakehouse LH = GeneratedLakehouse.get();

  /** Planted bad lines per kind over the whole run, from _truth/bad_records.csv. */
  private static Map<String, Long> planted() throws Exception {
    Map<String, Long> byKind = new HashMap<>();
    List<String> lines = Files.readAllLines(LH.truthDir().resolve("bad_records.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      byKind.merge(f[1], Long.parseLong(f[2]), Long::sum);
    }
    return byKind;
  }

  private static long quarantined(String stage, String... reasons) {
    SparkSession spark = LH.spark();
    return spark
        .sql(
            "SELECT count(*) FROM bronze.quarantine WHERE stage = '"
                + stage
                + "' AND reason IN ('"
                + String.join("','", reasons)
                + "')")
        .first()
        .getLong(0);
  }

  @Test
  void everyPlantedBadLineIsQuarantinedWithItsReason() throws Exception {
    Map<String, Long> planted = planted();
    assertThat(quarantined("ingest", "MALFORMED_JSON")).isEqualTo(planted.get("malformed_json"));
    assertThat(quarantined("ingest", "WRONG_TYPE")).isEqualTo(planted.get("wrong_type"));
    assertThat(quarantined("ingest", "MISSING_FIELD")).isEqualTo(planted.get("missing_id"));
    assertThat(quarantined("ingest", "MALFORMED_ACCESS_LINE"))
        .isEqualTo(planted.get("malformed_access"));
    assertThat(quarantined("sessionize", "FUTURE_TIMESTAMP"))
        .isEqualTo(planted.get("future_clock"));
    assertThat(quarantined("sessionize", "BOT_USER_AGENT", "BOT_RATE"))
        .isEqualTo(planted.get("bot_event"));
  }

  @Test
  void botsAreTheBotsThatWerePlanted() throws Exception {
    List<String> bots =
        Files.readAllLines(LH.truthDir().resolve("bots.csv")).stream()
            .skip(1)
            .map(l -> l.split(",")[0])
            .toList();
    List<String> flagged =
        LH
            .spark()
            .sql(
                "SELECT DISTINCT get_json_object(raw, '$.device_id') FROM bronze.quarantine "
                    + "WHERE reason LIKE 'BOT_%'")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(flagged).containsExactlyInAnyOrderElementsOf(bots);
  }

  @Test
  void everyRecordIsAccountedForInEveryRun() throws Exception {
    List<Row> runs =
        LH.spark()
            .sql(
                "SELECT job, rows_in, rows_out, rows_quarantined, rows_deduplicated FROM ops.job_runs "
                    + "WHERE status = 'SUCCEEDED'")
            .collectAsList();
    assertThat(runs).isNotEmpty();
    for (Row r : runs) {
      assertThat(r.getLong(1))
          .as(r.getString(0))
          .isEqualTo(r.getLong(2) + r.getLong(3) + r.getLong(4));
    }
    long dedup =
        LH.spark()
            .sql("SELECT sum(rows_deduplicated) FROM ops.job_runs WHERE job = 'sessionize'")
            .first()
            .getLong(0);
    assertThat(dedup).isEqualTo(planted().get("duplicate"));
  }

  @Test
  void lateEventsLandOnTheirTrueDate() {
    long late =
        LH.spark()
            .sql("SELECT count(*) FROM silver.events WHERE arrival_date = date_add(event_date, 1)")
            .first()
            .getLong(0);
    assertThat(late).isGreaterThan(0);
    long wrongDay =
        LH.spark()
            .sql("SELECT count(*) FROM silver.events WHERE event_date <> to_date(ts)")
            .first()
            .getLong(0);
    assertThat(wrongDay).isZero();
  }

  @Test
  void stitchedDevicesBelongToTheirPlantedUser() {
    // _truth/users.csv lists each user's devices: a stitched event must carry the device's owner.
    long mismatched =
        LH.spark()
            .sql(
                "SELECT count(*) FROM silver.events e "
                    + "JOIN (SELECT user_id AS owner, explode(split(device_ids, ';')) AS device_id FROM truth.users) t "
                    + "ON e.device_id = t.device_id WHERE e.login_user_id IS NULL AND e.user_id IS NOT NULL AND e.user_id <> t.owner")
            .first()
            .getLong(0);
    long stitched =
        LH.spark()
            .sql(
                "SELECT count(*) FROM silver.events WHERE login_user_id IS NULL AND user_id IS NOT NULL")
            .first()
            .getLong(0);
    assertThat(stitched).isGreaterThan(0);
    assertThat(mismatched).isZero();
  }

  /**
   * Issue: re-running an old date rewound silver.subscriptions. Ingest and sessionize of the third
   * day, re-run after the whole range, leave every table identical, row for row (checksums).
   */
  @Test
  void reRunningAnOldDayLeavesEveryTableIdentical() {
    SparkSession spark = LH.spark();
    LocalDate day = LH.dates.from().plusDays(2);
    List<String> tables =
        fr.audience.catalog.TableRegistry.ALL.stream()
            .map(fr.audience.core.TableSpec::fullName)
            .filter(t -> !t.startsWith("ops."))
            .filter(t -> spark.catalog().tableExists(t))
            .sorted()
            .toList();
    assertThat(tables)
        .contains(
            "silver.subscriptions", "silver.events", "gold.user_features", "gold.clv_customer");
    Map<String, TableChecksums.Sum> before = TableChecksums.of(spark, tables);
    DailyJob.runRecorded(
        spark, LH.lakehouse, new IngestJob(IngestSettings.from(LH.config)), DateRange.of(day));
    DailyJob.runRecorded(
        spark,
        LH.lakehouse,
        new SessionizeJob(SessionizeSettings.from(LH.config)),
        DateRange.of(day));
    TableChecksums.assertSame(TableChecksums.of(spark, tables), before);
  }
}
