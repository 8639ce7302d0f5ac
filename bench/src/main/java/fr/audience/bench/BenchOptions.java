package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every benchmark shares: which configuration, and the report its section goes to. */
public final class BenchOptions {
  @Option(
      names = "--report",
      defaultValue = "docs/benchmarks.md",
      paramLabel = "FILE",
      description =
          "Markdown file whose section for this benchmark is rewritten (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      description = "Overlay conf/NAME.conf on conf/application.conf.")
  String env;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --conf audience.bench.runs=5 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      defaultValue = "${env:AUDIENCE_CONF_DIR:-conf}",
      description =
          "Folder of application.conf and the environment overlays (default: ${DEFAULT-VALUE}).")
  Path confDir;

  /** The user's configuration layers, then {@code extra}, then the user's --conf (which wins). */
  public Config config(List<String> extra) {
    List<String> all = new ArrayList<>(extra);
    all.addAll(overrides);
    return AppConfig.load(confDir, env, all);
  }

  public Path report() {
    return report;
  }

  /** Rewrites section {@code name} of the report, creating the report when missing. */
  public void writeSection(String name, String body) throws IOException {
    String existing = Files.isRegularFile(report) ? Files.readString(report) : "";
    if (existing.isBlank()) {
      existing =
          "# Benchmarks\n\nFigures written by `make bench`; each benchmark rewrites only its own section.\n";
    }
    if (report.toAbsolutePath().getParent() != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
    }
    Files.writeString(report, MarkdownSections.replace(existing, name, body));
  }
}
