package fr.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * bin/audience --help lists every command, grouped, in pipeline order, each with one whole
 * sentence.
 */
class HelpTest {
  private static final List<String> PIPELINE =
      List.of(
          "ingest",
          "sessionize",
          "features",
          "segment assign",
          "clv",
          "churn score",
          "kpi",
          "report",
          "run",
          "catch-up",
          "demo");

  private static String topHelp() {
    CommandRun help = CommandRun.of("--help");
    assertThat(help.code()).isZero();
    return help.out();
  }

  /**
   * Heading to its rows (command name to summary, wrapped lines joined), read back from the help
   * text.
   */
  private static Map<String, Map<String, String>> listing(String help) {
    Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    String[] blocks = help.substring(help.indexOf("\n\n") + 2).split("\\R\\R");
    for (String block : blocks) {
      List<String> lines = block.lines().toList();
      if (lines.size() < 2 || !lines.get(0).endsWith(":") || lines.get(0).equals("Options:")) {
        continue;
      }
      Map<String, String> rows = new LinkedHashMap<>();
      String last = null;
      for (String line : lines.subList(1, lines.size())) {
        if (line.startsWith("   ")) {
          rows.put(last, rows.get(last) + " " + line.strip());
        } else {
          String[] nameAndSummary = line.strip().split("\\s{2,}", 2);
          last = nameAndSummary[0];
          rows.put(last, nameAndSummary.length > 1 ? nameAndSummary[1] : "");
        }
      }
      groups.put(lines.get(0).substring(0, lines.get(0).length() - 1), rows);
    }
    return groups;
  }

  @Test
  void listsThePipelineJobsFirstInTheDailyOrder() {
    Map<String, Map<String, String>> groups = listing(topHelp());
    assertThat(groups.keySet()).first().asString().startsWith("Pipeline jobs");
    assertThat(groups.values().iterator().next().keySet()).containsExactlyElementsOf(PIPELINE);
    assertThat(CommandGroups.pipelineCommands()).containsExactlyElementsOf(PIPELINE.subList(0, 8));
  }

  @Test
  void listsEveryCommandOnceUnderAHeading() {
    Map<String, Map<String, String>> groups = listing(topHelp());
    assertThat(groups).doesNotContainKey(CommandGroups.OTHER);
    assertThat(groups.keySet())
        .containsExactly(
            "Pipeline jobs, in the daily order (run and demo chain them)",
            "Models (trained weekly; clv fit and fit-sbg fit a CSV file)",
            "BI and catalog",
            "Tools");
    List<String> names = new ArrayList<>();
    groups.values().forEach(rows -> names.addAll(rows.keySet()));
    assertThat(names).doesNotHaveDuplicates();
    CommandLine root = Main.commandLine();
    for (String name : names) {
      assertThat(CommandGroups.find(root, name)).as(name).isNotNull();
    }
    assertThat(names.stream().map(n -> n.split(" ")[0]).distinct().toList())
        .containsExactlyInAnyOrderElementsOf(root.getSubcommands().keySet());
  }

  @Test
  void eachCommandIsSummedUpInOneWholeSentence() {
    Map<String, Map<String, String>> groups = listing(topHelp());
    CommandLine root = Main.commandLine();
    groups
        .values()
        .forEach(
            rows ->
                rows.forEach(
                    (name, summary) ->
                        assertThat(summary)
                            .as(name)
                            .isEqualTo(CommandGroups.summary(CommandGroups.find(root, name)))));
    for (CommandLine command : everyCommand(root)) {
      String[] header = command.getCommandSpec().usageMessage().header();
      assertThat(header).as(command.getCommandSpec().qualifiedName()).hasSize(1);
      assertThat(header[0])
          .as(command.getCommandSpec().qualifiedName())
          .endsWith(".")
          .doesNotContain(". ");
    }
  }

  @Test
  void subCommandHelpShowsWholeSentences() {
    String segment =
        Main.commandLine()
            .getSubcommands()
            .get("segment")
            .getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(segment.replaceAll("\\s+", " "))
        .contains("train Train and register the segment model, choosing k.")
        .contains("assign Assign users to segments at each date with the latest model.");
  }

  private static List<CommandLine> everyCommand(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine sub : root.getSubcommands().values()) {
      all.add(sub);
      all.addAll(everyCommand(sub));
    }
    return all;
  }
}
