package fr.audience.bench;

import java.io.IOException;
import picocli.CommandLine.Command;

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
public final class IngestBenchCommand extends FloorBenchCommand {
  public IngestBenchCommand() {
    super("ingest", "Spark");
  }

  @Override
  Outcome measure(BenchSettings bench) throws IOException {
    IngestResult result = IngestBenchmark.run(bench, days, options::config);
    return new Outcome(IngestReport.render(result), result.sizes());
  }
}
