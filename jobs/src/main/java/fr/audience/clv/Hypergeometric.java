package fr.audience.clv;

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 by its power series.
 *
 * <p>The models only need z in [0, 1), where the series converges; the caller picks the
 * transformation (Euler's, for BG/NBD) that keeps its coefficients bounded.
 */
final class Hypergeometric {
  static final int MAX_TERMS = 2_000_000;
  private static final double RELATIVE_TOLERANCE = 1e-15;

  private Hypergeometric() {}

  static double hyp2f1(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("2F1 series needs 0 <= z < 1, got z = " + z);
    }
    if (c <= 0 && c == Math.rint(c)) {
      throw new IllegalArgumentException("2F1 is undefined for c = " + c);
    }
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      term *= ratio;
      sum += term;
      if (term == 0) {
        return sum;
      }
      double rho = laterRatioBound(a, b, c, z, k + 1);
      if (rho < 1 && Math.abs(term) * rho / (1 - rho) <= RELATIVE_TOLERANCE * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "2F1("
            + a
            + ", "
            + b
            + "; "
            + c
            + "; "
            + z
            + ") did not converge in "
            + MAX_TERMS
            + " terms (z too close to 1)");
  }

  /**
   * An upper bound on |ratio_j| for every j &gt;= k, so that the tail after the current term is at
   * most |term| rho / (1 - rho). Once a+j, b+j, c+j are positive, (a+j)/(c+j), (b+j)/(j+1),
   * (a+j)/(j+1) and (b+j)/(c+j) each move monotonically towards 1, so each is bounded by max(its
   * value at k, 1); either pairing of the four gives a bound, and the smaller is kept.
   */
  static double laterRatioBound(double a, double b, double c, double z, int k) {
    if (a + k <= 0 || b + k <= 0 || c + k <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    double first = Math.max((a + k) / (c + k), 1) * Math.max((b + k) / (k + 1.0), 1);
    double second = Math.max((a + k) / (k + 1.0), 1) * Math.max((b + k) / (c + k), 1);
    return z * Math.min(first, second);
  }
}
