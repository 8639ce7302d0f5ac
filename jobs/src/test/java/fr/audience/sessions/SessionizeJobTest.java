package fr.audience.sessions;

import static fr.audience.RawFixture.pageView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.RawFixture;
import fr.audience.TestSpark;
import fr.audience.core.AudienceException;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.RunCounts;
import fr.audience.core.RunLog;
import fr.audience.ingest.IngestJob;
import fr.audience.ingest.IngestSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest then sessionize over a hand-made fixture whose expected sessions were worked out by hand:
 * the 30-minute boundary, a login mid-session, a session crossing midnight, out-of-order lines, an
 * exact duplicate, a late event, a bot and a clock in the future.
 */
class SessionizeJobTest {
  static final LocalDate D1 = LocalDate.parse("2026-03-02");
  static final LocalDate D2 = LocalDate.parse("2026-03-03");
  static final String BOT =
      "{\"event_id\":\"bot1\",\"event_type\":\"page_view\",\"ts\":\"2026-03-03T09:00:00Z\",\"device_id\":\"crawler\",\"user_agent\":\"Mozilla/5.0 (compatible; Googlebot/2.1)\",\"section\":\"sport\"}";
  static final String FUTURE = pageView("fut1", "d9", null, "2027-01-01T00:00:00Z", "sport");

  @TempDir Path dir;

  private IngestSettings ingestSettings(LakehouseSettings lh, String maxShare) {
    return IngestSettings.from(config(lh, "audience.ingest.max-quarantine-share=" + maxShare));
  }

  private com.typesafe.config.Config config(LakehouseSettings lh, String... extra) {
    return TestSpark.config(Path.of(lh.lakehouse()), extra);
  }

  private void writeFixture(Path raw) {
    String dup = pageView("e2", "d1", null, "2026-03-02T10:29:59Z", "politique");
    RawFixture.events(
        raw,
        D1,
        List.of(
            pageView("e1", "d1", null, "2026-03-02T10:00:00Z", "politique"),
            dup,
            pageView("e3", "d1", "u1", "2026-03-02T10:45:00Z", "international"),
            pageView("e4", "d1", null, "2026-03-02T11:15:01Z", "sport"),
            dup,
            pageView("e6", "d2", "u2", "2026-03-02T23:50:00Z", "culture"),
            pageView("e9", "d3", "u3", "2026-03-02T12:05:00Z", "economie"),
            pageView("e10", "d3", "u3", "2026-03-02T12:00:00Z", "economie"),
            "{\"event_id\":\"broken\",\"event_ty",
            "{\"event_id\":\"wt\",\"event_type\":\"page_view\",\"ts\":\"2026-03-02T10:00:00Z\",\"device_id\":\"d5\",\"dwell_seconds\":\"beaucoup\"}"));
    RawFixture.events(
        raw,
        D2,
        List.of(
            pageView("e7", "d2", "u2", "2026-03-03T00:10:00Z", "culture"),
            pageView("e8", "d2", "u2", "2026-03-03T00:50:00Z", "culture"),
            pageView("late1", "d4", "u4", "2026-03-02T15:00:00Z", "planete"),
            BOT,
            FUTURE));
    RawFixture.access(
        raw,
        D1,
        List.of(
            "203.0.113.0 - - [02/Mar/2026:10:00:00 +0000] \"GET /politique/a001 HTTP/1.1\" 200 1000 \"https://www.google.com/\" \"Mozilla/5.0 (iPhone)\"",
            "garbage line"));
  }

