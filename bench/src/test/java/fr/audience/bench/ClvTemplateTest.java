package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.clv.BgNbd;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClvTemplateTest {
  private static final ClvTemplate.Model M = ClvTemplate.Model.CDNOW;

  @Test
  void sameSeedSameBuyers() {
    assertThat(ClvTemplate.simulate(M, 200, 730, 5))
        .isEqualTo(ClvTemplate.simulate(M, 200, 730, 5));
    assertThat(ClvTemplate.simulate(M, 200, 730, 5))
        .isNotEqualTo(ClvTemplate.simulate(M, 200, 730, 6));
  }

  @Test
  void summariesAreConsistentLikeRfmOutput() {
    for (ClvTemplate.Buyer b : ClvTemplate.simulate(M, 5000, 730, 1)) {
      assertThat(b.bigTDays()).isBetween(0, 729);
      assertThat(b.txDays()).isBetween(0, b.bigTDays());
      assertThat(b.x()).isLessThanOrEqualTo(b.txDays());
      if (b.x() == 0) {
        assertThat(b.txDays()).isZero();
        assertThat(b.meanRepeatSpend()).isNull();
      } else {
        assertThat(b.txDays()).isPositive();
        assertThat(b.meanRepeatSpend()).isPositive();
      }
    }
  }

  @Test
  void repeatPurchasesFollowTheModel() {
    // Mean x over uniform T in weeks against the model's E[X(T)]; purchases on one day merge, which
    // at CDNOW's rates (under one a month on average) removes far less than the 5% allowed.
    List<ClvTemplate.Buyer> buyers = ClvTemplate.simulate(M, 40_000, 730, 3);
    BgNbd model = new BgNbd(M.r(), M.alpha(), M.a(), M.b());
    double expected =
        buyers.stream()
            .mapToDouble(b -> model.expectedPurchasesNewCustomer(b.bigTDays() / 7.0))
            .average()
            .orElseThrow();
    double simulated = buyers.stream().mapToInt(ClvTemplate.Buyer::x).average().orElseThrow();
    assertThat(simulated).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void meanRepeatSpendCentresOnThePopulationMean() {
    // Gamma-Gamma: E[spend] = p * gamma / (q - 1) = 35.22 for CDNOW; a mean of per-buyer means is
    // noisy.
    double mean =
        ClvTemplate.simulate(M, 40_000, 730, 4).stream()
            .filter(b -> b.x() > 0)
            .mapToDouble(ClvTemplate.Buyer::meanRepeatSpend)
            .average()
            .orElseThrow();
    assertThat(mean).isBetween(30.0, 41.0);
  }

  @Test
  void refusesAnEmptyTemplate() {
    assertThatThrownBy(() -> ClvTemplate.simulate(M, 0, 730, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
