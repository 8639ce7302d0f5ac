package fr.audience.core;

import com.typesafe.config.Config;
import picocli.CommandLine.Option;

/**
 * The command of a daily job that scores with the latest trained model (segment assign, churn
 * score): it fails on a date no model was trained for, unless told to skip such dates.
 */
public abstract class ScoringJobCommand extends DailyJobCommand {
  @Option(
      names = "--skip-without-model",
      description =
          "Skip, with one log line, the dates no model was trained for yet, instead of failing "
              + "(the daily DAG's first days, before the weekly retraining).")
  boolean skipWithoutModel;

  /** The job; {@code requireModel} false makes it skip the dates without a model. */
  protected abstract DailyJob job(Config config, boolean requireModel);

  @Override
  protected final DailyJob job(Config config) {
    return job(config, !skipWithoutModel);
  }
}
