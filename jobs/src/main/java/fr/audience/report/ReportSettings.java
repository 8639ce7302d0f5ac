package fr.audience.report;

import com.typesafe.config.Config;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;

/** audience.report.*: where reports go and how much history their charts show. */
public record ReportSettings(
    LakehouseSettings lakehouse, String root, int historyDays, int maxSeries) {

  public static ReportSettings from(Config config) {
    LakehouseSettings lakehouse = LakehouseSettings.from(config);
    return Settings.read(
        config,
        c -> {
          String root = c.getString("audience.report.root").strip();
          if (root.isEmpty()) {
            throw fr.audience.core.Errors.badConfigValue("audience.report.root", "is empty");
          }
          return new ReportSettings(
              lakehouse,
              root.endsWith("/") ? root.substring(0, root.length() - 1) : root,
              Settings.positive(c, "audience.report.history-days"),
              Settings.positive(c, "audience.report.max-series"));
        });
  }
}
