package fr.audience.churn;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import fr.audience.features.FeatureTables;
import java.util.List;

/** Settings of churn training and scoring, read and checked before Spark starts. */
public record ChurnSettings(
    LakehouseSettings lakehouse,
    int windowDays,
    int horizonDays,
    int trainSnapshots,
    int validationSnapshots,
    int snapshotStepDays,
    boolean balanceClasses,
    boolean calibrate,
    List<Double> lrRegParams,
    List<Integer> gbtMaxDepths,
    int gbtMaxIterations,
    int fitParallelism,
    long seed,
    List<String> features,
    List<String> logFeatures,
    List<Double> riskBands) {

  static final String P = "audience.churn.";

  public static ChurnSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          List<String> features = c.getStringList(P + "features");
          List<String> logFeatures = c.getStringList(P + "log-features");
          List<String> known = FeatureTables.USER_FEATURES.columnNames();
          for (String f : features) {
            if (!known.contains(f)) {
              throw Errors.badConfigValue(
                  P + "features", "names '" + f + "', which is not a column of gold.user_features");
            }
          }
          for (String f : logFeatures) {
            if (!features.contains(f)) {
              throw Errors.badConfigValue(
                  P + "log-features",
                  "names '" + f + "', which is not among audience.churn.features");
            }
          }
          List<Double> bands = c.getDoubleList(P + "risk-bands");
          if (bands.size() != ChurnTables.RISK_BANDS.size() - 1) {
            throw Errors.badConfigValue(
                P + "risk-bands",
                "must hold "
                    + (ChurnTables.RISK_BANDS.size() - 1)
                    + " cut points, not "
                    + bands.size());
          }
          for (int i = 0; i < bands.size(); i++) {
            if (bands.get(i) <= 0
                || bands.get(i) >= 1
                || (i > 0 && bands.get(i) <= bands.get(i - 1))) {
              throw Errors.badConfigValue(
                  P + "risk-bands",
                  "must be increasing probabilities strictly between 0 and 1, not " + bands);
            }
          }
          List<Double> regs = c.getDoubleList(P + "lr-reg-params");
          List<Integer> depths = c.getIntList(P + "gbt-max-depths");
          if (regs.isEmpty()
              || depths.isEmpty()
              || regs.stream().anyMatch(r -> r < 0)
              || depths.stream().anyMatch(d -> d < 1)) {
            throw Errors.badConfigValue(
                P + "lr-reg-params",
                "and gbt-max-depths must be non-empty, regularisation >= 0 and depths >= 1");
          }
          return new ChurnSettings(
              LakehouseSettings.from(c),
              Settings.positive(c, "audience.features.window-days"),
              Settings.positive(c, P + "horizon-days"),
              Settings.positive(c, P + "train-snapshots"),
              Settings.positive(c, P + "validation-snapshots"),
              Settings.positive(c, P + "snapshot-step-days"),
              c.getBoolean(P + "balance-classes"),
              c.getBoolean(P + "calibrate"),
              List.copyOf(regs),
              List.copyOf(depths),
              Settings.positive(c, P + "gbt-max-iterations"),
              Settings.positive(c, P + "fit-parallelism"),
              c.getLong(P + "seed"),
              List.copyOf(features),
              List.copyOf(logFeatures),
              List.copyOf(bands));
        });
  }

  /** Where the model of version {@code version} lives. */
  public String modelDir(String version) {
    return LakehouseSettings.qualify(lakehouse.models()) + "/churn/" + version;
  }
}
