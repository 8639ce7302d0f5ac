package fr.audience.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A benchmark that times a job against its floor on the generated benchmark days (ingest,
 * sessionize): measures, writes its section of the report, prints each size's ratios.
 */
abstract class FloorBenchCommand implements Callable<Integer> {
  @Mixin DayOptions days;

  @Mixin BenchOptions options;

  private final String section;
  private final String job;

  /**
   * @param section the report's section, also the benchmark's name
   * @param job what the floor is compared with in the printed ratios
   */
  FloorBenchCommand(String section, String job) {
    this.section = section;
    this.job = job;
  }

  /** The measurements of every size, with the section they make. */
  record Outcome(String markdown, List<? extends FloorRatios> sizes) {}

  abstract Outcome measure(BenchSettings bench) throws IOException;

  @Override
  public Integer call() throws Exception {
    Outcome outcome = measure(BenchSettings.from(options.config(List.of())));
    options.writeSection(section, outcome.markdown());
    for (FloorRatios s : outcome.sizes()) {
      System.out.printf(
          "%,d users: floor / %s %.2f in CPU time, %.2f in wall time%n",
          s.users(), job, s.cpuRatio(), s.wallRatio());
    }
    System.out.printf("Written to %s%n", options.report());
    return 0;
  }
}
