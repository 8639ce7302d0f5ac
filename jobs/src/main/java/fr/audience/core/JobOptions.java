package fr.audience.core;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every job command shares: which dates, which environment, which overrides. */
public final class JobOptions {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Logical date to process.")
  String date;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "First date of a range (with --to).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "Last date of a range, inclusive (with --from).")
  String to;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      description = "Overlay conf/NAME.conf on conf/application.conf.")
  String env;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "Override one setting, e.g. --conf audience.ingest.max-quarantine-share=0.1 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      defaultValue = "${env:AUDIENCE_CONF_DIR:-conf}",
      description =
          "Folder of application.conf and the environment overlays (default: ${DEFAULT-VALUE}).")
  Path confDir;

  public Config config() {
    return AppConfig.load(confDir, env, overrides);
  }

  /**
   * Config with extra overrides applied after the user's own (used by demo to point at its data).
   */
  public Config config(List<String> extra) {
    List<String> all = new ArrayList<>(extra);
    all.addAll(overrides);
    return AppConfig.load(confDir, env, all);
  }

  public DateRange dates() {
    if (date != null) {
      if (from != null || to != null) {
        throw Errors.cannot(
            "choose the dates to process",
            "--date was given with --from/--to",
            "Give either --date or --from and --to");
      }
      return DateRange.of(parse("--date", date));
    }
    if (from == null || to == null) {
      throw Errors.noDates();
    }
    return new DateRange(parse("--from", from), parse("--to", to));
  }

  public boolean hasDates() {
    return date != null || from != null || to != null;
  }

  public static LocalDate parse(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Errors.badDate(option, value);
    }
  }
}
