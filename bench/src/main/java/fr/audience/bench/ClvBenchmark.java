package fr.audience.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.rand;

import fr.audience.clv.BgNbd;
import fr.audience.clv.ClvScoring;
import fr.audience.clv.ClvSettings;
import fr.audience.clv.ClvStatistics;
import fr.audience.clv.GammaGamma;
import fr.audience.ingest.EventFields;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fit and scoring times of BG/NBD + Gamma-Gamma for N synthetic buyers, for a benchmark. The buyers
 * are copies of a template's per-buyer summaries ({@link ClvStatistics#rfm}'s output, e.g. from the
 * demo data) whose first purchase is moved back by 0-27 days, so the statistics look like real ones
 * while the number of distinct (x, t_x, T) groups grows with N as on real data.
 */
public final class ClvBenchmark {
  /**
   * Customers, distinct (x, t_x, T) groups, Gamma-Gamma (x, mean spend) groups, seconds of the two
   * Spark aggregations (collected to the driver), seconds of the two maximum-likelihood fits on the
   * driver, seconds to score all customers.
   */
  public record Timing(
      long customers,
      long groups,
      long spendGroups,
      double groupSeconds,
      double mleSeconds,
      double scoreSeconds) {
    /** Grouping plus maximum likelihood: what a fit costs. */
    public double fitSeconds() {
      return groupSeconds + mleSeconds;
    }
  }

  private ClvBenchmark() {}

  public static Timing run(
      SparkSession spark,
      Dataset<Row> templateRfm,
      long customers,
      ClvSettings settings,
      long seed) {
    long copies = Math.max(1, (customers + templateRfm.count() - 1) / templateRfm.count());
    Dataset<Row> rfm =
        templateRfm
            .crossJoin(spark.range(copies).select(col("id").as("copy")))
            .withColumn("shift", floor(rand(seed).multiply(28)).cast("int"))
            .select(
                concat_ws("-", col(EventFields.USER_ID), col("copy").cast("string"))
                    .as(EventFields.USER_ID),
                col(ClvStatistics.X),
                col(ClvStatistics.TX_DAYS),
                col(ClvStatistics.T_DAYS).plus(col("shift")).as(ClvStatistics.T_DAYS),
                col(ClvStatistics.TX_DAYS).divide(settings.unitDays()).as(ClvStatistics.TX),
                col(ClvStatistics.T_DAYS)
                    .plus(col("shift"))
                    .divide(settings.unitDays())
                    .as(ClvStatistics.BIG_T),
                col(ClvStatistics.MEAN_REPEAT_SPEND))
            .limit((int) Math.min(customers, Integer.MAX_VALUE))
            .cache();
    long n = rfm.count();

    // The grouping (Spark aggregations, whose cost grows with customers) and the maximum likelihood
    // (on the driver, whose cost grows with groups only) are timed apart.
    long start = System.nanoTime();
    List<BgNbd.RfmCount> groups =
        ClvStatistics.rfmGroups(rfm, settings.rfmGridDays(), settings.unitDays())
            .collectAsList()
            .stream()
            .map(r -> new BgNbd.RfmCount(r.getInt(0), r.getDouble(1), r.getDouble(2), r.getLong(3)))
            .toList();
    List<GammaGamma.SpendCount> spend =
        ClvStatistics.spendGroups(rfm, settings.spendSignificantDigits()).collectAsList().stream()
            .map(r -> new GammaGamma.SpendCount(r.getInt(0), r.getDouble(1), r.getLong(2)))
            .toList();
    double grouping = (System.nanoTime() - start) / 1e9;

    start = System.nanoTime();
    BgNbd bg = BgNbd.fit(groups).model();
    GammaGamma gg = GammaGamma.fit(spend).model();
    double mle = (System.nanoTime() - start) / 1e9;

    start = System.nanoTime();
    ClvScoring.purchaseValue(rfm, bg, gg, settings).write().format("noop").mode("overwrite").save();
    double score = (System.nanoTime() - start) / 1e9;
    rfm.unpersist();
    return new Timing(n, groups.size(), spend.size(), grouping, mle, score);
  }
}
