package fr.audience.segments;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import fr.audience.features.FeatureTables;
import java.util.List;

/** Settings of segment training and assignment, read and checked before Spark starts. */
public record SegmentSettings(
    LakehouseSettings lakehouse,
    Algorithm algorithm,
    int kMin,
    int kMax,
    int maxIterations,
    Double tolerance,
    long seed,
    int scoreSampleSize,
    int macroSegments,
    int minPageViews,
    List<String> features,
    List<String> logFeatures,
    double maxMatchDistance,
    double kStickiness,
    double kTolerance,
    int profileTopFeatures,
    String clvTable,
    String clvColumn,
    String churnTable,
    String churnColumn) {

  /** The clustering algorithms the model may use, by their configuration name. */
  public enum Algorithm {
    KMEANS("kmeans"),
    BISECTING_KMEANS("bisecting-kmeans"),
    GAUSSIAN_MIXTURE("gaussian-mixture");

    public final String configName;

    Algorithm(String configName) {
      this.configName = configName;
    }

    static Algorithm parse(String name) {
      for (Algorithm a : values()) {
        if (a.configName.equals(name)) {
          return a;
        }
      }
      throw Errors.badConfigValue(
          "audience.segments.algorithm",
          "must be kmeans, bisecting-kmeans or gaussian-mixture, not '" + name + "'");
    }
  }

  public static SegmentSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          String p = "audience.segments.";
          int kMin = Settings.positive(c, p + "k-min");
          int kMax = Settings.positive(c, p + "k-max");
          if (kMin < 2 || kMax < kMin) {
            throw Errors.badConfigValue(
                p + "k-min",
                "and k-max must satisfy 2 <= k-min <= k-max, not " + kMin + ".." + kMax);
          }
          List<String> features = c.getStringList(p + "features");
          List<String> logFeatures = c.getStringList(p + "log-features");
          List<String> known = FeatureTables.USER_FEATURES.columnNames();
          for (String f : features) {
            if (!known.contains(f)) {
              throw Errors.badConfigValue(
                  p + "features", "names '" + f + "', which is not a column of gold.user_features");
            }
          }
          for (String f : logFeatures) {
            if (!features.contains(f)) {
              throw Errors.badConfigValue(
                  p + "log-features",
                  "names '" + f + "', which is not among audience.segments.features");
            }
          }
          return new SegmentSettings(
              LakehouseSettings.from(c),
              Algorithm.parse(c.getString(p + "algorithm")),
              kMin,
              kMax,
              Settings.positive(c, p + "max-iterations"),
              tolerance(c, p + "tolerance"),
              c.getLong(p + "seed"),
              Settings.positive(c, p + "score-sample-size"),
              Settings.positive(c, p + "macro-segments"),
              Settings.nonNegative(c, p + "min-page-views"),
              List.copyOf(features),
              List.copyOf(logFeatures),
              c.getDouble(p + "max-match-distance"),
              Settings.share(c, p + "k-stickiness"),
              Settings.share(c, p + "k-tolerance"),
              Settings.positive(c, p + "profile-top-features"),
              c.getString(p + "clv-table"),
              c.getString(p + "clv-column"),
              c.getString(p + "churn-table"),
              c.getString(p + "churn-column"));
        });
  }

  /**
   * A clustering's convergence tolerance, or null (unset) for MLlib's default of each algorithm.
   */
  private static Double tolerance(Config c, String key) {
    if (!c.hasPath(key)) {
      return null;
    }
    double t = c.getDouble(key);
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw Errors.badConfigValue(key, "must be a finite number >= 0, not " + t);
    }
    return t;
  }

  /** Where models of version {@code version} live. */
  public String modelDir(String version) {
    return LakehouseSettings.qualify(lakehouse.models()) + "/segments/" + version;
  }
}
