package fr.audience.clv;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.Subscriptions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
    Column alpha = lit(all.fit().model().alpha());
    Column beta = lit(all.fit().model().beta());
    Column name = lit("sBG all");
    Column derl = derlColumn(all.fit().model(), periods, settings, renewals, maxRenewals);
    for (Map.Entry<String, ClvJob.Fitted<ShiftedBetaGeometric>> e : models.entrySet()) {
      if (e.getKey().equals(ClvJob.ALL)) {
        continue;
      }
      ShiftedBetaGeometric m = e.getValue().fit().model();
      Column mine = plan.equalTo(e.getKey());
      alpha = when(mine, lit(m.alpha())).otherwise(alpha);
      beta = when(mine, lit(m.beta())).otherwise(beta);
      name = when(mine, lit("sBG plan=" + e.getKey())).otherwise(name);
      derl = when(mine, derlColumn(m, periods, settings, renewals, maxRenewals)).otherwise(derl);
    }
    Column perPeriod =
        pow(
            lit(1 + settings.monthlyDiscountRate()),
            periodDays.divide(-ClvSettings.DAYS_PER_MONTH));
    Column sinceStart = datediff(lit(Date.valueOf(asOf)), col(Subscriptions.START_DATE));
    Column price = col(EventFields.PRICE_EUR);
    return active
        .select(
            col(EventFields.USER_ID),
            name.as(MODELS),
            derl.as(DERL),
            price
                .multiply(
                    paymentsWithin(12, sinceStart, periodDays, renewals, alpha, beta, perPeriod))
                .as(CLV_SUB_12),
            price
                .multiply(
                    paymentsWithin(36, sinceStart, periodDays, renewals, alpha, beta, perPeriod))
                .as(CLV_SUB_36))
        .groupBy(EventFields.USER_ID)
        .agg(
            array_join(array_sort(collect_set(col(MODELS))), "; ").as(MODELS),
            sum(DERL).as(DERL),
            sum(CLV_SUB_12).as(CLV_SUB_12),
            sum(CLV_SUB_36).as(CLV_SUB_36));
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
   * falls (n + k) periods after the start, and S(n+k)/S(n) is the product of the sBG retention
   * rates (beta + t - 1) / (alpha + beta + t - 1) for t = n+1..n+k.
   */
  private static Column paymentsWithin(
      int months,
      Column sinceStart,
      Column periodDays,
      Column renewals,
      Column alpha,
      Column beta,
      Column perPeriod) {
    Column dueDates =
        floor(sinceStart.plus(months * ClvSettings.DAYS_PER_MONTH).divide(periodDays))
            .cast("int")
            .minus(renewals);
    Column zero = struct(lit(0.0).as("total"), lit(1.0).as("alive"), lit(1.0).as("discount"));
    Column sum =
        aggregate(
            sequence(lit(1), greatest(dueDates, lit(1))),
            zero,
            (s, k) -> {
              Column t = renewals.plus(k);
              Column alive =
                  s.getField("alive")
                      .multiply(beta.plus(t).minus(1).divide(alpha.plus(beta).plus(t).minus(1)));
              return struct(
                  s.getField("total").plus(alive.multiply(s.getField("discount"))).as("total"),
                  alive.as("alive"),
                  s.getField("discount").multiply(perPeriod).as("discount"));
            },
            s -> s.getField("total"));
    return when(dueDates.gt(0), sum).otherwise(lit(0.0));
  }

  /**
   * Per buyer: P(alive), expected purchases and spend, and discounted purchase value over 12 and 36
   * months. {@code rfm} is {@link ClvStatistics#rfm}'s output.
   */
  public static Dataset<Row> purchaseValue(
      Dataset<Row> rfm, BgNbd bg, GammaGamma gg, ClvSettings settings) {
    Columns.require(
        rfm,
        EventFields.USER_ID,
        ClvStatistics.X,
        ClvStatistics.TX,
        ClvStatistics.BIG_T,
        ClvStatistics.MEAN_REPEAT_SPEND);
    Column x = col(ClvStatistics.X);
    Column tx = col(ClvStatistics.TX);
    Column bigT = col(ClvStatistics.BIG_T);
    Column[] byYear = new Column[3];
    for (int y = 1; y <= 3; y++) {
      double horizon = 12 * y * ClvSettings.DAYS_PER_MONTH / settings.unitDays();
      byYear[y - 1] = BgNbd.conditionalExpectedPurchasesColumn(bg, horizon, x, tx, bigT);
    }
    Column spend =
        GammaGamma.conditionalExpectedSpendColumn(
            gg, x, coalesce(col(ClvStatistics.MEAN_REPEAT_SPEND), lit(0.0)));
    double d = 1 + settings.monthlyDiscountRate();
    Column year1 = col("e12").multiply(Math.pow(d, -6));
    Column years23 =
        col("e24")
            .minus(col("e12"))
            .multiply(Math.pow(d, -18))
            .plus(col("e36").minus(col("e24")).multiply(Math.pow(d, -30)));
    return rfm.select(
            col(EventFields.USER_ID),
            BgNbd.probabilityAliveColumn(bg, x, tx, bigT).as(P_ALIVE),
            byYear[0].as("e12"),
            byYear[1].as("e24"),
            byYear[2].as("e36"),
            spend.as(SPEND))
        .select(
            col(EventFields.USER_ID),
            lit(BgNbd.NAME + " all; " + GammaGamma.NAME + " all").as(MODELS),
            col(P_ALIVE),
            col("e12").as(PURCHASES_12),
            col(SPEND),
            year1.multiply(col(SPEND)).as(CLV_BUY_12),
            year1.plus(years23).multiply(col(SPEND)).as(CLV_BUY_36));
  }

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
