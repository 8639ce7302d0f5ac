package fr.audience.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.audience.TestSpark;
import fr.audience.core.AudienceException;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import fr.audience.kpi.JsonRows;
import fr.audience.sessions.SilverTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features as of a date never publish from a history that stops short of it. */
class FeaturesJobTest {
  @TempDir Path dir;

  @Test
  void refusesADateWhoseDayBeforeWasNotPublishedNamingTheCommandToRun() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lh = TestSpark.freshLakehouse(dir);
    // sessionize published 2026-03-02 only.
    JsonRows.write(
        spark, lh, SilverTables.USER_DAILY, "{\"user_id\":\"u1\",\"event_date\":\"2026-03-02\"}");
    for (TableSpec empty :
        List.of(SilverTables.SESSIONS, SilverTables.SUBSCRIPTIONS, SilverTables.TRANSACTIONS)) {
      Tables.ensure(spark, lh, empty);
    }
    FeaturesJob job = new FeaturesJob(FeaturesSettings.from(TestSpark.config(dir)));

    AudienceException refused =
        catchThrowableOfType(
            AudienceException.class,
            () -> job.run(spark, DateRange.of(LocalDate.parse("2026-03-04")), "f1"));
    assertThat(refused)
        .hasMessage(
            "Cannot run features for 2026-03-04: silver.user_daily has no rows for 2026-03-03, the day"
                + " the features as of 2026-03-04 end with (sessionize has not published it)."
                + " Run: bin/audience sessionize --date 2026-03-03");
    assertThat(refused.refusedInput()).isTrue();
    assertThat(spark.catalog().tableExists(FeatureTables.USER_FEATURES.fullName())).isFalse();
  }
}