  private static Map<String, String> sessionOf(SparkSession spark) {
    return spark.table("silver.events").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("event_id"), r -> r.getAs("session_id")));
  }

  @Test
  void cutsSessionsStitchesUsersAndAccountsForEveryRecord() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    writeFixture(Path.of(lh.raw()));
    IngestJob ingest = new IngestJob(ingestSettings(lh, "0.5"));
    SessionizeJob sessionize =
        new SessionizeJob(
            SessionizeSettings.from(config(lh, "audience.sessionize.max-quarantine-share=0.5")));

    RunCounts in1 = ingest.run(spark, DateRange.of(D1), "i1");
    // 10 event lines + 2 access lines; broken JSON, wrong type and the garbage access line are
    // quarantined.
    assertThat(in1).isEqualTo(new RunCounts(12, 9, 3, 0));
    ingest.run(spark, DateRange.of(D2), "i2");
    String cacheCompression = "spark.sql.inMemoryColumnarStorage.compressed";
    String compressionBefore = spark.conf().get(cacheCompression, "true");
    sessionize.run(spark, DateRange.of(D1), "s1");
    RunCounts s2 = sessionize.run(spark, DateRange.of(D2), "s2");
    assertThat(spark.conf().get(cacheCompression, "true"))
        .as("the job's uncompressed cache leaves the session's setting as it was")
        .isEqualTo(compressionBefore);

    // Window D1..D2 holds 8 + 5 bronze rows: 7 distinct D1 events, e7, e8 and late1 published;
    // the second e2 dropped as a duplicate; the bot and the future clock quarantined.
    assertThat(s2).isEqualTo(new RunCounts(13, 10, 2, 1));
    assertThat(s2.balanced()).isTrue();

    Map<String, String> session = sessionOf(spark);
    assertThat(session.get("e1")).isEqualTo(session.get("e2")).isEqualTo(session.get("e3"));
    assertThat(session.get("e4")).isNotEqualTo(session.get("e3"));
    assertThat(session.get("e6")).isEqualTo(session.get("e7"));
    assertThat(session.get("e8")).isNotEqualTo(session.get("e7"));
    assertThat(session.get("e9")).isEqualTo(session.get("e10"));

    Map<String, Row> byId =
        spark.table("silver.events").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("event_id"), r -> r));
    assertThat((String) byId.get("e1").getAs("user_id"))
        .as("stitched before login")
        .isEqualTo("u1");
    assertThat((String) byId.get("e4").getAs("user_id")).as("stitched after login").isEqualTo("u1");
    assertThat((String) byId.get("e1").getAs("login_user_id")).isNull();
    assertThat(byId.get("late1").getAs("event_date").toString()).isEqualTo("2026-03-02");
    assertThat(byId.get("late1").getAs("arrival_date").toString()).isEqualTo("2026-03-03");

    List<Row> crossing =
        spark
            .sql(
                "SELECT session_date, events, entry_section FROM silver.sessions WHERE session_id = '"
                    + session.get("e6")
                    + "'")
            .collectAsList();
    assertThat(crossing).hasSize(1);
    assertThat(crossing.get(0).get(0).toString()).isEqualTo("2026-03-02");
    assertThat(crossing.get(0).getLong(1)).isEqualTo(2L);
    assertThat(spark.table("silver.sessions").count()).isEqualTo(6);

    Map<String, Long> reasons =
        spark
            .sql("SELECT reason, count(*) FROM bronze.quarantine GROUP BY reason")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(reasons)
        .containsOnly(
            Map.entry("MALFORMED_JSON", 1L),
            Map.entry("WRONG_TYPE", 1L),
            Map.entry("MALFORMED_ACCESS_LINE", 1L),
            Map.entry("BOT_USER_AGENT", 1L),
            Map.entry("FUTURE_TIMESTAMP", 1L));

    Row u1 =
        spark
            .sql(
                "SELECT page_views, sessions, section_page_views FROM silver.user_daily WHERE user_id = 'u1'")
            .first();
    assertThat(u1.getLong(0)).isEqualTo(4L);
    assertThat(u1.getLong(1)).isEqualTo(2L);
    assertThat(u1.getJavaMap(2)).containsEntry("politique", 2L).containsEntry("sport", 1L);
  }

  @Test
  void aRangeRunAndReRunsInAnyOrderGiveTheSameTablesAsDailyRuns() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    writeFixture(Path.of(lh.raw()));
    // A subscription starting on D2, so that the snapshot as of D1 differs from the one as of D2.
    RawFixture.gzip(
        Path.of(lh.raw()).resolve("events/event_date=" + D2 + "/events-01.json.gz"),
        List.of(
            "{\"event_id\":\"sub2\",\"event_type\":\"subscription_start\",\"ts\":\"2026-03-03T09:00:00Z\",\"device_id\":\"d2\",\"user_id\":\"u2\",\"subscription_id\":\"s2\",\"plan\":\"digital\",\"price_eur\":9.99,\"period_days\":30}"));
    IngestJob ingest = new IngestJob(ingestSettings(lh, "0.5"));
    SessionizeJob sessionize =
        new SessionizeJob(
            SessionizeSettings.from(config(lh, "audience.sessionize.max-quarantine-share=0.5")));
    for (LocalDate d : List.of(D1, D2)) {
      DailyJob.runRecorded(spark, lh, ingest, DateRange.of(d));
      DailyJob.runRecorded(spark, lh, sessionize, DateRange.of(d));
    }
    List<Long> daily = counts(spark);
    Map<String, String> dailySessions = sessionOf(spark);
    List<String> dailySubscriptions = subscriptions(spark);
    assertThat(dailySubscriptions).isNotEmpty().allMatch(r -> r.endsWith("|" + D2));

    DailyJob.runRecorded(spark, lh, ingest, new DateRange(D1, D2));
    DailyJob.runRecorded(spark, lh, sessionize, new DateRange(D1, D2));
    assertThat(counts(spark)).isEqualTo(daily);
    assertThat(sessionOf(spark)).isEqualTo(dailySessions);

    DailyJob.runRecorded(spark, lh, ingest, DateRange.of(D1));
    DailyJob.runRecorded(spark, lh, sessionize, DateRange.of(D1));
    assertThat(counts(spark)).isEqualTo(daily);
    assertThat(sessionOf(spark)).isEqualTo(dailySessions);
    // The subscriptions snapshot stays as of the latest date published, D2: a re-run of D1 does
    // not rewind it.
    assertThat(subscriptions(spark)).isEqualTo(dailySubscriptions);
    assertThat(spark.table(RunLog.JOB_RUNS.fullName()).count()).isEqualTo(8);
  }

  @Test
  void tooMuchQuarantineFailsWithOneLineAndPublishesNothing() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    writeFixture(Path.of(lh.raw()));
    IngestJob ingest = new IngestJob(ingestSettings(lh, "0.05"));

    assertThatThrownBy(() -> DailyJob.runRecorded(spark, lh, ingest, DateRange.of(D1)))
        .isInstanceOf(AudienceException.class)
        .hasMessageStartingWith(
            "Cannot publish ingest for 2026-03-02: 3 of 12 records (25.00%) were quarantined, above the 5.00% limit.")
        .hasMessageNotContaining("\n");
    // The rows were written but never committed: the table holds none, and no write in its history.
    assertThat(spark.table("bronze.events").count()).isZero();
    assertThat(spark.sql("DESCRIBE HISTORY bronze.events").filter("operation = 'WRITE'").count())
        .isZero();
    assertThat(spark.sql("SELECT status FROM ops.job_runs").first().getString(0))
        .isEqualTo("FAILED");
  }

  @Test
  void rejectedLinesBeyondWhatIsHeldInMemoryAreReadAgainForTheQuarantine() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    writeFixture(Path.of(lh.raw()));
    String quarantine =
        "SELECT source, reason, detail, raw, source_file, event_date FROM bronze.quarantine"
            + " ORDER BY source, raw";

    RunCounts held = new IngestJob(ingestSettings(lh, "0.5")).run(spark, DateRange.of(D1), "i1");
    List<Row> heldRows = spark.sql(quarantine).collectAsList();
    RunCounts reread =
        new IngestJob(
                IngestSettings.from(
                    config(
                        lh,
                        "audience.ingest.max-quarantine-share=0.5",
                        "audience.ingest.rejected-chars-held=10")))
            .run(spark, DateRange.of(D1), "i2");

    assertThat(reread).isEqualTo(held).isEqualTo(new RunCounts(12, 9, 3, 0));
    assertThat(heldRows).hasSize(3);
    assertThat(spark.sql(quarantine).collectAsList()).isEqualTo(heldRows);
    assertThat(spark.table("bronze.events").count()).isEqualTo(8);
  }

  @Test
  void missingInputIsAOneLineError() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    IngestJob ingest = new IngestJob(ingestSettings(lh, "0.05"));
    assertThatThrownBy(() -> ingest.run(spark, DateRange.of(D1), "x"))
        .hasMessageStartingWith(
            "Cannot run ingest for 2026-03-02: no input found at "
                + lh.raw()
                + "/events/event_date=2026-03-02.");
  }

  /** silver.subscriptions, one sorted line per row (as_of_date is its last column). */
  private static List<String> subscriptions(SparkSession spark) {
    return spark.table(SilverTables.SUBSCRIPTIONS.fullName()).collectAsList().stream()
        .map(r -> r.mkString("|"))
        .sorted()
        .toList();
  }

  private static List<Long> counts(SparkSession spark) {
    return List.of(
            "bronze.events",
            "bronze.access_log",
            "bronze.quarantine",
            "silver.events",
            "silver.sessions",
            "silver.user_daily",
            "silver.identity_map")
        .stream()
        .map(t -> spark.table(t).count())
        .toList();
  }

  @Test
  void refusesAWindowDayWhoseDeliveryWasNotIngested() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    writeFixture(Path.of(lh.raw()));
    new IngestJob(ingestSettings(lh, "0.5")).run(spark, DateRange.of(D2), "i2");
    SessionizeJob sessionize =
        new SessionizeJob(
            SessionizeSettings.from(config(lh, "audience.sessionize.max-quarantine-share=0.5")));

    fr.audience.core.AudienceException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            fr.audience.core.AudienceException.class,
            () -> sessionize.run(spark, DateRange.of(D2), "s2"));

    assertThat(e).isNotNull();
    assertThat(e.refusedInput()).isTrue();
    assertThat(e.getMessage())
        .doesNotContain("\n")
        .contains("no events delivered on " + D1)
        .endsWith("Run: bin/audience ingest --date " + D1);
    assertThat(spark.catalog().tableExists("silver.events")).isFalse();
  }
}
