package fr.audience.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks; each rewrites its own section of docs/benchmarks.md.",
        "Not tests: figures depend on the machine and its load."},
    subcommands = {IngestBenchCommand.class, ClvBenchCommand.class, SegmentBenchCommand.class,
        ChurnBenchCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
