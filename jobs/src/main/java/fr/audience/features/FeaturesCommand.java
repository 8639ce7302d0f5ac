package fr.audience.features;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import picocli.CommandLine.Command;

@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    header = "Build gold.user_features: each user's features at each date.",
    description =
        "Build gold.user_features as of each date: per user, behaviour over the trailing window "
            + "(audience.features.window-days, dates before D only) and subscription state at D. "
            + "Re-running a date replaces that date only.")
public final class FeaturesCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new FeaturesJob(FeaturesSettings.from(config));
  }
}
