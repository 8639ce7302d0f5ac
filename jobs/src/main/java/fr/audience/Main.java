package fr.audience;

import fr.audience.bench.BenchCommand;
import fr.audience.catalog.CatalogCommand;
import fr.audience.churn.ChurnCommand;
import fr.audience.clv.ClvCommand;
import fr.audience.core.AudienceException;
import fr.audience.features.FeaturesCommand;
import fr.audience.generate.GenerateCommand;
import fr.audience.ingest.IngestCommand;
import fr.audience.catalog.SparkConfCommand;
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

/** Entry point of bin/audience and of spark-submit: one sub-command per job. */
@Command(name = "audience", mixinStandardHelpOptions = true, version = "audience-lakehouse 0.1.0",
    description = "Audience Lakehouse: Spark batch jobs from raw audience logs to Delta tables, models and KPIs.",
    subcommands = {
        GenerateCommand.class,
        IngestCommand.class,
        SessionizeCommand.class,
        ClvCommand.class,
        RunCommand.class,
        DemoCommand.class,
        SqlCommand.class,
        TablesCommand.class,
        BenchCommand.class,
        FeaturesCommand.class,
        SegmentCommand.class,
        SparkConfCommand.class,
        CatalogCommand.class,
        ReportCommand.class,
        fr.audience.kpi.KpiCommand.class,
        ChurnCommand.class,
        CommandLine.HelpCommand.class})
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
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::report);
    return cli.execute(args);
  }

  private static int report(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    AudienceException known = find(e);
    if (known != null) {
      err.println(known.getMessage());
    } else {
      err.println("Cannot run " + cli.getCommandName() + ": unexpected " + e.getClass().getSimpleName()
          + ": " + firstLine(e.getMessage()) + ". The stack trace follows; please report it with the command line.");
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

  private static String firstLine(String message) {
    return message == null ? "" : message.split("\\R", 2)[0];
  }
}
