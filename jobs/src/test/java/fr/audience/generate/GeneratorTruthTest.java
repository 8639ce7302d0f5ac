package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted distributions hold on a moderately sized run. Tolerances are 4 standard errors of the
 * sample statistic (sd / sqrt(n), sd from the planted distribution), so a correct generator fails
 * with probability below 1e-4 per check while a wrong parameter is caught.
 */
class GeneratorTruthTest {
  static final int USERS = 20_000;
  static final double SIGMAS = 4;

  @TempDir static Path out;
  static List<Map<String, String>> users;

  @BeforeAll
  static void generate() throws IOException {
    Generator.generate(Runs.settings(out, USERS, 1, 3, 0.01));
    users = Runs.csv(out.resolve("_truth/users.csv"));
  }

  @Test
  void thetaPerPlanIsBetaDistributedAroundItsPlantedMean() {
    for (Plan plan : Plan.values()) {
      double[] theta =
          users.stream()
              .filter(u -> u.get("plan").equals(plan.id))
              .mapToDouble(u -> Double.parseDouble(u.get("churn_theta")))
              .toArray();
      double a = plan.alpha;
      double b = plan.beta;
      double sd = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
      assertThat(theta.length).as(plan.id).isGreaterThan(100);
      assertThat(mean(theta))
          .as(plan.id)
          .isCloseTo(a / (a + b), within(SIGMAS * sd / Math.sqrt(theta.length)));
    }
  }

  @Test
  void churnProbabilityIsThetaForSubscribersActiveAtTheEndOnly() {
    for (Map<String, String> u : users) {
      boolean active = Boolean.parseBoolean(u.get("subscriber_at_end"));
      assertThat(u.get("churn_prob_30d")).isEqualTo(active ? u.get("churn_theta") : "");
    }
  }

  @Test
  void segmentSharesMatchTheirWeights() {
    for (int s = 0; s < Segments.ALL.size(); s++) {
      String id = Integer.toString(s);
      double w = Segments.ALL.get(s).weight();
      long n = users.stream().filter(u -> u.get("segment_id").equals(id)).count();
      assertThat((double) n / USERS)
          .as(Segments.ALL.get(s).name())
          .isCloseTo(w, within(SIGMAS * Math.sqrt(w * (1 - w) / USERS)));
    }
  }

  @Test
  void purchaseRatesAndSpendFollowThePopulationParameters() {
    double[] lambda = column("purchase_lambda_week");
    // Gamma(r, rate alpha): mean r / alpha, sd sqrt(r) / alpha.
    assertThat(mean(lambda))
        .isCloseTo(
            PurchaseModel.R / PurchaseModel.ALPHA,
            within(
                SIGMAS
                    * Math.sqrt(PurchaseModel.R)
                    / PurchaseModel.ALPHA
                    / Math.sqrt(lambda.length)));
    double[] nu = column("spend_nu");
    assertThat(mean(nu))
        .isCloseTo(
            PurchaseModel.Q / PurchaseModel.GAMMA,
            within(
                SIGMAS * Math.sqrt(PurchaseModel.Q) / PurchaseModel.GAMMA / Math.sqrt(nu.length)));
    double[] dropout = column("purchase_dropout_p");
    double a = PurchaseModel.A;
    double b = PurchaseModel.B;
    assertThat(mean(dropout))
        .isCloseTo(
            a / (a + b),
            within(
                SIGMAS
                    * Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
                    / Math.sqrt(dropout.length)));
  }

  @Test
  void paramsRecordThePopulationParameters() throws IOException {
    JsonNode params = new ObjectMapper().readTree(out.resolve("_truth/params.json").toFile());
    assertThat(params.get("as_of_date").asText()).isEqualTo("2026-03-02");
    assertThat(params.at("/plans/digital/alpha").asDouble()).isEqualTo(Plan.DIGITAL.alpha);
    assertThat(params.at("/purchases/r").asDouble()).isEqualTo(PurchaseModel.R);
    assertThat(params.get("segments")).hasSize(Segments.ALL.size());
  }

  private static double[] column(String name) {
    return users.stream()
        .map(u -> u.get(name))
        .filter(v -> !v.isEmpty())
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
