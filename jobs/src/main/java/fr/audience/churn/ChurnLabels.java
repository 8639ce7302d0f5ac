package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.Subscriptions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who is in the churn population at a snapshot date s and whether they churned: a subscriber is in
 * it when a subscription started before s and had not ended before s (as gold.user_features'
 * status); the label is 1 when every such subscription ends (cancelled or not renewed) in [s, s +
 * horizon). Only end dates before s + horizon are read, so later events cannot change a label.
 */
public final class ChurnLabels {
  public static final String LABEL = "label";

  /** Start and period of the latest active subscription: where its renewal dates fall. */
  public static final String ACTIVE_START = "active_start";

  public static final String PERIOD_DAYS = "active_period_days";

  private ChurnLabels() {}

  /**
   * One row per (user_id, as_of_date) of the population: label, active_start, active_period_days.
   */
  public static Dataset<Row> labelled(
      Dataset<Row> subscriptions, Dataset<Row> snapshots, int horizonDays) {
    Columns.require(
        subscriptions,
        EventFields.USER_ID,
        EventFields.PERIOD_DAYS,
        Subscriptions.START_DATE,
        Subscriptions.END_DATE);
    Columns.require(snapshots, FeatureTables.AS_OF_DATE);
    Column s = col(FeatureTables.AS_OF_DATE);
    Column end = col(Subscriptions.END_DATE);
    Column endsInHorizon = end.isNotNull().and(end.lt(date_add(s, horizonDays)));
    return subscriptions
        .select(
            EventFields.USER_ID,
            EventFields.PERIOD_DAYS,
            Subscriptions.START_DATE,
            Subscriptions.END_DATE)
        .join(snapshots, col(Subscriptions.START_DATE).lt(s).and(end.isNull().or(end.geq(s))))
        .groupBy(EventFields.USER_ID, FeatureTables.AS_OF_DATE)
        .agg(
            min(when(endsInHorizon, 1).otherwise(0)).as("_all_end"),
            max(col(Subscriptions.START_DATE)).as(ACTIVE_START),
            max_by(col(EventFields.PERIOD_DAYS), col(Subscriptions.START_DATE)).as(PERIOD_DAYS),
            count(lit(1)).as("_active"))
        .select(
            col(EventFields.USER_ID),
            s,
            col("_all_end").cast("double").as(LABEL),
            col(ACTIVE_START),
            col(PERIOD_DAYS));
  }
}
