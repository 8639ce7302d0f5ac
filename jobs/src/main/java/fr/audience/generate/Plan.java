package fr.audience.generate;

/**
 * Subscription plans. Each subscriber's per-period cancel probability is Beta(alpha, beta) for the
 * plan: the shifted-beta-geometric ground truth the churn and CLV models must recover.
 */
enum Plan {
  DIGITAL("digital", 9.99, 1.0, 3.0),
  PRINT("print", 29.90, 1.0, 6.0),
  BUNDLE("bundle", 34.90, 0.9, 7.0);

  static final int PERIOD_DAYS = 30;

  final String id;
  final double priceEur;
  final double alpha;
  final double beta;

  Plan(String id, double priceEur, double alpha, double beta) {
    this.id = id;
    this.priceEur = priceEur;
    this.alpha = alpha;
    this.beta = beta;
  }

  double meanTheta() {
    return alpha / (alpha + beta);
  }

  /** E[logit theta] under Beta(alpha, beta): the centre of the engagement-vs-churn link. */
  double meanLogitTheta() {
    return digamma(alpha) - digamma(beta);
  }

  private static double digamma(double x) {
    double shift = 0;
    while (x < 6) {
      shift -= 1 / x;
      x += 1;
    }
    double inv2 = 1 / (x * x);
    return shift
        + Math.log(x)
        - 0.5 / x
        - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252)));
  }
}
