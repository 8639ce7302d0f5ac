package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        .contains("Usage: audience bench", "ingest", "sessionize", "clv", "segments", "churn");
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

  @Test
  void dayOptionsGiveSortedSizesAndFewerRunsAtTheLargest() {
    SessionizeBenchCommand command = new SessionizeBenchCommand();
    new CommandLine(command)
        .parseArgs("--users", "960000,240000", "--runs", "3", "--runs-at-largest", "1");
    BenchSettings bench = new BenchSettings(1, 5, java.nio.file.Path.of("out"));
    List<Integer> sizes = command.days.sizes("sessionize");
    assertThat(sizes).containsExactly(240_000, 960_000);
    assertThat(command.days.runs(bench, sizes, 240_000)).isEqualTo(3);
    assertThat(command.days.runs(bench, sizes, 960_000)).isEqualTo(1);

    IngestBenchCommand defaults = new IngestBenchCommand();
    new CommandLine(defaults).parseArgs();
    List<Integer> defaultSizes = defaults.days.sizes("ingest");
    assertThat(defaultSizes).containsExactly(240_000, 960_000);
    assertThat(defaults.days.runs(bench, defaultSizes, 960_000)).isEqualTo(5);
  }

  @Test
  void everyBenchmarkWithALargestSizeNamesItsRunsAlike() {
    for (Object command :
        List.of(
            new IngestBenchCommand(),
            new SessionizeBenchCommand(),
            new SegmentBenchCommand(),
            new ChurnBenchCommand())) {
      assertThat(new CommandLine(command).getCommandSpec().findOption("--runs-at-largest"))
          .as(command.getClass().getSimpleName())
          .isNotNull();
    }
    assertThat(new CommandLine(new ClvBenchCommand()).getCommandSpec().findOption("--runs"))
        .isNotNull();
  }
}
