package fr.audience.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.audience.CommandRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data scientists' commands through the real command line: output on stdout, one-line errors.
 */
class ClvCommandTest {
  @TempDir Path dir;

  private static CommandRun execute(String... args) {
    return CommandRun.of(args);
  }

  private Path write(String name, String... lines) throws Exception {
    return Files.write(
        dir.resolve(name), String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fitSbgMatchesFaderAndHardie2007() throws Exception {
    // Fader & Hardie (2007), "How to project customer retention", survivors at the start of
    // years 0..7; published fits regular alpha 0.704, beta 1.182, high end 0.668, 3.806 (3 digits).
    StringBuilder csv = new StringBuilder("cohort,period,alive\n");
    long[] regular = {1000, 631, 468, 382, 326, 289, 262, 241};
    long[] highEnd = {1000, 869, 743, 653, 593, 551, 517, 491};
    for (int t = 0; t < regular.length; t++) {
      csv.append("regular,").append(t).append(',').append(regular[t]).append('\n');
      csv.append("high end,").append(t).append(',').append(highEnd[t]).append('\n');
    }
    Path file = Files.writeString(dir.resolve("survival.csv"), csv);
    CommandRun r = execute("clv", "fit-sbg", "--survival", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode cohorts = new ObjectMapper().readTree(r.out()).get("cohorts");
    JsonNode reg = cohorts.get(0);
    JsonNode high = cohorts.get(1);
    assertThat(reg.get("cohort").asText()).isEqualTo("regular");
    assertThat(reg.get("alpha").asDouble()).isCloseTo(0.704, within(0.01 * 0.704));
    assertThat(reg.get("beta").asDouble()).isCloseTo(1.182, within(0.01 * 1.182));
    assertThat(reg.get("log_likelihood").asDouble()).isCloseTo(-1680.3, within(0.5));
    assertThat(high.get("cohort").asText()).isEqualTo("high end");
    assertThat(high.get("alpha").asDouble()).isCloseTo(0.668, within(0.01 * 0.668));
    assertThat(high.get("beta").asDouble()).isCloseTo(3.806, within(0.01 * 3.806));
  }

  @Test
  void fitSbgNamesTheBadLineInOneLine() throws Exception {
    Path file = write("bad.csv", "cohort,period,alive", "a,0,100", "a,1,x50");
    CommandRun r = execute("clv", "fit-sbg", "--survival", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "Cannot read "
                + file
                + ": line 3 has invalid alive 'x50'. Use a whole number >= 0"
                + System.lineSeparator());
  }

  @Test
  void fitPrintsBothModelsAsJson() throws Exception {
    // The command's wiring, options and output; recovery on simulated logs is ClvFitToolTest's.
    // 400 buyers from BG/NBD(r = 1, alpha = 5, a = 1, b = 3): exponential weekly rates and
    // Beta(1, 3) drop-out after each repeat purchase, both drawn by inversion.
    StringBuilder csv = new StringBuilder("customer_id,date,amount\n");
    java.util.Random random = new java.util.Random(7);
    java.time.LocalDate start = java.time.LocalDate.parse("2024-01-01");
    for (int c = 0; c < 400; c++) {
      double rate = -Math.log(1 - random.nextDouble()) / 5;
      double dropout = 1 - Math.pow(1 - random.nextDouble(), 1 / 3.0);
      double mean = 10 + random.nextDouble() * 40;
      double day = random.nextInt(100);
      for (int n = 0; day < 400; n++) {
        csv.append('c')
            .append(c)
            .append(',')
            .append(start.plusDays((long) day))
            .append(',')
            .append(
                String.format(java.util.Locale.ROOT, "%.2f", mean * (0.5 + random.nextDouble())))
            .append('\n');
        if (n > 0 && random.nextDouble() < dropout) {
          break;
        }
        day += -Math.log(1 - random.nextDouble()) * 7 / rate;
      }
    }
    Path file = Files.writeString(dir.resolve("tx.csv"), csv);
    CommandRun r =
        execute(
            "clv",
            "fit",
            "--transactions",
            file.toString(),
            "--calibration-end",
            "2025-01-31",
            "--time-unit",
            "week");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/input/customers").asLong()).isEqualTo(400);
    assertThat(json.at("/bg_nbd/r").asDouble()).isPositive();
    assertThat(json.at("/gamma_gamma/p").asDouble()).isPositive();
  }

  @Test
  void fitNamesTheBadLineInOneLine() throws Exception {
    Path file = write("tx.csv", "customer_id,date,amount", "a,2024-01-01,10", "a,2024-13-01,12");
    CommandRun r =
        execute("clv", "fit", "--transactions", file.toString(), "--calibration-end", "2024-12-31");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Cannot read "
                + file
                + ": line 3 has unparsable date '2024-13-01'. "
                + "Use yyyy-MM-dd or yyyyMMdd"
                + System.lineSeparator());
  }

  @Test
  void aMissingFileIsOneLine() {
    CommandRun r = execute("clv", "fit-sbg", "--survival", dir.resolve("none.csv").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Cannot read "
                + dir.resolve("none.csv")
                + ": no such file. Check the path"
                + System.lineSeparator());
  }
}
