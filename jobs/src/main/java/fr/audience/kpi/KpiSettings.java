package fr.audience.kpi;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import fr.audience.quality.QualitySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings of the kpi job (audience.kpi.*), read and checked before Spark starts. */
public record KpiSettings(
    LakehouseSettings lakehouse,
    QualitySettings quality,
    int pressureWindowDays,
    int acquisitionWindowDays,
    int attributionWindowDays,
    int clvHorizonMonths,
    int revenueMonths,
    Map<String, Double> pressureThresholds,
    List<Audience> strategicTargets,
    List<Audience> fragilePublics,
    double exposureRatioLimit,
    Carbon carbon) {

  /** Channels of commercial pressure, and their sum. */
  public static final List<String> CHANNELS = List.of("newsletter", "push", "ad", "all");

  /**
   * A named group of users: those with one of the age bands, or in one of the segments (empty =
   * any).
   */
  public record Audience(String name, List<String> ageBands, List<Integer> segmentIds) {}

  /** Emission factors of a campaign's delivery. */
  public record Carbon(
      double gridKgco2ePerKwh, double networkKwhPerGb, double deviceKwhPerImpression) {}

  public static KpiSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          String k = "audience.kpi.";
          int horizon = c.getInt(k + "clv-horizon-months");
          if (horizon != 12 && horizon != 36) {
            throw Errors.badConfigValue(
                k + "clv-horizon-months",
                "must be 12 or 36 (gold.clv_customer's horizons), not " + horizon);
          }
          Map<String, Double> thresholds = new LinkedHashMap<>();
          for (String channel : CHANNELS) {
            thresholds.put(channel, nonNegative(c, k + "pressure-thresholds-per-week." + channel));
          }
          List<Audience> fragile = new java.util.ArrayList<>();
          for (String band : c.getStringList(k + "fragile-age-bands")) {
            fragile.add(new Audience(band, List.of(band), List.of()));
          }
          fragile.addAll(audiences(c, k + "fragile-groups"));
          return new KpiSettings(
              LakehouseSettings.from(c),
              QualitySettings.from(c),
              Settings.positive(c, k + "pressure-window-days"),
              Settings.positive(c, k + "acquisition-window-days"),
              Settings.positive(c, k + "attribution-window-days"),
              horizon,
              Settings.positive(c, k + "revenue-months"),
              thresholds,
              audiences(c, k + "strategic-targets"),
              fragile,
              positiveDouble(c, k + "exposure-ratio-limit"),
              new Carbon(
                  positiveDouble(c, k + "carbon.grid-kgco2e-per-kwh"),
                  positiveDouble(c, k + "carbon.network-kwh-per-gb"),
                  nonNegative(c, k + "carbon.device-kwh-per-impression")));
        });
  }

  private static List<Audience> audiences(Config c, String key) {
    List<Audience> result = new java.util.ArrayList<>();
    for (Config a : c.getConfigList(key)) {
      List<String> bands = a.hasPath("age-bands") ? a.getStringList("age-bands") : List.of();
      List<Integer> segments = a.hasPath("segment-ids") ? a.getIntList("segment-ids") : List.of();
      if (!a.hasPath("name") || (bands.isEmpty() && segments.isEmpty())) {
        throw Errors.badConfigValue(key, "needs a name and age-bands or segment-ids in each entry");
      }
      result.add(new Audience(a.getString("name"), bands, segments));
    }
    return result;
  }

  private static double nonNegative(Config c, String key) {
    double v = c.getDouble(key);
    if (v < 0) {
      throw Errors.badConfigValue(key, "must be zero or more, not " + v);
    }
    return v;
  }

  private static double positiveDouble(Config c, String key) {
    double v = c.getDouble(key);
    if (v <= 0) {
      throw Errors.badConfigValue(key, "must be positive, not " + v);
    }
    return v;
  }
}
