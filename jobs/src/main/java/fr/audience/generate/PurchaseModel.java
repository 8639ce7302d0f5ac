package fr.audience.generate;

/**
 * One population-level BG/NBD + Gamma-Gamma parameter set for one-off purchases (time in weeks).
 * lambda ~ Gamma(R, rate ALPHA), dropout p ~ Beta(A, B) after each repeat purchase, nu ~ Gamma(Q,
 * rate GAMMA), amount ~ Gamma(P, rate nu): mean spend P * GAMMA / (Q - 1) = 40 EUR.
 */
final class PurchaseModel {
  static final double R = 0.5;
  static final double ALPHA = 4.0;
  static final double A = 0.8;
  static final double B = 2.5;
  static final double P = 6.0;
  static final double Q = 4.0;
  static final double GAMMA = 20.0;

  private PurchaseModel() {}

  /** BG/NBD expected purchases in the next {@code weeks} for a customer alive now. */
  static double expectedPurchases(double lambda, double dropout, double weeks) {
    return (1 - Math.exp(-lambda * dropout * weeks)) / dropout;
  }
}
