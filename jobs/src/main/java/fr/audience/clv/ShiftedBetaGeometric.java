package fr.audience.clv;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Errors;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Beta;
import org.apache.spark.sql.Column;

/**
 * Shifted-beta-geometric model of contractual retention (Fader &amp; Hardie 2007, "How to project
 * customer retention"): each customer churns at each renewal with a probability theta drawn from
 * Beta(alpha, beta). T is the period in which the customer churns (T = 1: no renewal at all); a
 * customer who has made n renewals has T &gt; n.
 */
public final class ShiftedBetaGeometric {
  static final String NAME = "shifted-beta-geometric";
  private static final String REMEDY =
      "Fit on a cohort observed over at least two periods with "
          + "some churn in more than one period, or pool small cohorts";

  /**
   * {@code count} customers who churned in period {@code tenure} (churned) or are still alive after
   * {@code tenure} renewals (right-censored).
   */
  public record TenureCount(int tenure, boolean churned, double count) {}

  private final double alpha;
  private final double beta;

  public ShiftedBetaGeometric(double alpha, double beta) {
    if (!(alpha > 0 && beta > 0 && Double.isFinite(alpha) && Double.isFinite(beta))) {
      throw Errors.cannot(
          "build the sBG model",
          "alpha and beta must be positive and finite," + " got alpha=" + alpha + ", beta=" + beta,
          "Fit the model or pass fitted parameters");
    }
    this.alpha = alpha;
    this.beta = beta;
  }

  public double alpha() {
    return alpha;
  }

  public double beta() {
    return beta;
  }

  /** P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), t &gt;= 1. */
  public double probabilityChurnAt(int t) {
    return Math.exp(logProbabilityChurnAt(alpha, beta, t));
  }

  /**
   * S(t) = P(T &gt; t) = B(alpha, beta + t) / B(alpha, beta): share still subscribed after t
   * renewals.
   */
  public double survival(int t) {
    return Math.exp(logSurvival(alpha, beta, t));
  }

  /** r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1), t &gt;= 1. */
  public double retention(int t) {
    requirePeriod(t, 1);
    return (beta + t - 1) / (alpha + beta + t - 1);
  }

  /**
   * Discounted expected residual lifetime of a customer who has made {@code renewals} renewals,
   * evaluated just before the next renewal decision, the next payment undiscounted (Fader &amp;
   * Hardie 2010, eq. 6, with their n - 1 renewals = our {@code renewals}): B(alpha,
   * beta+n+1)/B(alpha, beta+n) * 2F1(1, beta+n+1; alpha+beta+n+1; 1/(1+d)), which equals sum over k
   * &gt;= 0 of S(n+1+k)/S(n) / (1+d)^k.
   */
  public double derl(double discountRate, int renewals) {
    requirePeriod(renewals, 0);
    if (!(discountRate > 0)) {
      throw Errors.cannot(
          "compute DERL",
          "the discount rate per period must be positive, got " + discountRate,
          "Pass e.g. 0.01 for 1% per period");
    }
    double n = renewals;
    double ratio = Math.exp(Beta.logBeta(alpha, beta + n + 1) - Beta.logBeta(alpha, beta + n));
    return ratio
        * Hypergeometric.hyp2f1(1, beta + n + 1, alpha + beta + n + 1, 1 / (1 + discountRate));
  }

  /** Residual CLV = price per period x DERL. */
  public double clv(double pricePerPeriod, double discountRate, int renewals) {
    return pricePerPeriod * derl(discountRate, renewals);
  }

  public static double logLikelihood(double alpha, double beta, List<TenureCount> data) {
    double ll = 0;
    for (TenureCount c : data) {
      ll +=
          c.count()
              * (c.churned()
                  ? logProbabilityChurnAt(alpha, beta, c.tenure())
                  : logSurvival(alpha, beta, c.tenure()));
    }
    return ll;
  }

