package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class BgNbdTest {
  // Fader, Hardie & Lee (2005), "Counting your customers the easy way", CDNOW fit (weeks).
  static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

  @Test
  void conditionalExpectationMatchesThePaper() {
    // Paper, section 5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226
    // purchases in the next 39 weeks. Three decimals as published: tolerance 0.0005.
    assertThat(CDNOW.conditionalExpectedPurchases(39, 2, 30.43, 38.86))
        .isCloseTo(1.226, within(0.0005));
  }

  @Test
  void newCustomerExpectationMatchesThePaper() {
    // Paper, Figure 1 / section 5: about 1.858 repeat purchases by week 78 for a new customer. That
    // value comes from the unrounded fit (r=0.242594, alpha=4.413595, a=0.792919, b=2.425873,
    // which gives 1.85795 here); rounding r to 3 decimals alone moves E[X(78)] by up to 0.0034,
    // so the rounded parameters are held to 0.005.
    assertThat(CDNOW.expectedPurchasesNewCustomer(78)).isCloseTo(1.858, within(0.005));
    assertThat(new BgNbd(0.242594, 4.413595, 0.792919, 2.425873).expectedPurchasesNewCustomer(78))
        .isCloseTo(1.858, within(0.0005));
  }

  @Test
  void probabilityAliveIsOneWithoutRepeatPurchasesAndFallsWithRecencyGap() {
    assertThat(CDNOW.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
    double recent = CDNOW.probabilityAlive(2, 38, 38.86);
    double lapsed = CDNOW.probabilityAlive(2, 5, 38.86);
    assertThat(recent).isBetween(0.0, 1.0).isGreaterThan(lapsed);
    assertThat(CDNOW.conditionalExpectedPurchases(0, 2, 30.43, 38.86)).isZero();
  }

  @Test
  void staysFiniteForHeavyBuyersWhereTheDirectFormOverflows() {
    // (r+x)_k (b+x)_k in the paper's 2F1 overflows for x in the hundreds; Euler's form does not.
    double heavy = CDNOW.conditionalExpectedPurchases(39, 300, 38.5, 38.86);
    assertThat(heavy).isFinite().isGreaterThan(100);
  }

  @Test
  void expectationIsContinuousThroughAEqualsOne() {
    // The closed form is 0/0 at a = 1; values just around it must bracket the value at a = 1.
    double below = new BgNbd(0.243, 4.414, 1 - 1e-4, 2.426).expectedPurchasesNewCustomer(78);
    double at = new BgNbd(0.243, 4.414, 1, 2.426).expectedPurchasesNewCustomer(78);
    double above = new BgNbd(0.243, 4.414, 1 + 1e-4, 2.426).expectedPurchasesNewCustomer(78);
    assertThat(at).isFinite().isBetween(Math.min(below, above), Math.max(below, above));
    assertThat(Math.abs(above - below)).isLessThan(1e-3);
  }

  @Test
  void recoversPlantedParametersFromSimulatedCustomers() {
    // 20000 customers simulated from BG/NBD(r=0.25, alpha=4, a=0.8, b=2.5), first purchases spread
    // over a year (T uniform on [26, 78] weeks). Tolerance: 3 standard errors from the inverse
    // observed information, per parameter.
    BgNbd planted = new BgNbd(0.25, 4, 0.8, 2.5);
    List<BgNbd.RfmCount> data = simulate(planted, 20_000, new Well19937c(2005));
    ClvFit<BgNbd> fit = BgNbd.fit(data);
    System.out.println(
        "BG/NBD planted "
            + planted
            + ", fitted "
            + fit.model()
            + " SE "
            + fit.standardErrors()
            + " LL "
            + fit.logLikelihood());
    BgNbd m = fit.model();
    assertThat(m.r()).isCloseTo(0.25, within(3 * fit.standardErrors().get("r")));
    assertThat(m.alpha()).isCloseTo(4.0, within(3 * fit.standardErrors().get("alpha")));
    assertThat(m.a()).isCloseTo(0.8, within(3 * fit.standardErrors().get("a")));
    assertThat(m.b()).isCloseTo(2.5, within(3 * fit.standardErrors().get("b")));
    assertThat(fit.customers()).isEqualTo(20_000);
  }

  @Test
  void fitDoesNotDependOnTheTimeUnit() {
    // Weeks to days: alpha scales by 7, r, a, b do not; the log-likelihood (a density of purchase
    // times) shifts by -sum(x) ln 7.
    List<BgNbd.RfmCount> weeks = simulate(new BgNbd(0.25, 4, 0.8, 2.5), 3000, new Well19937c(9));
    List<BgNbd.RfmCount> days =
        weeks.stream()
            .map(c -> new BgNbd.RfmCount(c.x(), 7 * c.tx(), 7 * c.T(), c.count()))
            .toList();
    ClvFit<BgNbd> w = BgNbd.fit(weeks);
    ClvFit<BgNbd> d = BgNbd.fit(days);
    double repeats = weeks.stream().mapToDouble(c -> c.x() * c.count()).sum();
    assertThat(d.model().r()).isCloseTo(w.model().r(), within(1e-3 * w.model().r()));
    assertThat(d.model().alpha())
        .isCloseTo(7 * w.model().alpha(), within(1e-2 * w.model().alpha()));
    assertThat(d.logLikelihood())
        .isCloseTo(w.logLikelihood() - repeats * Math.log(7), within(1e-3));
  }

  @Test
  void probabilityAliveAndConditionalExpectationAgreeWithSimulation() {
    // Independent of the closed forms: draw (lambda, p) for many customers, weight each by the
    // likelihood of the observed (x, t_x, T) under the model's own process (importance sampling
    // with lambda drawn from Gamma(r + x, alpha + t_x)), draw whether each is alive given her
    // history, then simulate her purchases in (T, T + 39]. Tolerance: 4 Monte Carlo standard
    // errors of the self-normalised estimate (about 1 in 16000 false alarms per check).
    double[][] patterns = {{0, 0, 38.86}, {2, 30.43, 38.86}, {5, 12, 38.86}, {10, 37, 38.86}};
    RandomGenerator rng = new Well19937c(78);
    for (double[] pattern : patterns) {
      int x = (int) pattern[0];
      double[] mc = simulateConditional(CDNOW, x, pattern[1], pattern[2], 39, 200_000, rng);
      double alive = CDNOW.probabilityAlive(x, pattern[1], pattern[2]);
      double expected = CDNOW.conditionalExpectedPurchases(39, x, pattern[1], pattern[2]);
      System.out.printf(
          "BG/NBD (x=%d, t_x=%.2f, T=%.2f): P(alive) %.4f vs simulated %.4f +- %.4f;"
              + " E[Y(39)] %.4f vs simulated %.4f +- %.4f%n",
          x, pattern[1], pattern[2], alive, mc[0], mc[1], expected, mc[2], mc[3]);
      assertThat(alive).isCloseTo(mc[0], within(4 * mc[1] + 1e-12));
      assertThat(expected).isCloseTo(mc[2], within(4 * mc[3]));
    }
  }

  @Test
  void refusesDataWithoutRepeatPurchases() {
    List<BgNbd.RfmCount> data =
        List.of(new BgNbd.RfmCount(0, 0, 10, 50), new BgNbd.RfmCount(0, 0, 20, 30));
    assertThatThrownBy(() -> BgNbd.fit(data))
        .hasMessage(
            "Cannot fit BG/NBD: no customer made a "
                + "repeat purchase, so purchase rate and drop-out cannot be told apart. Use a longer "
                + "calibration period or more customers, and check that customer ids are stable across "
                + "purchases");
  }

  static List<BgNbd.RfmCount> simulate(BgNbd m, int customers, RandomGenerator rng) {
    GammaDistribution rates = new GammaDistribution(rng, m.r(), 1 / m.alpha());
    BetaDistribution dropouts = new BetaDistribution(rng, m.a(), m.b());
    List<BgNbd.RfmCount> data = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      double lambda = rates.sample();
      double p = dropouts.sample();
      double bigT = 26 + 52 * rng.nextDouble();
      int x = 0;
      double tx = 0;
      double time = 0;
      while (true) {
        time += -Math.log(rng.nextDouble()) / lambda;
        if (time > bigT) {
          break;
        }
        x++;
        tx = time;
        if (rng.nextDouble() < p) {
          break;
        }
      }
      data.add(new BgNbd.RfmCount(x, tx, bigT, 1));
    }
    return data;
  }

  /** {P(alive), its SE, E[Y(t)], its SE} by self-normalised importance sampling. */
  private static double[] simulateConditional(
      BgNbd m, int x, double tx, double bigT, double t, int draws, RandomGenerator rng) {
    GammaDistribution proposal = new GammaDistribution(rng, m.r() + x, 1 / (m.alpha() + tx));
    BetaDistribution dropouts = new BetaDistribution(rng, m.a(), m.b());
    double[] logW = new double[draws];
    double[] alive = new double[draws];
    double[] future = new double[draws];
    double maxLogW = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < draws; i++) {
      double lambda = proposal.sample();
      double p = dropouts.sample();
      double liveTerm = xLogY(x, 1 - p) + xLogY(x, lambda) - lambda * bigT;
      double deadTerm =
          x == 0
              ? Double.NEGATIVE_INFINITY
              : Math.log(p) + xLogY(x - 1, 1 - p) + xLogY(x, lambda) - lambda * tx;
      double max = Math.max(liveTerm, deadTerm);
      double logL = max + Math.log(Math.exp(liveTerm - max) + Math.exp(deadTerm - max));
      logW[i] =
          logL
              + logGammaDensity(lambda, m.r(), m.alpha())
              - logGammaDensity(lambda, m.r() + x, m.alpha() + tx);
      maxLogW = Math.max(maxLogW, logW[i]);
      boolean isAlive = rng.nextDouble() < Math.exp(liveTerm - logL);
      alive[i] = isAlive ? 1 : 0;
      int purchases = 0;
      double time = 0;
      while (isAlive) {
        time += -Math.log(rng.nextDouble()) / lambda;
        if (time > t) {
          break;
        }
        purchases++;
        isAlive = rng.nextDouble() >= p;
      }
      future[i] = purchases;
    }
    double sumW = 0;
    for (int i = 0; i < draws; i++) {
      logW[i] = Math.exp(logW[i] - maxLogW);
      sumW += logW[i];
    }
    double[] aliveStats = weightedMean(logW, alive, sumW);
    double[] futureStats = weightedMean(logW, future, sumW);
    return new double[] {aliveStats[0], aliveStats[1], futureStats[0], futureStats[1]};
  }

  private static double logGammaDensity(double y, double shape, double rate) {
    return shape * Math.log(rate) + (shape - 1) * Math.log(y) - rate * y - Gamma.logGamma(shape);
  }

  /** x log y with 0 log 0 = 0 (lambda or 1 - p can underflow to 0 in a draw). */
  private static double xLogY(double x, double y) {
    return x == 0 ? 0 : x * Math.log(y);
  }

  private static double[] weightedMean(double[] w, double[] y, double sumW) {
    double mean = 0;
    for (int i = 0; i < w.length; i++) {
      mean += w[i] * y[i];
    }
    mean /= sumW;
    double var = 0;
    for (int i = 0; i < w.length; i++) {
      var += w[i] * w[i] * (y[i] - mean) * (y[i] - mean);
    }
    return new double[] {mean, Math.sqrt(var) / sumW};
  }
}
