package fr.audience.segments;

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
    name = "segment",
    mixinStandardHelpOptions = true,
    header = "Micro-segments of readers: train the model, assign users to segments.",
    subcommands = {SegmentCommand.Train.class, SegmentCommand.Assign.class})
public final class SegmentCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      header = "Train and register the segment model, choosing k.",
      description =
          "Train the segment model on gold.user_features as of --date, choosing k by silhouette "
              + "(BIC for the mixture); save it under <models>/segments/<version>/ and register it in "
              + "ops.model_registry. Segment ids carry over from the previous model where clusters match.")
  static final class Train implements Callable<Integer> {
    @Mixin JobOptions options;

    @Override
    public Integer call() throws Exception {
      SegmentSettings settings = SegmentSettings.from(options.config());
      DateRange dates = options.dates();
      if (!dates.from().equals(dates.to())) {
        throw Errors.trainingRange("segment model", dates);
      }
      try (SparkSession spark = SparkSessions.create(SegmentTrainer.NAME, settings.lakehouse())) {
        SegmentTrainer trainer = new SegmentTrainer(settings);
        RunLog.track(
            spark,
            settings.lakehouse(),
            SegmentTrainer.NAME,
            dates,
            runId -> trainer.trainRecorded(spark, dates.from()));
      }
      return 0;
    }
  }

  @Command(
      name = "assign",
      mixinStandardHelpOptions = true,
      header = "Assign users to segments at each date with the latest model.",
      description =
          "Assign each user of gold.user_features to a segment as of each date, with the latest model "
              + "trained for that date or before; write gold.segments and gold.segment_profiles.")
  static final class Assign implements Callable<Integer> {
    @Mixin JobOptions options;

    @Option(
        names = "--skip-without-model",
        description =
            "Skip, with one log line, the dates no segment model was "
                + "trained for yet, instead of failing (the daily DAG's first days, before the weekly retraining).")
    boolean skipWithoutModel;

    @Override
    public Integer call() throws Exception {
      SegmentSettings settings = SegmentSettings.from(options.config());
      DateRange dates = options.dates();
      try (SparkSession spark = SparkSessions.create(SegmentAssignJob.NAME, settings.lakehouse())) {
        DailyJob.runRecorded(
            spark, settings.lakehouse(), new SegmentAssignJob(settings, !skipWithoutModel), dates);
      }
      return 0;
    }
  }
}