  /**
   * Survivors at the start of periods 0..n of one cohort (alive[0] = cohort size) as individual
   * sufficient statistics: alive[t-1] - alive[t] churned in period t, alive[n] still alive after n.
   */
  public static List<TenureCount> tenureCountsFromCohort(long[] alive) {
    if (alive.length < 2 || alive[0] <= 0) {
      throw Errors.cannot(
          "read the cohort",
          "it needs a positive starting count and at least " + "one later period",
          "Give survivors at the start of periods 0, 1, ...");
    }
    List<TenureCount> counts = new ArrayList<>();
    for (int t = 1; t < alive.length; t++) {
      long churned = alive[t - 1] - alive[t];
      if (churned < 0 || alive[t] < 0) {
        throw Errors.cannot(
            "read the cohort",
            "survivors rise from " + alive[t - 1] + " to " + alive[t] + " at period " + t,
            "Survivor counts must never increase within a cohort");
      }
      if (churned > 0) {
        counts.add(new TenureCount(t, true, churned));
      }
    }
    if (alive[alive.length - 1] > 0) {
      counts.add(new TenureCount(alive.length - 1, false, alive[alive.length - 1]));
    }
    return counts;
  }

  public static ClvFit<ShiftedBetaGeometric> fitCohort(long[] alive) {
    return fit(tenureCountsFromCohort(alive));
  }

  public static ClvFit<ShiftedBetaGeometric> fit(List<TenureCount> data) {
    double total = 0;
    double churned = 0;
    for (TenureCount c : data) {
      requirePeriod(c.tenure(), c.churned() ? 1 : 0);
      if (!(c.count() >= 0)) {
        throw Errors.cannot("fit the sBG model", "negative count " + c.count(), REMEDY);
      }
      total += c.count();
      churned += c.churned() ? c.count() : 0;
    }
    if (churned == 0 || churned == total) {
      throw Errors.cannotFit(
          NAME,
          churned == 0
              ? "no customer churned"
              : "every customer churned and none is observed alive",
          REMEDY);
    }
    double p = churned / total;
    MaxLikelihood.Result r =
        MaxLikelihood.maximize(
            NAME,
            new String[] {"alpha", "beta"},
            q -> logLikelihood(q[0], q[1], data),
            total,
            REMEDY,
            new double[] {1, 1},
            new double[] {p, 1 - p},
            new double[] {10 * p, 10 * (1 - p)});
    return new ClvFit<>(
        new ShiftedBetaGeometric(r.params()[0], r.params()[1]),
        r.logLikelihood(),
        total,
        r.standardErrors());
  }

  /**
   * DERL per row from an integer renewals column, as a lookup into a table computed here with the
   * exact series (no truncation beyond the double-precision stopping rule of {@link
   * Hypergeometric}); renewals are whole periods, so a table of {@code maxRenewals + 1} values is
   * exact. A row beyond the table fails the query loudly rather than being guessed.
   */
  public static Column derlColumn(
      ShiftedBetaGeometric model, double discountRate, Column renewals, int maxRenewals) {
    double[] table = new double[maxRenewals + 1];
    for (int n = 0; n <= maxRenewals; n++) {
      table[n] = model.derl(discountRate, n);
    }
    return when(
            renewals.lt(0).or(renewals.gt(maxRenewals)),
            raise_error(
                lit(
                    Errors.message(
                        "score sBG DERL",
                        "renewals outside 0.." + maxRenewals,
                        "Pass a larger maxRenewals"))))
        .otherwise(element_at(lit(table), renewals.cast("int").plus(1)));
  }

  /** Residual subscription CLV per row: price column x DERL column. */
  public static Column clvColumn(
      ShiftedBetaGeometric model,
      double discountRate,
      Column price,
      Column renewals,
      int maxRenewals) {
    return price.multiply(derlColumn(model, discountRate, renewals, maxRenewals));
  }

  private static double logProbabilityChurnAt(double alpha, double beta, int t) {
    requirePeriod(t, 1);
    return Beta.logBeta(alpha + 1, beta + t - 1) - Beta.logBeta(alpha, beta);
  }

  private static double logSurvival(double alpha, double beta, int t) {
    requirePeriod(t, 0);
    return Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta);
  }

  private static void requirePeriod(int t, int min) {
    if (t < min) {
      throw Errors.cannot(
          "evaluate the sBG model",
          "period " + t + " is below " + min,
          "Periods count renewals from 0");
    }
  }

  @Override
  public String toString() {
    return "sBG(alpha=" + alpha + ", beta=" + beta + ")";
  }
}
