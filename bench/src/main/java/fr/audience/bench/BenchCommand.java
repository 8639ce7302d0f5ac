package fr.audience.bench;

import fr.audience.BenchStandIn;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * bin/audience bench: Main registers it by class name when the bench module is on the class path.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = BenchStandIn.HEADER,
    description = "Not tests: figures depend on the machine and its load.",
    subcommands = {
      IngestBenchCommand.class,
      SessionizeBenchCommand.class,
      ClvBenchCommand.class,
      SegmentBenchCommand.class,
      ChurnBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
