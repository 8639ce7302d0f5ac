package fr.audience.bench;

import fr.audience.clv.ClvStatistics;
import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-buyer summaries drawn from the BG/NBD and Gamma-Gamma models themselves, in the shape of
 * {@link ClvStatistics#rfm}'s output, so the CLV benchmark needs no lakehouse: a modest template
 * that {@link fr.audience.clv.ClvBenchmark} scales to millions by copies.
 *
 * <p>Each buyer's first purchase falls uniformly in the {@code windowDays} days before the as-of
 * day. Purchase rate lambda ~ Gamma(r, alpha) per week, drop-out probability p ~ Beta(a, b) after
 * each repeat purchase; spend per purchase ~ Gamma(p, nu) with nu ~ Gamma(q, gamma). Purchases are
 * counted per day as the real statistics count them (a second purchase on the same day adds its
 * amount to that day).
 */
public final class ClvTemplate {
  /** BG/NBD (per week) and Gamma-Gamma parameters of the simulated buyers. */
  public record Model(
      double r, double alpha, double a, double b, double p, double q, double gamma) {
    /**
     * Fader, Hardie &amp; Lee (2005)'s CDNOW fits: r 0.243, alpha 4.414, a 0.793, b 2.426; p 6.25,
     * q 3.74, gamma 15.44.
     */
    public static final Model CDNOW = new Model(0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44);
  }

  /** One buyer as {@link ClvStatistics#rfm} summarises it: times in days; spend null when x = 0. */
  public record Buyer(String userId, int x, int txDays, int bigTDays, Double meanRepeatSpend) {}

  private static final double DAYS_PER_WEEK = 7;

  private ClvTemplate() {}

  public static List<Buyer> simulate(Model m, int buyers, int windowDays, long seed) {
    if (buyers <= 0 || windowDays <= 0) {
      throw new IllegalArgumentException(
          "buyers and windowDays must be positive, not " + buyers + ", " + windowDays);
    }
    RandomGenerator random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, m.r(), 1 / m.alpha());
    BetaDistribution dropouts = new BetaDistribution(random, m.a(), m.b());
    GammaDistribution spendRates = new GammaDistribution(random, m.q(), 1 / m.gamma());
    List<Buyer> out = new ArrayList<>(buyers);
    for (int c = 0; c < buyers; c++) {
      int bigT = random.nextInt(windowDays);
      double perDay = rates.sample() / DAYS_PER_WEEK;
      double dropout = dropouts.sample();
      GammaDistribution spend = new GammaDistribution(random, m.p(), 1 / spendRates.sample());
      int x = 0;
      int lastDay = 0;
      double repeatTotal = 0;
      double t = 0;
      while (perDay > 0) {
        t += -Math.log(1 - random.nextDouble()) / perDay;
        if (t > bigT) {
          break;
        }
        int day = (int) t;
        if (day > lastDay) {
          x++;
          lastDay = day;
        }
        repeatTotal += day > 0 ? spend.sample() : 0;
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      out.add(new Buyer("sim" + c, x, lastDay, bigT, x > 0 ? repeatTotal / x : null));
    }
    return out;
  }

  /**
   * The buyers with {@link ClvStatistics#rfm}'s columns, times in {@code unitDays}-day units too.
   */
  public static Dataset<Row> toDataset(SparkSession spark, List<Buyer> buyers, double unitDays) {
    List<Row> rows =
        buyers.stream()
            .map(
                b ->
                    RowFactory.create(
                        b.userId(),
                        b.x(),
                        b.txDays(),
                        b.bigTDays(),
                        b.txDays() / unitDays,
                        b.bigTDays() / unitDays,
                        b.meanRepeatSpend()))
            .toList();
    StructType schema =
        new StructType()
            .add(EventFields.USER_ID, DataTypes.StringType)
            .add(ClvStatistics.X, DataTypes.IntegerType, false)
            .add(ClvStatistics.TX_DAYS, DataTypes.IntegerType, false)
            .add(ClvStatistics.T_DAYS, DataTypes.IntegerType, false)
            .add(ClvStatistics.TX, DataTypes.DoubleType, false)
            .add(ClvStatistics.BIG_T, DataTypes.DoubleType, false)
            .add(ClvStatistics.MEAN_REPEAT_SPEND, DataTypes.DoubleType, true);
    return spark.createDataFrame(rows, schema);
  }
}
