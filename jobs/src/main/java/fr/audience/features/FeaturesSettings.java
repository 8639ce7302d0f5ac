package fr.audience.features;

import com.typesafe.config.Config;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;

/** Settings of the features job, read and checked before Spark starts. */
public record FeaturesSettings(LakehouseSettings lakehouse, int windowDays) {
  public static FeaturesSettings from(Config config) {
    return Settings.read(
        config,
        c ->
            new FeaturesSettings(
                LakehouseSettings.from(c), Settings.positive(c, "audience.features.window-days")));
  }
}
