package fr.audience.kpi;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import picocli.CommandLine.Command;

@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    header = "Publish the gold KPI tables of each date after quality checks.",
    description =
        "Publish the gold KPI tables (gold.kpi_*) for each date, each after its data-quality checks "
            + "(results in ops.dq_results). Tables needing segments, CLV or churn scores are skipped, with a log line, "
            + "until those exist. Re-running a date replaces that date only. Definitions: docs/kpi.md.")
public final class KpiCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new KpiJob(KpiSettings.from(config));
  }
}
