package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class GammaGammaTest {
  // Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", CDNOW fit.
  static final GammaGamma CDNOW = new GammaGamma(6.25, 3.74, 15.44);

  @Test
  void populationMeanSpendMatchesTheNote() {
    // p gamma / (q - 1) = 6.25 * 15.44 / 2.74 = 35.22 (published to 2 decimals: tolerance 0.005).
    assertThat(CDNOW.populationMeanSpend()).isCloseTo(35.22, within(0.005));
  }

  @Test
  void conditionalSpendIsAWeightedAverageOfPopulationAndOwnMean() {
    // 2013 note, eq. 5: weight px / (px + q - 1) on the customer's own mean.
    int x = 4;
    double m = 60;
    double w = 6.25 * x / (6.25 * x + 3.74 - 1);
    assertThat(CDNOW.conditionalExpectedSpend(x, m))
        .isCloseTo((1 - w) * CDNOW.populationMeanSpend() + w * m, within(1e-9));
  }

  @Test
  void recoversPlantedParametersFromSimulatedCustomers() {
    // 5000 repeat buyers from Gamma-Gamma(p=6, q=4, gamma=15), x uniform on 1..8 transactions.
    // Tolerance: 3 standard errors from the inverse observed information, per parameter.
    List<GammaGamma.SpendCount> data =
        simulate(new GammaGamma(6, 4, 15), 5000, new Well19937c(2013));
    ClvFit<GammaGamma> fit = GammaGamma.fit(data);
    System.out.println(
        "Gamma-Gamma planted p=6 q=4 gamma=15, fitted "
            + fit.model()
            + " SE "
            + fit.standardErrors());
    assertThat(fit.model().p()).isCloseTo(6.0, within(3 * fit.standardErrors().get("p")));
    assertThat(fit.model().q()).isCloseTo(4.0, within(3 * fit.standardErrors().get("q")));
    assertThat(fit.model().gamma()).isCloseTo(15.0, within(3 * fit.standardErrors().get("gamma")));
  }

  @Test
  void fitDoesNotDependOnTheCurrencyUnit() {
    // Spend in cents instead of euros: gamma scales by 100, p and q and the fit quality do not
    // (the log-likelihood shifts by -customers * ln 100, the Jacobian of the unit change).
    List<GammaGamma.SpendCount> euros = simulate(new GammaGamma(6, 4, 15), 2000, new Well19937c(5));
    List<GammaGamma.SpendCount> cents =
        euros.stream()
            .map(c -> new GammaGamma.SpendCount(c.x(), 100 * c.meanSpend(), c.count()))
            .toList();
    ClvFit<GammaGamma> e = GammaGamma.fit(euros);
    ClvFit<GammaGamma> c = GammaGamma.fit(cents);
    assertThat(c.model().p()).isCloseTo(e.model().p(), within(1e-4 * e.model().p()));
    assertThat(c.model().gamma())
        .isCloseTo(100 * e.model().gamma(), within(1e-2 * e.model().gamma()));
    assertThat(c.logLikelihood()).isCloseTo(e.logLikelihood() - 2000 * Math.log(100), within(1e-3));
  }

  @Test
  void refusesNonPositiveSpend() {
    assertThatThrownBy(() -> GammaGamma.fit(List.of(new GammaGamma.SpendCount(2, 0, 3))))
        .hasMessageStartingWith("Cannot fit the Gamma-Gamma model: invalid summary");
  }

  static List<GammaGamma.SpendCount> simulate(GammaGamma m, int customers, RandomGenerator rng) {
    GammaDistribution rates = new GammaDistribution(rng, m.q(), 1 / m.gamma());
    List<GammaGamma.SpendCount> data = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      double nu = rates.sample();
      int x = 1 + rng.nextInt(8);
      GammaDistribution spend = new GammaDistribution(rng, m.p(), 1 / nu);
      double total = 0;
      for (int j = 0; j < x; j++) {
        total += spend.sample();
      }
      data.add(new GammaGamma.SpendCount(x, total / x, 1));
    }
    return data;
  }
}
