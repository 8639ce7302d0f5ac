package fr.audience.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Time ingest against a plain-Java floor on the same files.",
    description =
        "Generate (or reuse) one day of raw JSON per size under audience.bench.out, then time, "
            + "interleaved, a plain-Java floor (gunzip, the job's own line parser, snappy Parquet through "
            + "parquet-hadoop, one thread per core), a tokenise-only pass and the ingest job into a scratch "
            + "lakehouse on every core. Writes wall and CPU seconds, their ratios and where Spark's time goes "
            + "to the report's ingest section.")
public final class IngestBenchCommand implements Callable<Integer> {
  @Mixin DayOptions days;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    BenchSettings bench = BenchSettings.from(options.config(List.of()));
    IngestResult result = IngestBenchmark.run(bench, days, options::config);
    options.writeSection("ingest", IngestReport.render(result));
    for (IngestBenchmark.Size s : result.sizes()) {
      System.out.printf(
          "%,d users: floor / Spark %.2f in CPU time, %.2f in wall time%n",
          s.users(), s.cpuRatio(), s.wallRatio());
    }
    System.out.printf("Written to %s%n", options.report());
    return 0;
  }
}
