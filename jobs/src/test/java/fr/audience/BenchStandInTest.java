package fr.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Without the bench module on the class path, bench is listed and says how to run it. */
class BenchStandInTest {
  @Test
  void benchSaysWhereTheBenchmarksAreWhenTheyAreNotOnTheClassPath() {
    assertThat(BenchStandIn.command()).isInstanceOf(BenchStandIn.class);
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute("bench", "clv", "--sizes", "1000");
    } finally {
      System.setErr(oldErr);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(
            "Cannot run bench: the benchmarks are not in the"
                + " application jar. Run them from a checkout with bin/audience bench <what>, which builds and adds the bench module");
  }
}
