package fr.audience.quality;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.Settings;

/** How the data-quality gate judges row counts (audience.quality.*). */
public record QualitySettings(double rowCountBand, Check.Level rowCountLevel) {
  public static QualitySettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          double band = c.getDouble("audience.quality.row-count-band");
          if (band < 0) {
            throw Errors.badConfigValue(
                "audience.quality.row-count-band", "must be zero or more, not " + band);
          }
          String level = c.getString("audience.quality.row-count-level");
          if (!level.equals("error") && !level.equals("warning")) {
            throw Errors.badConfigValue(
                "audience.quality.row-count-level",
                "must be 'error' or 'warning', not '" + level + "'");
          }
          return new QualitySettings(
              band, Check.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)));
        });
  }
}
