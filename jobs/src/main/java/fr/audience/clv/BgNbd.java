package fr.audience.clv;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import fr.audience.core.Errors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.apache.spark.sql.Column;

/**
 * BG/NBD model of repeat purchasing (Fader, Hardie &amp; Lee 2005, "Counting your customers the
 * easy way"): while alive, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha);
 * after each purchase she drops out with probability p ~ Beta(a, b). A customer is summarised by x
 * repeat purchases, t_x the time of the last one and T the time since the first purchase.
 */
public final class BgNbd {
  static final String NAME = "BG/NBD";
  private static final String REMEDY =
      "Use a longer calibration period or more customers, and "
          + "check that customer ids are stable across purchases";

  private static final double NEAR_ONE = 1e-6;

  /** {@code count} customers sharing the same (x, t_x, T). */
  public record RfmCount(int x, double tx, double T, double count) {}

  private final double r;
  private final double alpha;
  private final double a;
  private final double b;

  public BgNbd(double r, double alpha, double a, double b) {
    for (double v : new double[] {r, alpha, a, b}) {
      if (!(v > 0 && Double.isFinite(v))) {
        throw Errors.cannot(
            "build the BG/NBD model",
            "r, alpha, a, b must be positive and " + "finite, got " + this,
            "Fit the model or pass fitted parameters");
      }
    }
    this.r = r;
    this.alpha = alpha;
    this.a = a;
    this.b = b;
  }

  public double r() {
    return r;
  }

  public double alpha() {
    return alpha;
  }

  public double a() {
    return a;
  }

  public double b() {
    return b;
  }

  /** Individual log-likelihood (paper eq. 6), with the two terms combined by log-sum-exp. */
  public static double logLikelihood(
      double r, double alpha, double a, double b, int x, double tx, double bigT) {
    return logLikelihood(r, alpha, a, b, List.of(new RfmCount(x, tx, bigT, 1)));
  }

  /**
   * Total log-likelihood; the gamma and beta functions depend on x only, so they are computed once
   * per distinct x.
   */
  public static double logLikelihood(
      double r, double alpha, double a, double b, List<RfmCount> data) {
    int maxX = 0;
    for (RfmCount c : data) {
      maxX = Math.max(maxX, c.x());
    }
    double lnBab = Beta.logBeta(a, b);
    double lnGammaR = Gamma.logGamma(r);
    double lnAlpha = Math.log(alpha);
    double[] common = new double[maxX + 1];
    double[] aliveBeta = new double[maxX + 1];
    double[] deadBeta = new double[maxX + 1];
    Arrays.fill(common, Double.NaN);
    double ll = 0;
    for (RfmCount c : data) {
      int x = c.x();
      if (Double.isNaN(common[x])) {
        common[x] = Gamma.logGamma(r + x) - lnGammaR + r * lnAlpha;
        aliveBeta[x] = Beta.logBeta(a, b + x) - lnBab;
        deadBeta[x] = x == 0 ? 0 : Beta.logBeta(a + 1, b + x - 1) - lnBab;
      }
      double alive = aliveBeta[x] - (r + x) * Math.log(alpha + c.T());
      double one;
      if (x == 0) {
        one = common[x] + alive;
      } else {
        double dead = deadBeta[x] - (r + x) * Math.log(alpha + c.tx());
        double max = Math.max(alive, dead);
        one = common[x] + max + Math.log(Math.exp(alive - max) + Math.exp(dead - max));
      }
      ll += c.count() * one;
    }
    return ll;
  }

  /** P(alive | x, t_x, T) (paper eq. 11) as 1 / (1 + e^s), s computed in logs. */
  public double probabilityAlive(int x, double tx, double bigT) {
    if (x == 0) {
      return 1;
    }
    double s =
        Math.log(a)
            - Math.log(b + x - 1)
            + (r + x) * (Math.log(alpha + bigT) - Math.log(alpha + tx));
    return 1 / (1 + Math.exp(s));
  }

  /** E[X(t)]: expected repeat purchases of a new customer in (0, t] (paper eq. 9). */
  public double expectedPurchasesNewCustomer(double t) {
    return expectedIfAlive(t, 0, 0);
  }

  /** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] (paper eq. 10). */
  public double conditionalExpectedPurchases(double t, int x, double tx, double bigT) {
    return expectedPurchasesIfAlive(t, x, bigT) * probabilityAlive(x, tx, bigT);
  }

  /**
   * Expected purchases in (T, T + t] of a customer still alive at T, the costly factor of {@link
   * #conditionalExpectedPurchases}: it does not depend on t_x, so customers sharing (x, T) share
   * it.
   */
  public double expectedPurchasesIfAlive(double t, int x, double bigT) {
    return expectedIfAlive(t, x, bigT);
  }

