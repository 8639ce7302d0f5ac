package fr.audience.churn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Labelled churn feature rows drawn like the generator's subscribers, without running the pipeline:
 * plan, per-period cancel probability from a logit-normal around the plan's mean, activity falling
 * with that probability as in the generator, the other features random. The benchmark times
 * training on them; tests compare two ways of training on the same rows.
 */
public final class SyntheticChurnRows {
  private SyntheticChurnRows() {}

  /**
   * {@code size} feature rows spread evenly over the snapshots, with a label drawn from each row's
   * probability.
   */
  public static Dataset<Row> of(
      SparkSession spark, ChurnSettings settings, List<LocalDate> snapshots, long size, long seed) {
    Column u = rand(seed);
    Column plan =
        when(u.lt(0.6), lit("digital")).when(u.lt(0.85), lit("print")).otherwise(lit("bundle"));
    Column meanLogit =
        when(plan.equalTo("digital"), lit(-1.8))
            .when(plan.equalTo("print"), lit(-2.6))
            .otherwise(lit(-2.9));
    Dataset<Row> base =
        spark
            .range(size)
            .toDF("id")
            .withColumn("subscription_plan", plan)
            .withColumn("_logit", meanLogit.plus(randn(seed + 1).multiply(1.4)))
            .withColumn("_engagement", exp(col("_logit").minus(meanLogit).multiply(-0.5)));
    Column activeProb =
        least(
            lit(0.97),
            col("_engagement").multiply(0.5).multiply(exp(randn(seed + 2).multiply(0.25))));
    Column[] snapshotDates =
        snapshots.stream().map(d -> lit(Date.valueOf(d))).toArray(Column[]::new);
    Dataset<Row> out =
        base.withColumn("user_id", col("id").cast("string"))
            .withColumn(
                "as_of_date",
                org.apache
                    .spark
                    .sql
                    .functions
                    .array(snapshotDates)
                    .getItem(col("id").mod(snapshots.size()).cast("int")))
            .withColumn("_theta", lit(1.0).divide(lit(1.0).plus(exp(col("_logit").multiply(-1)))))
            .withColumn(
                "label", when(rand(seed + 3).lt(col("_theta")), lit(1.0)).otherwise(lit(0.0)))
            .withColumn("true_probability", col("_theta"))
            .withColumn("subscription_status", lit("active"))
            .withColumn(
                "subscription_monthly_price_eur",
                when(plan.equalTo("digital"), lit(9.99))
                    .when(plan.equalTo("print"), lit(29.9))
                    .otherwise(lit(34.9)));
    int k = 10;
    for (String f : settings.features()) {
      if (f.equals("subscription_monthly_price_eur")) {
        continue;
      }
      Column value =
          switch (f) {
            case "active_days" -> floor(activeProb.multiply(settings.windowDays()));
            case "recency_days" -> floor(lit(1.0).divide(activeProb)).cast("int");
            case "visits_per_week" ->
                activeProb
                    .multiply(7)
                    .multiply(org.apache.spark.sql.functions.sqrt(col("_engagement")));
            case "subscription_tenure_days" -> floor(rand(seed + k).multiply(720)).plus(1);
            default -> rand(seed + k);
          };
      out = out.withColumn(f, value);
      k++;
    }
    return out.drop("id", "_logit", "_engagement", "_theta");
  }
}
