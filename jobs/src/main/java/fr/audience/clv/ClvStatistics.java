package fr.audience.clv;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Columns;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.Subscriptions;
import fr.audience.sessions.Transactions;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sufficient statistics the CLV models fit on, built from silver tables as of a date: tenure
 * counts for the sBG, per-customer (x, t_x, T) and repeat spend for BG/NBD and Gamma-Gamma, and
 * their groupings (one row per distinct summary with a count).
 */
public final class ClvStatistics {
  public static final String SCOPE_TYPE = "scope_type";
  public static final String SCOPE = "scope";
  public static final String TENURE = "tenure";
  public static final String CHURNED = "churned";
  public static final String RENEWALS = "renewals";
  public static final String COUNT = "count";
  public static final String X = "x";
  public static final String TX = "t_x";
  public static final String BIG_T = "T";
  public static final String TX_DAYS = "t_x_days";
  public static final String T_DAYS = "T_days";
  public static final String MEAN_REPEAT_SPEND = "mean_repeat_spend";
  public static final String ACTIVE = "active";

  private ClvStatistics() {}

  /**
   * One row per subscription started by {@code asOf}, its state then: {@code active} when it had
   * not ended by that day (an end date after {@code asOf}, known to a later snapshot, is in its
   * future), {@code renewals} made, and the sBG observation: {@code churned} in period {@code
   * tenure} = paid periods, or still alive after {@code tenure} = paid periods - 1 renewals
   * (right-censored). A period paid on {@code asOf} itself counts as paid.
   */
  public static Dataset<Row> withTenure(Dataset<Row> subscriptions, LocalDate asOf) {
    Columns.require(
        subscriptions,
        EventFields.SUBSCRIPTION_ID,
        EventFields.USER_ID,
        EventFields.PLAN,
        EventFields.PRICE_EUR,
        EventFields.PERIOD_DAYS,
        Subscriptions.START_DATE,
        Subscriptions.END_DATE);
    Column day = lit(Date.valueOf(asOf));
    Column start = col(Subscriptions.START_DATE);
    Column ended =
        col(Subscriptions.END_DATE).isNotNull().and(col(Subscriptions.END_DATE).leq(day));
    Column paidDays =
        when(ended, datediff(col(Subscriptions.END_DATE), start))
            .otherwise(datediff(day, start).plus(1));
    Column paid =
        greatest(lit(1L), ceil(paidDays.divide(col(EventFields.PERIOD_DAYS)))).cast("int");
    return subscriptions
        .filter(start.isNotNull().and(start.leq(day)).and(col(EventFields.PERIOD_DAYS).gt(0)))
        .select(
            col(EventFields.SUBSCRIPTION_ID),
            col(EventFields.USER_ID),
            col(EventFields.PLAN),
            col(EventFields.PRICE_EUR),
            col(EventFields.PERIOD_DAYS),
            start,
            ended.as(CHURNED),
            ended.equalTo(false).as(ACTIVE),
            paid.minus(1).as(RENEWALS),
            when(ended, paid).otherwise(paid.minus(1)).as(TENURE));
  }

  /**
   * Tenure counts per scope: rows with {@link #SCOPE_TYPE}, {@link #SCOPE} and {@link
   * #withTenure}'s columns.
   */
  public static Dataset<Row> tenureCounts(Dataset<Row> scopedTenures) {
    Columns.require(scopedTenures, SCOPE_TYPE, SCOPE, TENURE, CHURNED);
    return scopedTenures
        .filter(col(SCOPE).isNotNull())
        .groupBy(SCOPE_TYPE, SCOPE, TENURE, CHURNED)
        .agg(count(lit(1)).as(COUNT))
        .select(col(SCOPE_TYPE), col(SCOPE), col(TENURE), col(CHURNED), col(COUNT));
  }

  /**
   * Per buyer as of {@code asOf}: purchases on one day count as one, their amounts summed; the
   * first purchase day starts the clock; x repeat purchase days, t_x and T in days and in {@code
   * unitDays}-day units, and the mean amount of the repeat days (null when x = 0).
   */
  public static Dataset<Row> rfm(Dataset<Row> transactions, LocalDate asOf, double unitDays) {
    Columns.require(
        transactions, EventFields.USER_ID, Transactions.ORDER_DATE, EventFields.AMOUNT_EUR);
    Column day = lit(Date.valueOf(asOf));
    Dataset<Row> days =
        transactions
            .filter(col(EventFields.USER_ID).isNotNull().and(col(Transactions.ORDER_DATE).leq(day)))
            .groupBy(EventFields.USER_ID, Transactions.ORDER_DATE)
            .agg(sum(col(EventFields.AMOUNT_EUR)).as(EventFields.AMOUNT_EUR));
    Column first = col("first_day");
    Column x = col("purchase_days").minus(1);
    return days.groupBy(EventFields.USER_ID)
        .agg(
            min(Transactions.ORDER_DATE).as("first_day"),
            max(Transactions.ORDER_DATE).as("last_day"),
            count(lit(1)).as("purchase_days"),
            sum(EventFields.AMOUNT_EUR).as("total"),
            min_by(col(EventFields.AMOUNT_EUR), col(Transactions.ORDER_DATE)).as("first_amount"))
        .select(
            col(EventFields.USER_ID),
            x.cast("int").as(X),
            datediff(col("last_day"), first).as(TX_DAYS),
            datediff(day, first).as(T_DAYS),
            datediff(col("last_day"), first).divide(unitDays).as(TX),
            datediff(day, first).divide(unitDays).as(BIG_T),
            when(x.gt(0), col("total").minus(col("first_amount")).divide(x)).as(MEAN_REPEAT_SPEND));
  }

  /**
   * Customers grouped by (x, t_x, T), times rounded to {@code gridDays} days (a repeat buyer's t_x
   * to at least one grid step, so that it stays positive) and expressed in {@code unitDays} units.
   */
  public static Dataset<Row> rfmGroups(Dataset<Row> rfm, int gridDays, double unitDays) {
    Columns.require(rfm, X, TX_DAYS, T_DAYS);
    Column tx =
        when(col(X).equalTo(0), lit(0L))
            .otherwise(greatest(lit(1L), round(col(TX_DAYS).divide(gridDays)).cast("long")));
    Column bigT = greatest(tx, round(col(T_DAYS).divide(gridDays)).cast("long"));
    return rfm.groupBy(col(X), tx.as("tx_steps"), bigT.as("t_steps"))
        .agg(count(lit(1)).as(COUNT))
        .select(
            col(X),
            col("tx_steps").multiply(gridDays / unitDays).as(TX),
            col("t_steps").multiply(gridDays / unitDays).as(BIG_T),
            col(COUNT));
  }

  /**
   * Repeat buyers with a positive mean repeat spend, grouped by x and that mean rounded to {@code
   * digits} significant digits.
   */
  public static Dataset<Row> spendGroups(Dataset<Row> rfm, int digits) {
    Columns.require(rfm, X, MEAN_REPEAT_SPEND);
    Column m = col(MEAN_REPEAT_SPEND);
    Column step = pow(lit(10.0), floor(log10(m)).minus(digits - 1));
    return rfm.filter(col(X).gt(0).and(m.gt(0)))
        .groupBy(col(X), round(m.divide(step)).multiply(step).as(MEAN_REPEAT_SPEND))
        .agg(count(lit(1)).as(COUNT))
        .select(col(X), col(MEAN_REPEAT_SPEND), col(COUNT));
  }
}
