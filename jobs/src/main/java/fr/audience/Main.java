package fr.audience;

import fr.audience.catalog.CatalogCommand;
import fr.audience.catalog.SparkConfCommand;
import fr.audience.churn.ChurnCommand;
import fr.audience.clv.ClvCommand;
import fr.audience.core.AudienceException;
import fr.audience.core.Errors;
import fr.audience.features.FeaturesCommand;
import fr.audience.generate.GenerateCommand;
import fr.audience.ingest.IngestCommand;
import fr.audience.kpi.KpiCommand;
import fr.audience.pipeline.CatchUpCommand;
import fr.audience.pipeline.DemoCommand;
import fr.audience.pipeline.RunCommand;
import fr.audience.report.ReportCommand;
import fr.audience.segments.SegmentCommand;
import fr.audience.sessions.SessionizeCommand;
import fr.audience.sql.SqlCommand;
import fr.audience.sql.TablesCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Entry point of bin/audience and of spark-submit: one sub-command per job. */
@Command(
    name = "audience",
    mixinStandardHelpOptions = true,
    version = "audience-lakehouse 0.1.0",
    description =
        "Audience Lakehouse: Spark batch jobs from raw audience logs to Delta tables, models and KPIs.",
    footer = "%nbin/audience COMMAND --help shows a command's options and what it does.",
    subcommands = {
      IngestCommand.class,
      SessionizeCommand.class,
      FeaturesCommand.class,
      SegmentCommand.class,
      ClvCommand.class,
      ChurnCommand.class,
      KpiCommand.class,
      ReportCommand.class,
      RunCommand.class,
      CatchUpCommand.class,
      DemoCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      CatalogCommand.class,
      GenerateCommand.class,
      SparkConfCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 on success). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    cli.setExecutionExceptionHandler(Main::report);
    return cli.execute(args);
  }

  /**
   * Every command, the top-level help listing them by group (pipeline jobs in their daily order).
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand(BenchStandIn.command());
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandGroups::render);
    spaceOut(cli);
    return cli;
  }

  /**
   * A blank line between the parts of every command's help: header, usage, description, options.
   */
  private static void spaceOut(CommandLine cli) {
    UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
    if (usage.header().length > 0) {
      usage.synopsisHeading("%nUsage: ");
    }
    usage
        .descriptionHeading("%n")
        .parameterListHeading("%n")
        .optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n");
    cli.getSubcommands().values().forEach(Main::spaceOut);
  }

  private static int report(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    AudienceException known = find(e);
    if (known != null) {
      err.println(known.getMessage());
      if (known.refusedInput()) {
        err.flush();
        return Errors.EXIT_REFUSED_INPUT;
      }
    } else {
      err.println(
          "Cannot run "
              + cli.getCommandName()
              + ": unexpected "
              + e.getClass().getSimpleName()
              + ": "
              + Errors.firstLine(e.getMessage())
              + ". The stack trace follows; please report it with the command line.");
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static AudienceException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AudienceException a) {
        return a;
      }
    }
    return null;
  }
}
