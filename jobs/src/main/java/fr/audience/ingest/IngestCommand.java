package fr.audience.ingest;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import picocli.CommandLine.Command;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Load a delivery date's raw logs into the bronze tables.",
    description =
        "Load raw events and access logs of a delivery date (or range) into bronze.events and bronze.access_log. "
            + "Rejected records go to bronze.quarantine with a reason; reference files replace their bronze tables. "
            + "Re-running a date replaces that date only.")
public final class IngestCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new IngestJob(IngestSettings.from(config));
  }
}
