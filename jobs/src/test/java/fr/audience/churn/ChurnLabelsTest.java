package fr.audience.churn;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.TestSpark;
import fr.audience.sessions.SilverTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * The churn label on hand-made subscriptions around one snapshot s = 2026-04-01 with a 30-day
 * horizon.
 */
class ChurnLabelsTest {
  private static final LocalDate S = LocalDate.parse("2026-04-01");
  private static final int HORIZON = 30;

  @Test
  void labelIsAnEndInsideTheHorizonForSubscribersActiveAtTheSnapshot() {
    Map<String, Double> labels =
        labels(
            List.of(
                sub("cancel_inside", "2026-01-10", "2026-04-10"),
                sub("lapse_inside", "2026-03-05", "2026-04-04"),
                sub("ends_on_s", "2026-03-02", "2026-04-01"),
                sub("last_day_inside", "2026-01-31", "2026-04-30"),
                sub("ends_at_horizon", "2026-01-01", "2026-05-01"),
                sub("cancel_outside", "2026-01-10", "2026-05-10"),
                sub("renews", "2026-03-05", null),
                sub("two_one_stays", "2026-02-01", "2026-04-15"),
                sub("two_one_stays", "2026-03-01", null),
                sub("ended_before", "2025-12-01", "2026-03-31"),
                sub("starts_on_s", "2026-04-01", "2026-04-20"),
                sub("starts_later", "2026-04-05", null)));
    assertThat(labels)
        .containsOnlyKeys(
            "cancel_inside",
            "lapse_inside",
            "ends_on_s",
            "last_day_inside",
            "ends_at_horizon",
            "cancel_outside",
            "renews",
            "two_one_stays");
    assertThat(labels)
        .containsEntry("cancel_inside", 1.0)
        .containsEntry("lapse_inside", 1.0)
        .containsEntry("ends_on_s", 1.0)
        .containsEntry("last_day_inside", 1.0)
        .containsEntry("ends_at_horizon", 0.0)
        .containsEntry("cancel_outside", 0.0)
        .containsEntry("renews", 0.0)
        .containsEntry("two_one_stays", 0.0);
  }

  @Test
  void eventsAfterTheHorizonDoNotChangeALabel() {
    List<Row> before = new ArrayList<>(List.of(sub("u", "2026-03-05", null)));
    List<Row> after =
        new ArrayList<>(
            List.of(sub("u", "2026-03-05", "2026-05-04"), sub("u", "2026-06-01", null)));
    assertThat(labels(after)).isEqualTo(labels(before)).containsEntry("u", 0.0);
  }

  private static Map<String, Double> labels(List<Row> subscriptions) {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> snapshots =
        spark.createDataset(List.of(Date.valueOf(S)), Encoders.DATE()).toDF("as_of_date");
    Map<String, Double> out = new HashMap<>();
    for (Row r :
        ChurnLabels.labelled(
                spark.createDataFrame(subscriptions, SilverTables.SUBSCRIPTIONS.schema()),
                snapshots,
                HORIZON)
            .collectAsList()) {
      out.put(r.getAs("user_id"), r.getAs(ChurnLabels.LABEL));
    }
    return out;
  }

  private static Row sub(String user, String start, String end) {
    Map<String, Object> v =
        new HashMap<>(
            Map.of(
                "subscription_id",
                user + start,
                "user_id",
                user,
                "plan",
                "digital",
                "price_eur",
                9.99,
                "period_days",
                30,
                "start_date",
                Date.valueOf(start),
                "as_of_date",
                Date.valueOf("2026-06-30")));
    if (end != null) {
      v.put("end_date", Date.valueOf(end));
    }
    Object[] values = new Object[SilverTables.SUBSCRIPTIONS.schema().size()];
    int i = 0;
    for (StructField f : SilverTables.SUBSCRIPTIONS.schema().fields()) {
      values[i++] = v.get(f.name());
    }
    return RowFactory.create(values);
  }
}
