package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The sufficient-statistics builders on a few hand-made rows, expectations computed by hand. */
class ClvStatisticsTest {
  private static final LocalDate AS_OF = LocalDate.parse("2026-04-05");
  private static final SparkSession SPARK = TestSpark.spark();

  private static Dataset<Row> subscriptions(Object[]... rows) {
    StructType schema =
        new StructType()
            .add("subscription_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("plan", DataTypes.StringType)
            .add("price_eur", DataTypes.DoubleType)
            .add("period_days", DataTypes.IntegerType)
            .add("start_date", DataTypes.DateType)
            .add("end_date", DataTypes.DateType);
    return SPARK.createDataFrame(
        java.util.Arrays.stream(rows)
            .map(
                r ->
                    RowFactory.create(
                        r[0],
                        "u" + r[0],
                        "digital",
                        9.99,
                        30,
                        Date.valueOf((String) r[1]),
                        r[2] == null ? null : Date.valueOf((String) r[2])))
            .toList(),
        schema);
  }

  private static Dataset<Row> transactions(Object[]... rows) {
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("order_date", DataTypes.DateType)
            .add("amount_eur", DataTypes.DoubleType);
    return SPARK.createDataFrame(
        java.util.Arrays.stream(rows)
            .map(r -> RowFactory.create(r[0], Date.valueOf((String) r[1]), r[2]))
            .toList(),
        schema);
  }

  @Test
  void tenureIsChurnPeriodOrRenewalsSurvivedAsOfTheDate() {
    Dataset<Row> subs =
        subscriptions(
            new Object[] {
              "a", "2026-01-05", "2026-03-06"
            }, // ended after 60 days: churned in period 2
            new Object[] {
              "b", "2026-03-06", null
            }, // paid 2026-03-06 and 04-05 (as-of day): alive after 1 renewal
            new Object[] {
              "c", "2026-03-07", null
            }, // next renewal 04-06 is after the as-of date: alive after 0
            new Object[] {
              "d", "2026-02-04", "2026-05-05"
            }, // ends after the as-of date: still active then, 2 renewals
            new Object[] {"e", "2026-04-06", null}); // starts after the as-of date: not counted
    List<Row> rows =
        ClvStatistics.withTenure(subs, AS_OF)
            .select("subscription_id", "churned", "active", "renewals", "tenure")
            .orderBy("subscription_id")
            .collectAsList();
    assertThat(rows)
        .containsExactly(
            RowFactory.create("a", true, false, 1, 2),
            RowFactory.create("b", false, true, 1, 1),
            RowFactory.create("c", false, true, 0, 0),
            RowFactory.create("d", false, true, 2, 2));
  }

  @Test
  void tenureCountsGroupByScope() {
    Dataset<Row> tenures =
        ClvStatistics.withTenure(
                subscriptions(
                    new Object[] {"a", "2026-01-05", "2026-03-06"},
                    new Object[] {"b", "2026-01-05", "2026-03-06"},
                    new Object[] {"c", "2026-03-07", null}),
                AS_OF)
            .withColumn("scope_type", org.apache.spark.sql.functions.lit("all"))
            .withColumn("scope", org.apache.spark.sql.functions.lit("all"));
    assertThat(ClvStatistics.tenureCounts(tenures).orderBy("tenure").collectAsList())
        .containsExactly(
            RowFactory.create("all", "all", 0, false, 1L),
            RowFactory.create("all", "all", 2, true, 2L));
  }

  @Test
  void rfmMergesSameDayPurchasesAndStartsTheClockAtTheFirst() {
    Dataset<Row> tx =
        transactions(
            new Object[] {"a", "2026-01-01", 10.0},
            new Object[] {"a", "2026-01-01", 5.0},
            new Object[] {"a", "2026-01-15", 20.0},
            new Object[] {"a", "2026-02-05", 30.0},
            new Object[] {"a", "2026-04-06", 99.0}, // after the as-of date: not used
            new Object[] {"b", "2026-03-29", 8.0},
            new Object[] {null, "2026-03-01", 7.0}); // anonymous: no customer to follow
    List<Row> rows = ClvStatistics.rfm(tx, AS_OF, 7).orderBy("user_id").collectAsList();
    assertThat(rows).hasSize(2);
    // a: first day 01-01 (15 EUR), repeats 01-15 and 02-05 -> x = 2, t_x = 35 days, T = 94 days,
    // mean repeat spend (20 + 30) / 2 = 25. b: x = 0, T = 7 days = 1 week.
    Row a = rows.get(0);
    assertThat(a.<Integer>getAs("x")).isEqualTo(2);
    assertThat(a.<Integer>getAs("t_x_days")).isEqualTo(35);
    assertThat(a.<Integer>getAs("T_days")).isEqualTo(94);
    assertThat(a.<Double>getAs("t_x")).isCloseTo(5.0, within(1e-12));
    assertThat(a.<Double>getAs("T")).isCloseTo(94 / 7.0, within(1e-12));
    assertThat(a.<Double>getAs("mean_repeat_spend")).isCloseTo(25.0, within(1e-12));
    Row b = rows.get(1);
    assertThat(b.<Integer>getAs("x")).isZero();
    assertThat(b.<Double>getAs("T")).isCloseTo(1.0, within(1e-12));
    assertThat(b.isNullAt(b.fieldIndex("mean_repeat_spend"))).isTrue();
  }

  @Test
  void groupsCollapseOnTheDayGridAndSpendOnSignificantDigits() {
    Dataset<Row> tx =
        transactions(
            new Object[] {"a", "2026-03-01", 10.0}, new Object[] {"a", "2026-03-08", 12.344},
            new Object[] {"b", "2026-03-01", 10.0}, new Object[] {"b", "2026-03-08", 12.336},
            new Object[] {"c", "2026-03-01", 10.0}, new Object[] {"c", "2026-03-09", 12.3});
    Dataset<Row> rfm = ClvStatistics.rfm(tx, AS_OF, 7);
    // a and b: x = 1, t_x = 1 week, T = 35 days = 5 weeks; c: t_x = 8 days.
    assertThat(ClvStatistics.rfmGroups(rfm, 1, 7).orderBy("t_x").collectAsList())
        .containsExactly(
            RowFactory.create(1, 1.0, 5.0, 2L), RowFactory.create(1, 8 / 7.0, 5.0, 1L));
    // A 2-day grid puts c's 8 days with a's and b's 7 (rounded half-up to 4 steps = 8 days).
    assertThat(ClvStatistics.rfmGroups(rfm, 2, 7).collectAsList())
        .containsExactly(RowFactory.create(1, 4 * (2 / 7.0), 18 * (2 / 7.0), 3L));
    // 12.344 and 12.336 both round to 12.3 at 3 significant digits.
    assertThat(ClvStatistics.spendGroups(rfm, 3).collectAsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getInt(0)).isEqualTo(1);
              assertThat(r.getDouble(1)).isCloseTo(12.3, within(1e-9));
              assertThat(r.getLong(2)).isEqualTo(3);
            });
  }
}
