package fr.audience.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "sessionize",
    mixinStandardHelpOptions = true,
    header =
        "Time sessionize against a read, shuffle, sort and write floor on the same bronze day.",
    description =
        "Generate (or reuse) one day of raw JSON per size under audience.bench.out and ingest it into a "
            + "scratch lakehouse, then time, interleaved, the sessionize job for that date and its floor: "
            + "the same bronze window read by Spark, one shuffle by device, a sort by device and time, and "
            + "three Delta tables written with as many rows as silver.events, sessions and user_daily. "
            + "Writes wall and CPU seconds, their ratio and where the time goes to the report's "
            + "sessionize section.")
public final class SessionizeBenchCommand implements Callable<Integer> {
  @Mixin DayOptions days;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    BenchSettings bench = BenchSettings.from(options.config(List.of()));
    SessionizeResult result = SessionizeBenchmark.run(bench, days, options::config);
    options.writeSection("sessionize", SessionizeReport.render(result));
    for (SessionizeBenchmark.Size s : result.sizes()) {
      System.out.printf(
          "%,d users: floor / sessionize %.2f in CPU time, %.2f in wall time%n",
          s.users(), s.cpuRatio(), s.wallRatio());
    }
    System.out.printf("Written to %s%n", options.report());
    return 0;
  }
}