  /**
   * (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)], z =
   * t/(alpha+T+t). Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z) turns
   * the bracket into 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose coefficients shrink as x
   * grows instead of exploding like (r+x)_k (b+x)_k.
   */
  private double expectedIfAlive(double t, int x, double bigT) {
    if (Math.abs(a - 1) < NEAR_ONE) {
      return (beside(-NEAR_ONE).expectedIfAlive(t, x, bigT)
              + beside(NEAR_ONE).expectedIfAlive(t, x, bigT))
          / 2;
    }
    if (t < 0) {
      throw Errors.cannot(
          "compute BG/NBD expectations",
          "horizon t = " + t + " is negative",
          "Pass a horizon >= 0 in the fit's time unit");
    }
    double oneMinusZ = (alpha + bigT) / (alpha + bigT + t);
    double z = t / (alpha + bigT + t);
    double f = Hypergeometric.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
    double bracket = 1 - Math.exp((a - 1) * Math.log(oneMinusZ)) * f;
    return (a + b + x - 1) / (a - 1) * bracket;
  }

  public static ClvFit<BgNbd> fit(List<RfmCount> data) {
    double customers = 0;
    double repeats = 0;
    double time = 0;
    for (RfmCount c : data) {
      if (c.x() < 0
          || !(c.tx() >= 0)
          || !(c.T() >= c.tx())
          || !(c.count() >= 0)
          || (c.x() == 0 && c.tx() != 0)
          || (c.x() > 0 && !(c.tx() > 0))) {
        throw Errors.cannot(
            "fit the BG/NBD model",
            "invalid summary " + c,
            "Need x >= 0, 0 <= t_x <= T, t_x = 0 when x = 0, t_x > 0 when x > 0, count >= 0");
      }
      customers += c.count();
      repeats += c.count() * c.x();
      time += c.count() * c.T();
    }
    if (repeats == 0) {
      throw Errors.cannotFit(
          NAME,
          customers == 0
              ? "there are no customers"
              : "no customer made a repeat purchase, so purchase rate and drop-out cannot be told "
                  + "apart",
          REMEDY);
    }
    if (time == 0) {
      throw Errors.cannotFit(NAME, "every customer has T = 0", REMEDY);
    }
    // Fit with time in units of (mean T per repeat purchase): alpha scales with the time unit
    // while r, a, b do not, so this keeps alpha near 1 and inside the optimizer's bounds for
    // any unit; the log-likelihood is then evaluated on the caller's own unit.
    double scale = time / repeats;
    List<RfmCount> scaled =
        data.stream()
            .map(c -> new RfmCount(c.x(), c.tx() / scale, c.T() / scale, c.count()))
            .toList();
    MaxLikelihood.Result res =
        MaxLikelihood.maximize(
            NAME,
            new String[] {"r", "alpha", "a", "b"},
            q -> logLikelihood(q[0], q[1], q[2], q[3], scaled),
            customers,
            REMEDY,
            new double[] {1, 1, 1, 3},
            new double[] {0.5, 0.5, 0.5, 2},
            new double[] {2, 2, 2, 8});
    double[] p = res.params();
    BgNbd model = new BgNbd(p[0], p[1] * scale, p[2], p[3]);
    Map<String, Double> errors = new LinkedHashMap<>(res.standardErrors());
    errors.put("alpha", errors.get("alpha") * scale);
    return new ClvFit<>(
        model, logLikelihood(model.r, model.alpha, model.a, model.b, data), customers, errors);
  }

  /** P(alive | x, t_x, T) per row, the same closed form as {@link #probabilityAlive}. */
  public static Column probabilityAliveColumn(BgNbd m, Column x, Column tx, Column bigT) {
    Column s =
        lit(Math.log(m.a))
            .minus(log(x.plus(m.b - 1)))
            .plus(x.plus(m.r).multiply(log(bigT.plus(m.alpha)).minus(log(tx.plus(m.alpha)))));
    return when(x.equalTo(0), lit(1.0)).otherwise(lit(1.0).divide(exp(s).plus(1)));
  }

  /**
   * The expectations divide by a - 1 and vanish with it (0/0 at a = 1). Within NEAR_ONE of 1 they
   * are the mean of the values at 1 -/+ 2 NEAR_ONE, where cancellation costs about 1e-16 / 2e-6 =
   * 5e-11 relative; the function is smooth in a, so the midpoint is off by O(1e-11).
   */
  private BgNbd beside(double offset) {
    return new BgNbd(r, alpha, 1 + 2 * offset, b);
  }

  @Override
  public String toString() {
    return "BG/NBD(r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + ")";
  }
}
