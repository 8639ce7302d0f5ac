package fr.audience.churn;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import fr.audience.core.RunLog;
import fr.audience.core.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
  static final class Train implements Callable<Integer> {
    @Mixin JobOptions options;

    @Override
    public Integer call() throws Exception {
      ChurnSettings settings = ChurnSettings.from(options.config());
      DateRange dates = options.dates();
      if (!dates.from().equals(dates.to())) {
        throw Errors.trainingRange("churn model", dates);
      }
      try (SparkSession spark = SparkSessions.create(ChurnTrainer.NAME, settings.lakehouse())) {
        ChurnTrainer trainer = new ChurnTrainer(settings);
        RunLog.track(
            spark,
            settings.lakehouse(),
            ChurnTrainer.NAME,
            dates,
            runId -> trainer.trainRecorded(spark, dates.from()));
      }
      return 0;
    }
  }

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      header = "Score active subscribers' churn risk with the latest model.",
      description =
          "Score every subscriber active at each date (gold.user_features) with the latest churn model "
              + "trained for that date or before; write gold.churn_scores. Re-running a date replaces that date only.")
  static final class Score implements Callable<Integer> {
    @Mixin JobOptions options;

    @Option(
        names = "--skip-without-model",
        description =
            "Skip, with one log line, the dates no churn model was "
                + "trained for yet, instead of failing (the daily DAG's first days, before the weekly retraining).")
    boolean skipWithoutModel;

    @Override
    public Integer call() throws Exception {
      ChurnSettings settings = ChurnSettings.from(options.config());
      DateRange dates = options.dates();
      try (SparkSession spark = SparkSessions.create(ChurnScoreJob.NAME, settings.lakehouse())) {
        DailyJob.runRecorded(
            spark, settings.lakehouse(), new ChurnScoreJob(settings, !skipWithoutModel), dates);
      }
      return 0;
    }
  }
}
