package fr.audience.sql;

import fr.audience.core.AudienceException;
import fr.audience.core.Errors;
import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    header = "Query any table by name with SQL, or open a SQL prompt.",
    description =
        "Query any table by name, e.g. bin/audience sql \"SELECT count(*) FROM silver.sessions\". "
            + "Without a query, opens a prompt: end each statement with ';', quit with 'exit;' or Ctrl-D.")
public final class SqlCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "SQL statement to run.")
  String query;

  @Option(names = "--csv", description = "Print the result as CSV with a header row.")
  boolean csv;

  @Option(
      names = "--max-rows",
      defaultValue = "1000",
      description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() throws IOException {
    LakehouseSettings lakehouse = LakehouseSettings.from(options.config());
    try (SparkSession spark = SparkSessions.create("sql", lakehouse)) {
      if (query != null) {
        print(spark, query, System.out);
        return 0;
      }
      prompt(spark);
    }
    return 0;
  }

  private void prompt(SparkSession spark) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder statement = new StringBuilder();
    System.out.print("audience> ");
    System.out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      statement.append(line).append('\n');
      if (line.trim().endsWith(";")) {
        String sql = statement.toString().trim();
        sql = sql.substring(0, sql.length() - 1).trim();
        statement.setLength(0);
        if (sql.equalsIgnoreCase("exit") || sql.equalsIgnoreCase("quit")) {
          return;
        }
        try {
          print(spark, sql, System.out);
        } catch (AudienceException e) {
          System.out.println(e.getMessage());
        } catch (RuntimeException e) {
          System.out.println("Cannot run the query: " + describe(e) + ".");
        }
        System.out.print("audience> ");
      } else {
        System.out.print("       -> ");
      }
      System.out.flush();
    }
  }

  private void print(SparkSession spark, String sql, PrintStream out) {
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) {
      throw Errors.cannot(
          "run the query",
          describe(e),
          "Check the table and column names with: bin/audience tables");
    }
    List<Row> rows = result.limit(maxRows).collectAsList();
    if (csv) {
      Csv.write(result.columns(), rows, out);
    } else {
      Csv.table(result.columns(), rows, out);
    }
  }

  private static String describe(Exception e) {
    return Errors.firstLine(
        e instanceof AnalysisException a ? a.getSimpleMessage() : e.getMessage(),
        e.getClass().getSimpleName());
  }
}
