package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.audience.core.AudienceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClvFitToolTest {
  private static final LocalDate END = LocalDate.parse("2020-02-29");
  @TempDir Path dir;

  @Test
  void summarisesTransactionsAsTheBgNbdPaperDoes() throws IOException {
    Path csv =
        write(
            "tx.csv",
            "customer_id,date,amount",
            "a,2020-01-01,10",
            "a,2020-01-01,5", // same day as above: one purchase of 15
            "a,20200115,20", // yyyyMMdd accepted
            "a,2020-02-05,30",
            "",
            "b,2020-01-10,8",
            "b,2020-03-02,9", // after the calibration end: ignored
            "c,2020-03-01,12"); // only after the end: customer ignored
    ClvFitTool.Summary s = ClvFitTool.summarise(csv, END, "week");
    assertThat(s.linesRead()).isEqualTo(7);
    assertThat(s.customers()).isEqualTo(2);
    assertThat(s.purchaseDays()).isEqualTo(4);
    assertThat(s.ignoredTransactions()).isEqualTo(2);
    assertThat(s.ignoredCustomers()).isEqualTo(1);
    // a: first purchase 2020-01-01, repeats on 01-15 and 02-05 -> x = 2, t_x = 35/7 = 5 weeks,
    // T = 59/7 weeks; mean repeat spend (20 + 30) / 2 = 25, the first day's 15 excluded.
    // b: x = 0, T = 50/7 weeks.
    assertThat(s.rfm())
        .containsExactlyInAnyOrder(
            new BgNbd.RfmCount(2, 5.0, 59 / 7.0, 1), new BgNbd.RfmCount(0, 0.0, 50 / 7.0, 1));
    assertThat(s.spend()).containsExactly(new GammaGamma.SpendCount(2, 25.0, 1));
  }

  @Test
  void fitsASimulatedLogAndReportsItAsJson() throws IOException {
    // 3000 customers with weekly purchase rates and drop-out from BG/NBD(0.5, 2, 0.8, 2.5), spend
    // from Gamma-Gamma(6, 4, 15). Purchase times are cut to whole days and same-day purchases
    // merge, which the continuous-time model does not know about, so this checks the command end
    // to end with loose bounds; exact recovery is proven in BgNbdTest and GammaGammaTest.
    Random random = new Random(3);
    List<String> lines = new ArrayList<>(List.of("customer_id,date,amount"));
    LocalDate start = LocalDate.parse("2019-01-01");
    for (int i = 0; i < 3000; i++) {
      double lambda = gamma(random, 0.5) / 2.0;
      double p = beta(random, 0.8, 2.5);
      double nu = gamma(random, 4) / 15.0;
      LocalDate first = start.plusDays(random.nextInt(180));
      double week = 0;
      lines.add("c" + i + "," + first + ",10");
      while (true) {
        week += -Math.log(random.nextDouble()) / lambda;
        LocalDate d = first.plusDays((long) (week * 7));
        if (d.isAfter(END)) {
          break;
        }
        lines.add(
            "c"
                + i
                + ","
                + d.toString().replace("-", "")
                + ","
                + String.format("%.2f", gamma(random, 6) / nu));
        if (random.nextDouble() < p) {
          break;
        }
      }
    }
    JsonNode json =
        new ObjectMapper()
            .readTree(
                ClvFitTool.fitTransactions(
                    write("sim.csv", lines.toArray(String[]::new)), END, "week"));
    assertThat(json.at("/input/customers").asLong()).isEqualTo(3000);
    assertThat(json.at("/bg_nbd/customers").asLong()).isEqualTo(3000);
    assertThat(json.at("/bg_nbd/r").asDouble()).isCloseTo(0.5, within(0.15));
    assertThat(json.at("/bg_nbd/log_likelihood").asDouble()).isNegative();
    assertThat(json.at("/gamma_gamma/population_mean_spend").asDouble())
        .isCloseTo(6 * 15 / 3.0, within(5.0));
    assertThat(json.at("/input/ignored/transactions_after_calibration_end").isNumber()).isTrue();
    System.out.println(json);
  }

  @Test
  void badTransactionFilesNameTheLine() throws IOException {
    assertThatThrownBy(
            () ->
                ClvFitTool.fitTransactions(
                    write("a.csv", "customer_id,date", "a,2020-01-01"), END, "week"))
        .isInstanceOf(AudienceException.class)
        .hasMessage(
            "Cannot read "
                + dir.resolve("a.csv")
                + ": line 1 (the header) lacks the "
                + "column amount. The header must name customer_id,date,amount");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitTransactions(
                    write("b.csv", "customer_id,date,amount", "a,2020-01-01,3", "a,01/02/2020,4"),
                    END,
                    "week"))
        .hasMessage(
            "Cannot read "
                + dir.resolve("b.csv")
                + ": line 3 has unparsable date "
                + "'01/02/2020'. Use yyyy-MM-dd or yyyyMMdd");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitTransactions(
                    write("c.csv", "customer_id,date,amount", "a,2020-01-01,-3"), END, "week"))
        .hasMessage(
            "Cannot read "
                + dir.resolve("c.csv")
                + ": line 2 has negative amount -3. "
                + "Net returns and refunds out of the log before fitting");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitTransactions(
                    write("d.csv", "customer_id,date,amount", "a,2020-01-01"), END, "week"))
        .hasMessage(
            "Cannot read "
                + dir.resolve("d.csv")
                + ": line 2 has 2 fields where the "
                + "header has 3. Check for a missing value or a stray comma");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitTransactions(
                    write("e.csv", "customer_id,date,amount", "a,2020-01-01,1"), END, "fortnight"))
        .hasMessage(
            "Cannot fit transactions: unknown time unit 'fortnight'. " + "Use day, week or month");
  }

  @Test
  void fitsSurvivalPerCohort() throws IOException {
    List<String> lines = new ArrayList<>(List.of("cohort,period,alive"));
    for (int t = 0; t < ShiftedBetaGeometricTest.REGULAR.length; t++) {
      lines.add("regular," + t + "," + ShiftedBetaGeometricTest.REGULAR[t]);
      lines.add("high end," + t + "," + ShiftedBetaGeometricTest.HIGH_END[t]);
    }
    JsonNode json =
        new ObjectMapper()
            .readTree(ClvFitTool.fitSurvival(write("s.csv", lines.toArray(String[]::new))));
    // Fader & Hardie (2007) published fits, 1% tolerance as in ShiftedBetaGeometricTest.
    assertThat(json.at("/cohorts/0/cohort").asText()).isEqualTo("regular");
    assertThat(json.at("/cohorts/0/alpha").asDouble()).isCloseTo(0.704, within(0.00704));
    assertThat(json.at("/cohorts/1/beta").asDouble()).isCloseTo(3.806, within(0.03806));
    assertThat(json.at("/cohorts/1/log_likelihood").asDouble()).isCloseTo(-1611.2, within(0.5));
  }

  @Test
  void badSurvivalFilesNameTheLineOrCohort() throws IOException {
    assertThatThrownBy(
            () ->
                ClvFitTool.fitSurvival(
                    write("s1.csv", "cohort,period,alive", "x,0,100", "x,1,abc")))
        .hasMessage(
            "Cannot read "
                + dir.resolve("s1.csv")
                + ": line 3 has invalid alive 'abc'. "
                + "Use a whole number >= 0");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitSurvival(write("s2.csv", "cohort,period,alive", "x,0,100", "x,2,50")))
        .hasMessageContaining("cohort 'x' lacks period 1");
    assertThatThrownBy(
            () ->
                ClvFitTool.fitSurvival(
                    write("s3.csv", "cohort,period,alive", "x,0,100", "x,1,100", "x,2,100")))
        .isInstanceOf(AudienceException.class)
        .hasMessageStartingWith(
            "Cannot fit shifted-beta-geometric for cohort 'x': no customer " + "churned.");
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  /** Marsaglia-Tsang gamma(shape, 1) draw, with the shape < 1 boost. */
  private static double gamma(Random random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1 / 3.0;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(random.nextDouble()) < z * z / 2 + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  private static double beta(Random random, double a, double b) {
    double x = gamma(random, a);
    return x / (x + gamma(random, b));
  }
}
