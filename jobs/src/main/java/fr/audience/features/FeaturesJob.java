package fr.audience.features;

import static org.apache.spark.sql.functions.col;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import fr.audience.core.Upstream;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.SilverTables;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Publishes gold.user_features for each date of the range, replacing exactly those dates. */
public final class FeaturesJob implements DailyJob {
  public static final String NAME = "features";

  private final FeaturesSettings settings;

  public FeaturesJob(FeaturesSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Features as of D are built from the days before D: refuses a date whose previous day is not
   * published, unless D itself is (the first day of the history, which has no day before).
   */
  private static void requireHistory(SparkSession spark, DateRange dates) {
    java.util.Set<java.time.LocalDate> published =
        Upstream.datesIn(
            spark.table(SilverTables.USER_DAILY.fullName()),
            EventFields.EVENT_DATE,
            dates.from().minusDays(1),
            dates.to());
    for (java.time.LocalDate date : dates.dates()) {
      java.time.LocalDate before = date.minusDays(1);
      if (!published.contains(before) && !published.contains(date)) {
        throw Errors.inputMissing(
            "run " + NAME + " for " + date,
            SilverTables.USER_DAILY.fullName(),
            "has no rows for "
                + before
                + ", the day the features as of "
                + date
                + " end with (sessionize has not published it)",
            "sessionize",
            DateRange.of(before));
      }
    }
  }

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    for (TableSpec input :
        List.of(
            SilverTables.USER_DAILY,
            SilverTables.SESSIONS,
            SilverTables.SUBSCRIPTIONS,
            SilverTables.TRANSACTIONS)) {
      if (!spark.catalog().tableExists(input.fullName())) {
        throw Errors.inputMissing(
            "run " + NAME + " for " + dates,
            input.fullName(),
            "sessionize",
            DateRange.of(dates.from().minusDays(1)));
      }
    }
    requireHistory(spark, dates);
    spark.sparkContext().setJobDescription(NAME + " " + dates + ": build gold.user_features");
    Dataset<Row> features =
        UserFeatures.asOf(
            spark,
            spark.table(SilverTables.USER_DAILY.fullName()),
            spark.table(SilverTables.SESSIONS.fullName()),
            spark.table(SilverTables.SUBSCRIPTIONS.fullName()),
            spark.table(SilverTables.TRANSACTIONS.fullName()),
            dates,
            settings.windowDays());
    Tables.replace(
        spark,
        settings.lakehouse(),
        FeatureTables.USER_FEATURES,
        features,
        col(FeatureTables.AS_OF_DATE)
            .between(Date.valueOf(dates.from()), Date.valueOf(dates.to())));
    long rows =
        spark
            .table(FeatureTables.USER_FEATURES.fullName())
            .filter(
                col(FeatureTables.AS_OF_DATE)
                    .between(Date.valueOf(dates.from()), Date.valueOf(dates.to())))
            .count();
    return RunCounts.output(rows);
  }
}
