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
   * driver, seconds to score all customers, and the floors measured in the same run: seconds of a
   * Spark pass that reads the customers and writes one computed column, of a Spark pass computing
   * the scores' per-customer columns with no series (what any design pays on top of the floor), and
   * of a single-thread Java loop of the per-customer formulas over the same customers.
   */
  public record Timing(
      long customers,
      long groups,
      long spendGroups,
      double groupSeconds,
      double mleSeconds,
      double scoreSeconds,
      double sparkFloorSeconds,
      double columnsSeconds,
      long pairs,
      double seriesSeconds,
      double javaLoopSeconds) {
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
            // limit leaves one partition: spread the customers over every core, twice over.
            .repartition(2 * spark.sparkContext().defaultParallelism())
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

    start = System.nanoTime();
    rfm.select(col(EventFields.USER_ID), col(ClvStatistics.BIG_T).multiply(2).as("computed"))
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    double sparkFloor = (System.nanoTime() - start) / 1e9;

    // The ceiling of any scoring design: the per-customer columns alone, no series.
    start = System.nanoTime();
    ClvScoring.perCustomerColumnsOnly(rfm, bg, gg, settings)
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    double columns = (System.nanoTime() - start) / 1e9;

    List<Row> rows =
        rfm.select(
                ClvStatistics.X,
                ClvStatistics.TX_DAYS,
                ClvStatistics.T_DAYS,
                ClvStatistics.MEAN_REPEAT_SPEND)
            .collectAsList();
    rfm.unpersist();
    double javaLoop = javaLoop(rows, bg, gg, settings);
    long[] pairs = pairs(rows);
    double series = series(pairs, bg, settings);
    return new Timing(
        n,
        groups.size(),
        spend.size(),
        grouping,
        mle,
        score,
        sparkFloor,
        columns,
        pairs.length,
        series,
        javaLoop);
  }

  /** 12, 24 and 36 months in the model's time unit. */
  private static double[] horizons(ClvSettings settings) {
    double[] horizons = new double[3];
    for (int y = 1; y <= 3; y++) {
      horizons[y - 1] = 12 * y * ClvSettings.DAYS_PER_MONTH / settings.unitDays();
    }
    return horizons;
  }

  /** The distinct (x, T days) of the customers, each as x * 2^32 + T days. */
  private static long[] pairs(List<Row> rows) {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Row r : rows) {
      seen.add(((long) r.getInt(0) << 32) + ((Number) r.get(2)).intValue());
    }
    return seen.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Seconds of one thread evaluating the series scoring needs once per distinct (x, T): the
   * purchases expected within 12, 24 and 36 months of a customer alive at T. Work no scoring design
   * avoids; spread over every core at best.
   */
  private static double series(long[] pairs, BgNbd bg, ClvSettings settings) {
    double[] horizons = horizons(settings);
    long start = System.nanoTime();
    double sink = 0;
    for (long p : pairs) {
      int x = (int) (p >>> 32);
      double bigT = (int) p / settings.unitDays();
      for (double h : horizons) {
        sink += bg.expectedPurchasesIfAlive(h, x, bigT);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the series computed NaN");
    }
    return seconds;
  }

  /**
   * Seconds of one thread computing, for every customer, what the scoring computes (P(alive),
   * expected purchases at 12, 24 and 36 months, expected spend, CLV at 12 and 36 months) with the
   * scalar formulas; the customers are already in memory.
   */
  private static double javaLoop(List<Row> rows, BgNbd bg, GammaGamma gg, ClvSettings settings) {
    int n = rows.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] bigT = new double[n];
    double[] spend = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      x[i] = r.getInt(0);
      tx[i] = ((Number) r.get(1)).intValue() / settings.unitDays();
      bigT[i] = ((Number) r.get(2)).intValue() / settings.unitDays();
      spend[i] = r.isNullAt(3) ? 0 : r.getDouble(3);
    }
    double[] horizons = horizons(settings);
    double dm = 1 + settings.monthlyDiscountRate();
    long start = System.nanoTime();
    double sink = 0;
    for (int i = 0; i < n; i++) {
      double alive = bg.probabilityAlive(x[i], tx[i], bigT[i]);
      double e12 = bg.conditionalExpectedPurchases(horizons[0], x[i], tx[i], bigT[i]);
      double e24 = bg.conditionalExpectedPurchases(horizons[1], x[i], tx[i], bigT[i]);
      double e36 = bg.conditionalExpectedPurchases(horizons[2], x[i], tx[i], bigT[i]);
      double m = gg.conditionalExpectedSpend(x[i], spend[i]);
      double year1 = e12 * Math.pow(dm, -6);
      double clv36 =
          (year1 + (e24 - e12) * Math.pow(dm, -18) + (e36 - e24) * Math.pow(dm, -30)) * m;
      sink += alive + year1 * m + clv36;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the Java loop computed NaN");
    }
    return seconds;
  }
}
