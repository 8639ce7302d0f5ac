package fr.audience.bench;

import java.io.IOException;
import picocli.CommandLine.Command;

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
public final class SessionizeBenchCommand extends FloorBenchCommand {
  public SessionizeBenchCommand() {
    super("sessionize", "sessionize");
  }

  @Override
  Outcome measure(BenchSettings bench) throws IOException {
    SessionizeResult result = SessionizeBenchmark.run(bench, days, options::config);
    return new Outcome(SessionizeReport.render(result), result.sizes());
  }
}
