package fr.audience.clv;

import com.typesafe.config.Config;
import fr.audience.core.DailyJob;
import fr.audience.core.DailyJobCommand;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    header = "Fit the CLV models as of the last date and score customers.",
    subcommands = {ClvCommand.Fit.class, ClvCommand.FitSbg.class},
    description =
        "Fit the CLV models as of the last date on the history up to it and write gold.clv_params "
            + "and gold.clv_customer (sBG per plan, cohort and segment; BG/NBD and Gamma-Gamma on purchases). "
            + "Re-running a date replaces that date's rows. 'clv fit' and 'clv fit-sbg' fit any CSV file instead.")
public final class ClvCommand extends DailyJobCommand {
  @Override
  protected DailyJob job(Config config) {
    return new ClvJob(ClvSettings.from(config));
  }

  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      header = "Fit BG/NBD and Gamma-Gamma on a CSV transaction log.",
      description =
          "Fit BG/NBD and Gamma-Gamma on a transaction log customer_id,date,amount (date yyyy-MM-dd "
              + "or yyyyMMdd; purchases of a customer on one day count as one) and print one JSON object.")
  static final class Fit implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--transactions",
        required = true,
        paramLabel = "FILE.csv",
        description = "CSV with a header naming customer_id, date and amount.")
    Path transactions;

    @Option(
        names = "--calibration-end",
        required = true,
        paramLabel = "YYYY-MM-DD",
        description = "Last day of the calibration period; later transactions are not used.")
    String calibrationEnd;

    @Option(
        names = "--time-unit",
        defaultValue = "week",
        paramLabel = "UNIT",
        description = "day, week or month (default: ${DEFAULT-VALUE}).")
    String timeUnit;

    @Override
    public Integer call() {
      LocalDate end = JobOptions.parse("--calibration-end", calibrationEnd);
      String json =
          userFacing(transactions, () -> ClvFitTool.fitTransactions(transactions, end, timeUnit));
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "fit-sbg",
      mixinStandardHelpOptions = true,
      header = "Fit the shifted-beta-geometric model on a CSV survival table.",
      description =
          "Fit the shifted-beta-geometric model per cohort of a survival table cohort,period,alive "
              + "(period 0 = starting count) and print JSON with alpha, beta and log-likelihood per cohort.")
  static final class FitSbg implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--survival",
        required = true,
        paramLabel = "FILE.csv",
        description = "CSV with a header naming cohort, period and alive.")
    Path survival;

    @Override
    public Integer call() {
      String json = userFacing(survival, () -> ClvFitTool.fitSurvival(survival));
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  interface FitWork {
    String run() throws IOException;
  }

  /** File errors worded like the models' own (which throw AudienceException and pass through). */
  static String userFacing(Path file, FitWork work) {
    try {
      return work.run();
    } catch (NoSuchFileException e) {
      throw Errors.cannot("read " + file, "no such file", "Check the path", e);
    } catch (IOException e) {
      throw Errors.cannot("read " + file, Errors.firstLine(e.getMessage()), "Check the file", e);
    }
  }
}
