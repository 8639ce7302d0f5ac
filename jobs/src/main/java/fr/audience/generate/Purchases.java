package fr.audience.generate;

import java.util.Arrays;

/**
 * A buyer's one-off purchases under BG/NBD + Gamma-Gamma: first purchase uniform over
 * [historyStart, windowEnd), then purchases at Poisson rate lambda per week; after each repeat
 * purchase the buyer drops out with probability p (as in Fader, Hardie and Lee 2005, never after
 * the first). Amounts are Gamma(P, rate nu).
 */
final class Purchases {
  /**
   * Guards against a pathological lambda draw; never reached with the planted parameters in
   * practice.
   */
  static final int MAX_PURCHASES = 5000;

  static final double DAYS_PER_WEEK = 7;

  final double lambdaPerWeek;
  final double dropout;
  final double nu;

  /** Purchase instants in fractional epoch days. */
  final double[] times;

  final double[] amounts;
  final int[] products;
  final boolean aliveAtEnd;

  private Purchases(
      double lambda,
      double dropout,
      double nu,
      double[] times,
      double[] amounts,
      int[] products,
      boolean alive) {
    this.lambdaPerWeek = lambda;
    this.dropout = dropout;
    this.nu = nu;
    this.times = times;
    this.amounts = amounts;
    this.products = products;
    this.aliveAtEnd = alive;
  }

  static Purchases draw(Rng rng, long historyStart, long windowEnd) {
    double lambda = rng.gamma(PurchaseModel.R, PurchaseModel.ALPHA);
    double p = rng.beta(PurchaseModel.A, PurchaseModel.B);
    double nu = rng.gamma(PurchaseModel.Q, PurchaseModel.GAMMA);
    double[] times = new double[8];
    double[] amounts = new double[8];
    int[] products = new int[8];
    double t = historyStart + rng.uniform() * (windowEnd - historyStart);
    int n = 0;
    boolean alive = true;
    while (n < MAX_PURCHASES) {
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        amounts = Arrays.copyOf(amounts, n * 2);
        products = Arrays.copyOf(products, n * 2);
      }
      times[n] = t;
      amounts[n] = Math.max(0.01, Math.round(rng.gamma(PurchaseModel.P, nu) * 100) / 100.0);
      products[n] = rng.pick(Vocab.PRODUCT_CUM);
      n++;
      if (n > 1 && rng.chance(p)) {
        alive = false;
        break;
      }
      t += rng.exponential(DAYS_PER_WEEK / lambda);
      if (t >= windowEnd) {
        break;
      }
    }
    return new Purchases(
        lambda,
        p,
        nu,
        Arrays.copyOf(times, n),
        Arrays.copyOf(amounts, n),
        Arrays.copyOf(products, n),
        alive);
  }

  double expectedSpendPerPurchase() {
    return PurchaseModel.P / nu;
  }

  double expectedPurchases(double weeks) {
    return aliveAtEnd ? PurchaseModel.expectedPurchases(lambdaPerWeek, dropout, weeks) : 0;
  }

  String orderId(String userId, int purchase) {
    return "o" + userId.substring(1) + "-" + (purchase + 1);
  }
}
