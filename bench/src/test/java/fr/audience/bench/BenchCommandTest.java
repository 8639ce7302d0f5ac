package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * With this module on the class path (as bin/audience bench runs it), Main's bench is the real
 * command.
 */
class BenchCommandTest {
  @Test
  void mainRegistersTheBenchmarks() {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.execute("bench", "--help");
    } finally {
      System.setOut(oldOut);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: audience bench", "ingest", "clv", "segments", "churn");
  }

  @Test
  void eachBenchmarkIsSummedUpInOneWholeSentence() {
    CommandLine bench = new CommandLine(new BenchCommand());
    assertThat(bench.getSubcommands()).isNotEmpty();
    for (CommandLine command : bench.getSubcommands().values()) {
      String[] header = command.getCommandSpec().usageMessage().header();
      assertThat(header).as(command.getCommandName()).hasSize(1);
      assertThat(header[0]).as(command.getCommandName()).endsWith(".").doesNotContain(". ");
    }
  }
}
