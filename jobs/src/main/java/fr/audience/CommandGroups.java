package fr.audience;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/**
 * The command list of bin/audience --help: the commands grouped by use, the daily pipeline's jobs
 * in the order it runs them, each with its one-sentence header. A sub-command with a place of its
 * own (segment assign in the pipeline, segment train among the models) is listed by its full name.
 */
final class CommandGroups {
  static final String OTHER = "Other";

  private CommandGroups() {}

  /** Heading to command names, the daily pipeline's first. */
  static Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    List<String> pipeline = new ArrayList<>(pipelineCommands());
    pipeline.addAll(List.of("run", "catch-up", "demo"));
    groups.put("Pipeline jobs, in the daily order (run and demo chain them)", pipeline);
    groups.put(
        "Models (trained weekly; clv fit and fit-sbg fit a CSV file)",
        List.of("segment train", "churn train", "clv fit", "clv fit-sbg"));
    groups.put("BI and catalog", List.of("sql", "tables", "catalog docs"));
    groups.put("Tools", List.of("generate", "spark-conf", "bench", "help"));
    return groups;
  }

  /**
   * The commands of audience.pipeline.jobs as reference.conf lists it (every job, in the pipeline's
   * order); a job named segment-assign is the command segment assign.
   */
  static List<String> pipelineCommands() {
    return ConfigFactory.defaultReference().getStringList("audience.pipeline.jobs").stream()
        .map(job -> job.replace('-', ' '))
        .toList();
  }

  /** The command a listed name stands for, or null when there is none. */
  static CommandLine find(CommandLine root, String name) {
    CommandLine command = root;
    for (String part : name.split(" ")) {
      command = command.getSubcommands().get(part);
      if (command == null) {
        return null;
      }
    }
    return command;
  }

  /** The first line of a command's header, else of its description. */
  static String summary(CommandLine command) {
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
    return lines.length > 0 ? lines[0] : "";
  }

  /**
   * The groups that {@code root} has, plus any command none of them lists, so none goes missing.
   */
  static Map<String, List<String>> listed(CommandLine root) {
    Map<String, List<String>> listed = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    groups()
        .forEach(
            (heading, names) -> {
              List<String> present = names.stream().filter(n -> find(root, n) != null).toList();
              present.forEach(n -> seen.add(n.split(" ")[0]));
              listed.put(heading, present);
            });
    List<String> other =
        root.getSubcommands().entrySet().stream()
            .filter(
                e ->
                    !e.getValue().getCommandSpec().usageMessage().hidden()
                        && !seen.contains(e.getKey()))
            .map(Map.Entry::getKey)
            .toList();
    if (!other.isEmpty()) {
      listed.put(OTHER, other);
    }
    return listed;
  }

  /** Renders the command list section of the top-level help. */
  static String render(Help help) {
    CommandLine root = help.commandSpec().commandLine();
    Map<String, List<String>> listed = listed(root);
    int nameWidth =
        4 + listed.values().stream().flatMap(List::stream).mapToInt(String::length).max().orElse(0);
    int width = help.commandSpec().usageMessage().width();
    StringBuilder out = new StringBuilder();
    listed.forEach(
        (heading, names) -> {
          TextTable table =
              TextTable.forColumns(
                  help.colorScheme(),
                  new Column(nameWidth, 2, Overflow.SPAN),
                  new Column(width - nameWidth, 0, Overflow.WRAP));
          for (String name : names) {
            table.addRowValues(
                help.colorScheme().commandText(name),
                help.colorScheme().text(summary(find(root, name))));
          }
          out.append(String.format("%n%s:%n", heading)).append(table);
        });
    return out.toString();
  }
}
