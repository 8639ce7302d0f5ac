package fr.audience.catalog;

import fr.audience.core.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    header = "Write or check the catalog's data dictionary (docs/tables.md).",
    subcommands = {CatalogCommand.Docs.class})
public final class CatalogCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "docs",
      mixinStandardHelpOptions = true,
      header = "Write docs/tables.md from the table definitions, or check it.",
      description =
          "Write the data dictionary (every table, its comment, partitioning and commented columns) from "
              + "the table definitions in code; no Spark run. With --check, only tell whether the file is current.")
  static final class Docs implements Callable<Integer> {
    @Option(
        names = "--file",
        paramLabel = "PATH",
        defaultValue = "docs/tables.md",
        description = "File to write or check (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(
        names = "--check",
        description = "Exit 1 with a one-line message when the file differs from the definitions.")
    boolean check;

    @Override
    public Integer call() throws IOException {
      String expected = TableDocs.render(TableRegistry.ALL);
      if (check) {
        if (!Files.isRegularFile(file)
            || !Files.readString(file, StandardCharsets.UTF_8).equals(expected)) {
          throw Errors.cannot(
              "check " + file,
              "it is "
                  + (Files.isRegularFile(file) ? "stale" : "missing")
                  + " (it does not match the table definitions in code)",
              "Regenerate it with: bin/audience catalog docs");
        }
        System.out.println(file + " is current (" + TableRegistry.ALL.size() + " tables).");
        return 0;
      }
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      System.out.println("Wrote " + file + " (" + TableRegistry.ALL.size() + " tables).");
      return 0;
    }
  }
}
