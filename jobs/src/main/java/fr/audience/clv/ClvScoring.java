package fr.audience.clv;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.Subscriptions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Customer values from fitted models, as Spark columns (no per-customer row reaches the driver).
 *
 * <p>Discounting, at the configured monthly rate d: a subscription's future payments fall at its
 * renewal dates; the next one counts in full (as in Fader &amp; Hardie's DERL) and each later one
 * is discounted by one more period of (1+d)^(period_days / 30.44). One-off purchases are counted
 * per year of the horizon (expected purchases by 12, 24, 36 months minus the previous year's) and
 * each year's purchases are discounted at its middle month: (1+d)^-6, ^-18, ^-30. Within a year the
 * exact factor runs from 1 to (1+d)^-12, so with d = 1% and purchases spread evenly over the year
 * the middle-month factor is off by under 0.1%.
 */
public final class ClvScoring {
  static final String MODELS = "models";
  static final String DERL = "subscription_derl";
  static final String CLV_SUB_12 = "clv_subscription_12m";
  static final String CLV_SUB_36 = "clv_subscription_36m";
  static final String CLV_BUY_12 = "clv_purchases_12m";
  static final String CLV_BUY_36 = "clv_purchases_36m";
  static final String P_ALIVE = "p_alive";
  static final String PURCHASES_12 = "expected_purchases_12m";
  static final String SPEND = "expected_spend_per_purchase";

  private ClvScoring() {}

  /**
   * Per user with an active subscription: DERL (summed over the user's active subscriptions) and
   * the discounted renewal payments over 12 and 36 months. {@code models} maps a plan to its sBG
   * fit; plans without one use the entry "all".
   */
  static Dataset<Row> subscriptionValue(
      Dataset<Row> active,
      Map<String, ClvJob.Fitted<ShiftedBetaGeometric>> models,
      ClvSettings settings,
      LocalDate asOf) {
    Columns.require(
        active,
        EventFields.USER_ID,
        EventFields.PLAN,
        EventFields.PRICE_EUR,
        EventFields.PERIOD_DAYS,
        Subscriptions.START_DATE,
        ClvStatistics.RENEWALS);
    Row extent =
        active
            .agg(max(col(ClvStatistics.RENEWALS)), collect_set(col(EventFields.PERIOD_DAYS)))
            .first();
    int maxRenewals = extent.isNullAt(0) ? 0 : extent.getInt(0);
    List<Integer> periods = extent.getList(1);
    Column plan = col(EventFields.PLAN);
    Column renewals = col(ClvStatistics.RENEWALS);
    Column periodDays = col(EventFields.PERIOD_DAYS);
    ClvJob.Fitted<ShiftedBetaGeometric> all = models.get(ClvJob.ALL);
    Column name = lit(modelName(ClvJob.ALL));
    Column derl = derlColumn(all.fit().model(), periods, settings, renewals, maxRenewals);
    for (Map.Entry<String, ClvJob.Fitted<ShiftedBetaGeometric>> e : models.entrySet()) {
      if (e.getKey().equals(ClvJob.ALL)) {
        continue;
      }
      ShiftedBetaGeometric m = e.getValue().fit().model();
      Column mine = plan.equalTo(e.getKey());
      name = when(mine, lit(modelName(e.getKey()))).otherwise(name);
      derl = when(mine, derlColumn(m, periods, settings, renewals, maxRenewals)).otherwise(derl);
    }
    Map<String, double[]> parameters = new java.util.HashMap<>();
    for (Map.Entry<String, ClvJob.Fitted<ShiftedBetaGeometric>> e : models.entrySet()) {
      ShiftedBetaGeometric m = e.getValue().fit().model();
      parameters.put(modelName(e.getKey()), new double[] {m.alpha(), m.beta()});
    }
    Dataset<Row> rows =
        active.select(
            col(EventFields.USER_ID),
            name.as(MODELS),
            derl.as(DERL),
            col(EventFields.PRICE_EUR),
            periodDays.cast("int").as(EventFields.PERIOD_DAYS),
            datediff(lit(Date.valueOf(asOf)), col(Subscriptions.START_DATE)).as(SINCE_START),
            renewals.cast("int").as(ClvStatistics.RENEWALS));
    Dataset<Row> payments = paymentsPerGroup(rows, parameters, settings.monthlyDiscountRate());
    Column price = col(EventFields.PRICE_EUR);
    // A left join: a row without a period or a start date has no renewal to count (0), and stays.
    return rows.join(payments, CollectionConverters.asScala(PAYMENT_GROUP).toSeq(), "left")
        .select(
            col(EventFields.USER_ID),
            col(MODELS),
            col(DERL),
            price.multiply(coalesce(col(P12), lit(0.0))).as(CLV_SUB_12),
            price.multiply(coalesce(col(P36), lit(0.0))).as(CLV_SUB_36))
        .groupBy(EventFields.USER_ID)
        .agg(
            array_join(array_sort(collect_set(col(MODELS))), "; ").as(MODELS),
            sum(DERL).as(DERL),
            sum(CLV_SUB_12).as(CLV_SUB_12),
            sum(CLV_SUB_36).as(CLV_SUB_36));
  }

  /** How gold.clv_customer names the sBG fit of a plan (or of all plans). */
  private static String modelName(String plan) {
    return plan.equals(ClvJob.ALL) ? "sBG all" : "sBG plan=" + plan;
  }

  private static final String SINCE_START = "days_since_start";
  private static final String P12 = "payments_12m";
  private static final String P36 = "payments_36m";
  private static final List<String> PAYMENT_GROUP =
      List.of(MODELS, SINCE_START, EventFields.PERIOD_DAYS, ClvStatistics.RENEWALS);

  /**
   * The discounted payments within 12 and 36 months per distinct (model, days since start, period,
   * renewals): subscribers share them (a start date and a plan), and each costs a loop over the
   * renewal dates, which Spark could only evaluate per row and interpreted.
   */
  private static Dataset<Row> paymentsPerGroup(
      Dataset<Row> rows, Map<String, double[]> parameters, double monthlyDiscountRate) {
    StructType schema =
        new StructType()
            .add(MODELS, DataTypes.StringType, false)
            .add(SINCE_START, DataTypes.IntegerType, false)
            .add(EventFields.PERIOD_DAYS, DataTypes.IntegerType, false)
            .add(ClvStatistics.RENEWALS, DataTypes.IntegerType, false)
            .add(P12, DataTypes.DoubleType, false)
            .add(P36, DataTypes.DoubleType, false);
    return rows.select(PAYMENT_GROUP.stream().map(functions::col).toArray(Column[]::new))
        .na()
        .drop()
        .distinct()
        .map(
            (MapFunction<Row, Row>)
                g -> {
                  double[] ab = parameters.get(g.getString(0));
                  int since = g.getInt(1);
                  int period = g.getInt(2);
                  int renewals = g.getInt(3);
                  return RowFactory.create(
                      g.getString(0),
                      since,
                      period,
                      renewals,
                      paymentsWithin(
                          12, since, period, renewals, ab[0], ab[1], monthlyDiscountRate),
                      paymentsWithin(
                          36, since, period, renewals, ab[0], ab[1], monthlyDiscountRate));
                },
            Encoders.row(schema));
  }

  /**
   * DERL for the row's period length, discounted at the monthly rate compounded over that period.
   */
  private static Column derlColumn(
      ShiftedBetaGeometric model,
      List<Integer> periods,
      ClvSettings settings,
      Column renewals,
      int maxRenewals) {
    Column derl = lit(null).cast("double");
    for (int days : periods) {
      derl =
          when(
                  col(EventFields.PERIOD_DAYS).equalTo(days),
                  ShiftedBetaGeometric.derlColumn(
                      model, settings.discountRateOver(days), renewals, maxRenewals))
              .otherwise(derl);
    }
    return derl;
  }

  /**
   * Expected discounted payments at the renewal dates within {@code months} after the as-of date:
   * sum over k = 1..K of S(n+k)/S(n) v^(k-1), where n renewals were made, the k-th next renewal
   * falls (n + k) periods after the start, S(n+k)/S(n) is the product of the sBG retention rates
   * (beta + t - 1) / (alpha + beta + t - 1) for t = n+1..n+k, and v the discount over one period.
   */
  static double paymentsWithin(
      int months,
      int daysSinceStart,
      int periodDays,
      int renewals,
      double alpha,
      double beta,
      double monthlyDiscountRate) {
    int dueDates =
        (int) Math.floor((daysSinceStart + months * ClvSettings.DAYS_PER_MONTH) / periodDays)
            - renewals;
    double perPeriod = Math.pow(1 + monthlyDiscountRate, periodDays / -ClvSettings.DAYS_PER_MONTH);
    double total = 0;
    double alive = 1;
    double discount = 1;
    for (int k = 1; k <= dueDates; k++) {
      int t = renewals + k;
      alive *= (beta + t - 1) / (alpha + beta + t - 1);
      total += alive * discount;
      discount *= perPeriod;
    }
    return total;
  }

  /**
   * Per buyer: P(alive), expected purchases and spend, and discounted purchase value over 12 and 36
   * months. {@code rfm} is {@link ClvStatistics#rfm}'s output.
   *
   * <p>The expected purchases are P(alive | x, t_x, T), a closed form, times the purchases expected
   * of a customer alive at T: a 2F1 series per horizon, which depends on (x, T) only. The distinct
   * (x, T) are few (bounded by the largest x times the days of history: tens of thousands at most
   * for a million buyers over two years), so the series are evaluated once per pair and JVM with
   * the scalar formulas of {@link BgNbd}, in whole days as the statistics hold them (exact, not
   * grid-rounded), and looked up ({@link PairSeries}); everything else is compiled columns, in one
   * pass over the customers.
   */
  public static Dataset<Row> purchaseValue(
      Dataset<Row> rfm, BgNbd bg, GammaGamma gg, ClvSettings settings) {
    Columns.require(
        rfm,
        EventFields.USER_ID,
        ClvStatistics.X,
        ClvStatistics.TX_DAYS,
        ClvStatistics.T_DAYS,
        ClvStatistics.MEAN_REPEAT_SPEND);
    double unit = settings.unitDays();
    return scored(
        rfm,
        bg,
        gg,
        settings,
        new PairSeries(bg.r(), bg.alpha(), bg.a(), bg.b(), unit, settings.monthlyDiscountRate()));
  }

  /**
   * The purchases a customer alive at T expects, per (x, T days): within 12 months, and discounted
   * over 36 months (year 1 at the middle of the year's discount, years 2 and 3 at theirs). Each
   * distinct pair's 2F1 series is evaluated once per JVM and kept in a map shared by the JVM's
   * tasks (the pairs are few: 13,516 for a million customers in the benchmark), so scoring is one
   * pass over the customers with no distinct, collect or join; a UDF looks the pair up. The record
   * holds the model's parameters, so tasks on an executor rebuild the same model and share its map.
   */
  record PairSeries(
      double r, double alpha, double a, double b, double unitDays, double monthlyDiscountRate)
      implements java.io.Serializable {
    /** Maps of the last few models scored in this JVM (a job scores with one). */
    private static final java.util.Map<PairSeries, java.util.Map<Long, double[]>> MAPS =
        java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(
                  java.util.Map.Entry<PairSeries, java.util.Map<Long, double[]>> eldest) {
                return size() > 4;
              }
            });

    /** This model's map of (x, T days) to its two expectations, shared by the JVM's tasks. */
    java.util.Map<Long, double[]> map() {
      return MAPS.computeIfAbsent(this, k -> new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** {12-month expectation, discounted 36-month expectation} of a customer alive at T. */
    double[] compute(int x, int bigTDays) {
      BgNbd bg = new BgNbd(r, alpha, a, b);
      double bigT = bigTDays / unitDays;
      double[] e = new double[3];
      for (int y = 1; y <= 3; y++) {
        e[y - 1] =
            bg.expectedPurchasesIfAlive(12 * y * ClvSettings.DAYS_PER_MONTH / unitDays, x, bigT);
      }
      double d = 1 + monthlyDiscountRate;
      return new double[] {
        e[0],
        e[0] * Math.pow(d, -6) + (e[1] - e[0]) * Math.pow(d, -18) + (e[2] - e[1]) * Math.pow(d, -30)
      };
    }

    Column ifAlive12(Column x, Column bigTDays) {
      return udf(new Lookup(this, 0), DataTypes.DoubleType).apply(x, bigTDays);
    }

    Column discountedIfAlive(Column x, Column bigTDays) {
      return udf(new Lookup(this, 1), DataTypes.DoubleType).apply(x, bigTDays);
    }
  }

  /**
   * One of a {@link PairSeries}' two expectations of (x, T days). The model's map is resolved once
   * per deserialised copy (once per task), so a row costs one concurrent map read.
   */
  private static final class Lookup implements UDF2<Integer, Integer, Double> {
    private static final long serialVersionUID = 1L;
    private final PairSeries series;
    private final int index;
    private transient java.util.Map<Long, double[]> map;

    Lookup(PairSeries series, int index) {
      this.series = series;
      this.index = index;
    }

    @Override
    public Double call(Integer x, Integer bigTDays) {
      if (x == null || bigTDays == null) {
        return null; // no statistics, no expectation: the score stays null, the row stays
      }
      if (map == null) {
        map = series.map();
      }
      long key = ((long) x << 32) | (bigTDays & 0xffffffffL);
      double[] v = map.get(key);
      if (v == null) {
        v = map.computeIfAbsent(key, k -> series.compute(x, bigTDays));
      }
      return v[index];
    }
  }

  /**
   * {@link #purchaseValue} with every per-pair series replaced by 1: the same per-customer columns
   * (P(alive), spend, CLV), no distinct pairs, no series, no join. Not a score: the benchmark's
   * measure of what the per-customer columns alone cost, the least any scoring design pays.
   */
  public static Dataset<Row> perCustomerColumnsOnly(
      Dataset<Row> rfm, BgNbd bg, GammaGamma gg, ClvSettings settings) {
    return scored(rfm, bg, gg, settings, null);
  }

  /**
   * P(alive), spend and the scores of every customer; the two expectations of a customer alive at T
   * looked up in {@code series}, or 1 when it is null ({@link #perCustomerColumnsOnly}).
   */
  private static Dataset<Row> scored(
      Dataset<Row> rfm, BgNbd bg, GammaGamma gg, ClvSettings settings, PairSeries series) {
    double unit = settings.unitDays();
    Column x = col(ClvStatistics.X).cast("int");
    Column bigTDays = col(ClvStatistics.T_DAYS).cast("int");
    return valued(
        rfm.select(
            col(EventFields.USER_ID),
            BgNbd.probabilityAliveColumn(
                    bg,
                    x,
                    col(ClvStatistics.TX_DAYS).cast("int").divide(unit),
                    bigTDays.divide(unit))
                .as(P_ALIVE),
            GammaGamma.conditionalExpectedSpendColumn(
                    gg, x, coalesce(col(ClvStatistics.MEAN_REPEAT_SPEND), lit(0.0)))
                .as(SPEND),
            (series == null ? lit(1.0) : series.ifAlive12(x, bigTDays)).as(IF_ALIVE_12),
            (series == null ? lit(1.0) : series.discountedIfAlive(x, bigTDays))
                .as(DISCOUNTED_IF_ALIVE)),
        settings);
  }

  /**
   * The scores from P(alive), spend, and the 12-month and discounted 36-month expectations of a
   * customer alive at T.
   */
  private static Dataset<Row> valued(Dataset<Row> buyers, ClvSettings settings) {
    double year1Discount = Math.pow(1 + settings.monthlyDiscountRate(), -6);
    return buyers.select(
        col(EventFields.USER_ID),
        lit(BgNbd.NAME + " all; " + GammaGamma.NAME + " all").as(MODELS),
        col(P_ALIVE),
        col(IF_ALIVE_12).multiply(col(P_ALIVE)).as(PURCHASES_12),
        col(SPEND),
        col(IF_ALIVE_12)
            .multiply(col(P_ALIVE))
            .multiply(year1Discount)
            .multiply(col(SPEND))
            .as(CLV_BUY_12),
        col(DISCOUNTED_IF_ALIVE).multiply(col(P_ALIVE)).multiply(col(SPEND)).as(CLV_BUY_36));
  }

  private static final String IF_ALIVE_12 = "if_alive_12m";
  private static final String DISCOUNTED_IF_ALIVE = "discounted_if_alive_36m";

  /** One row per customer in either input, in gold.clv_customer's shape. */
  static Dataset<Row> customers(Dataset<Row> subscribers, Dataset<Row> buyers, LocalDate asOf) {
    Dataset<Row> s = subscribers.withColumnRenamed(MODELS, "sub_models");
    Dataset<Row> b = buyers.withColumnRenamed(MODELS, "buy_models");
    Column sub12 = coalesce(col(CLV_SUB_12), lit(0.0));
    Column sub36 = coalesce(col(CLV_SUB_36), lit(0.0));
    Column buy12 = coalesce(col(CLV_BUY_12), lit(0.0));
    Column buy36 = coalesce(col(CLV_BUY_36), lit(0.0));
    return s.join(
            b, CollectionConverters.asScala(List.of(EventFields.USER_ID)).toSeq(), "full_outer")
        .select(
            col(EventFields.USER_ID),
            concat_ws("; ", col("sub_models"), col("buy_models")).as(MODELS),
            col(P_ALIVE),
            col(PURCHASES_12),
            col(SPEND),
            col(DERL),
            sub12.as(CLV_SUB_12),
            sub36.as(CLV_SUB_36),
            buy12.as(CLV_BUY_12),
            buy36.as(CLV_BUY_36),
            sub12.plus(buy12).as("clv_12m"),
            sub36.plus(buy36).as("clv_36m"),
            lit(Date.valueOf(asOf)).as(ClvTables.AS_OF_DATE));
  }
}
