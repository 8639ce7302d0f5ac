package fr.audience.churn;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.ModelTrainer;
import fr.audience.core.ScoringJobCommand;
import fr.audience.core.TrainCommand;
import picocli.CommandLine.Command;

@Command(
    name = "churn",
    mixinStandardHelpOptions = true,
    header = "Churn prediction of subscribers: train the model, score the active subscribers.",
    subcommands = {ChurnCommand.Train.class, ChurnCommand.Score.class})
public final class ChurnCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      header = "Train and register the churn model, best of two candidates.",
      description =
          "Train the churn model for --date D on labelled snapshots before D - horizon-days (training) "
              + "and at D - horizon-days (validation): logistic regression and gradient-boosted trees, the better "
              + "validation ROC AUC wins. Saves models/churn/<D>/ with metrics.json and registers it in ops.model_registry.")
  static final class Train extends TrainCommand {
    @Override
    protected ModelTrainer trainer(Config config) {
      return new ChurnTrainer(ChurnSettings.from(config));
    }
  }

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      header = "Score active subscribers' churn risk with the latest model.",
      description =
          "Score every subscriber active at each date (gold.user_features) with the latest churn model "
              + "trained for that date or before; write gold.churn_scores. Re-running a date replaces that date only.")
  static final class Score extends ScoringJobCommand {
    @Override
    protected DailyJob job(Config config, boolean requireModel) {
      return new ChurnScoreJob(ChurnSettings.from(config), requireModel);
    }
  }
}
