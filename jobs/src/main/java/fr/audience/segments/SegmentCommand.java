package fr.audience.segments;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.ModelTrainer;
import fr.audience.core.ScoringJobCommand;
import fr.audience.core.TrainCommand;
import picocli.CommandLine.Command;

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
  static final class Train extends TrainCommand {
    @Override
    protected ModelTrainer trainer(Config config) {
      return new SegmentTrainer(SegmentSettings.from(config));
    }
  }

  @Command(
      name = "assign",
      mixinStandardHelpOptions = true,
      header = "Assign users to segments at each date with the latest model.",
      description =
          "Assign each user of gold.user_features to a segment as of each date, with the latest model "
              + "trained for that date or before; write gold.segments and gold.segment_profiles.")
  static final class Assign extends ScoringJobCommand {
    @Override
    protected DailyJob job(Config config, boolean requireModel) {
      return new SegmentAssignJob(SegmentSettings.from(config), requireModel);
    }
  }
}
