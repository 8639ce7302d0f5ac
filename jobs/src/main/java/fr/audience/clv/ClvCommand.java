package fr.audience.clv;

import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import fr.audience.core.SparkSessions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "clv", mixinStandardHelpOptions = true,
    subcommands = {ClvCommand.Fit.class, ClvCommand.FitSbg.class},
    description = {"Fit the CLV models as of the last date on the history up to it and write gold.clv_params",
        "and gold.clv_customer (sBG per plan, cohort and segment; BG/NBD and Gamma-Gamma on purchases).",
        "Re-running a date replaces that date's rows. 'clv fit' and 'clv fit-sbg' fit any CSV file instead."})
public final class ClvCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    ClvSettings settings = ClvSettings.from(options.config());
    DateRange dates = options.dates();
    try (SparkSession spark = SparkSessions.create(ClvJob.NAME, settings.lakehouse())) {
      DailyJob.runRecorded(spark, settings.lakehouse(), new ClvJob(settings), dates);
    }
    return 0;
  }

  @Command(name = "fit", mixinStandardHelpOptions = true,
      description = {"Fit BG/NBD and Gamma-Gamma on a transaction log customer_id,date,amount (date yyyy-MM-dd",
          "or yyyyMMdd; purchases of a customer on one day count as one) and print one JSON object."})
  static final class Fit implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--transactions", required = true, paramLabel = "FILE.csv",
        description = "CSV with a header naming customer_id, date and amount.")
    Path transactions;

    @Option(names = "--calibration-end", required = true, paramLabel = "YYYY-MM-DD",
        description = "Last day of the calibration period; later transactions are not used.")
    String calibrationEnd;

    @Option(names = "--time-unit", defaultValue = "week", paramLabel = "UNIT",
        description = "day, week or month (default: ${DEFAULT-VALUE}).")
    String timeUnit;

    @Override
    public Integer call() {
      LocalDate end = JobOptions.parse("--calibration-end", calibrationEnd);
      String json = userFacing(transactions, () -> ClvFitTool.fitTransactions(transactions, end, timeUnit));
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "fit-sbg", mixinStandardHelpOptions = true,
      description = {"Fit the shifted-beta-geometric model per cohort of a survival table cohort,period,alive",
          "(period 0 = starting count) and print JSON with alpha, beta and log-likelihood per cohort."})
  static final class FitSbg implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--survival", required = true, paramLabel = "FILE.csv",
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

  /** The models' own one-line messages ("Cannot read F: line N ...") reach the user as they are. */
  static String userFacing(Path file, FitWork work) {
    try {
      return work.run();
    } catch (NoSuchFileException e) {
      throw Errors.cannot("read " + file, "no such file", "Check the path", e);
    } catch (IOException e) {
      throw Errors.cannot("read " + file, String.valueOf(e.getMessage()), "Check the file", e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw Errors.userFacing(e.getMessage(), e);
    }
  }
}
