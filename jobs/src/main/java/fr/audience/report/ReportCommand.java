package fr.audience.report;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import picocli.CommandLine.Command;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Write each date's KPI dashboard, a self-contained HTML page.",
    description =
        "Write the KPI dashboard of each date: <audience.report.root>/D/index.html (default reports/), "
            + "a self-contained French page (opens with no network) with one trend chart per gold.kpi_* table, "
            + "the segment table and the definitions from the catalog's comments. Open it in any browser.")
public final class ReportCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new ReportJob(ReportSettings.from(config));
  }
}
