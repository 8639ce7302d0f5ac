package fr.audience.clv;

import fr.audience.core.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Gamma;
import org.apache.spark.sql.Column;

/**
 * Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using
 * iso-value curves"; Fader &amp; Hardie 2013, "The Gamma-Gamma model of monetary value"): each
 * transaction's value is Gamma(p, nu), nu ~ Gamma(q, gamma) across customers, independent of the
 * purchase process. A customer is summarised by x transactions with mean value m.
 */
public final class GammaGamma {
  static final String NAME = "Gamma-Gamma";
  private static final String REMEDY =
      "Fit on customers with at least one repeat purchase and "
          + "varied amounts, and check the amount column";

  /** {@code count} customers with {@code x} transactions of mean value {@code meanSpend}. */
  public record SpendCount(int x, double meanSpend, double count) {}

  private final double p;
  private final double q;
  private final double gamma;

  public GammaGamma(double p, double q, double gamma) {
    for (double v : new double[] {p, q, gamma}) {
      if (!(v > 0 && Double.isFinite(v))) {
        throw Errors.cannot(
            "build the Gamma-Gamma model",
            "p, q, gamma must be positive and "
                + "finite, got p="
                + p
                + ", q="
                + q
                + ", gamma="
                + gamma,
            "Fit the model or pass fitted parameters");
      }
    }
    this.p = p;
    this.q = q;
    this.gamma = gamma;
  }

  public double p() {
    return p;
  }

  public double q() {
    return q;
  }

  public double gamma() {
    return gamma;
  }

  /** E[Z] = p gamma / (q - 1); infinite when q &lt;= 1 (the spend distribution has no mean). */
  public double populationMeanSpend() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * E[Z | m, x] = p (gamma + m x) / (p x + q - 1): a weighted average of the population mean and
   * the customer's own mean (2013 note, eq. 5).
   */
  public double conditionalExpectedSpend(int x, double meanSpend) {
    return p * (gamma + meanSpend * x) / (p * x + q - 1);
  }

  /**
   * Density of the observed mean m given x (2013 note, eq. 3): Gamma(px+q)/(Gamma(px) Gamma(q))
   * gamma^q m^(px-1) x^(px) / (gamma + m x)^(px+q).
   */
  public static double logLikelihood(double p, double q, double gamma, int x, double m) {
    double px = p * x;
    return Gamma.logGamma(px + q)
        - Gamma.logGamma(px)
        - Gamma.logGamma(q)
        + q * Math.log(gamma)
        + (px - 1) * Math.log(m)
        + px * Math.log(x)
        - (px + q) * Math.log(gamma + m * x);
  }

  public static double logLikelihood(double p, double q, double gamma, List<SpendCount> data) {
    double ll = 0;
    for (SpendCount c : data) {
      ll += c.count() * logLikelihood(p, q, gamma, c.x(), c.meanSpend());
    }
    return ll;
  }

  public static ClvFit<GammaGamma> fit(List<SpendCount> data) {
    double customers = 0;
    double spend = 0;
    for (SpendCount c : data) {
      if (c.x() < 1
          || !(c.meanSpend() > 0)
          || !Double.isFinite(c.meanSpend())
          || !(c.count() >= 0)) {
        throw Errors.cannot(
            "fit the Gamma-Gamma model",
            "invalid summary " + c,
            "Need x >= 1 transactions, a positive finite mean spend and a count >= 0");
      }
      customers += c.count();
      spend += c.count() * c.meanSpend();
    }
    if (customers == 0) {
      throw Errors.cannotFit(NAME, "there are no customers with a repeat purchase", REMEDY);
    }
    // Fit in units of the mean spend: gamma scales with the currency unit (cents, yen) while p
    // and q do not, so this keeps gamma inside the optimizer's bounds for any log.
    double scale = spend / customers;
    List<SpendCount> scaled =
        data.stream().map(c -> new SpendCount(c.x(), c.meanSpend() / scale, c.count())).toList();
    MaxLikelihood.Result res =
        MaxLikelihood.maximize(
            NAME,
            new String[] {"p", "q", "gamma"},
            v -> logLikelihood(v[0], v[1], v[2], scaled),
            customers,
            REMEDY,
            new double[] {1, 2, 1},
            new double[] {5, 3, 0.4},
            new double[] {2, 1.5, 0.25});
    double[] v = res.params();
    GammaGamma model = new GammaGamma(v[0], v[1], v[2] * scale);
    Map<String, Double> errors = new LinkedHashMap<>(res.standardErrors());
    errors.put("gamma", errors.get("gamma") * scale);
    return new ClvFit<>(
        model, logLikelihood(model.p, model.q, model.gamma, data), customers, errors);
  }

  /** E[Z | m, x] per row, the same closed form as {@link #conditionalExpectedSpend}. */
  public static Column conditionalExpectedSpendColumn(
      GammaGamma model, Column x, Column meanSpend) {
    return meanSpend
        .multiply(x)
        .plus(model.gamma)
        .multiply(model.p)
        .divide(x.multiply(model.p).plus(model.q - 1));
  }

  @Override
  public String toString() {
    return "Gamma-Gamma(p=" + p + ", q=" + q + ", gamma=" + gamma + ")";
  }
}
