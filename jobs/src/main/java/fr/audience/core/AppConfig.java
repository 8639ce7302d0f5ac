package fr.audience.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Layered configuration: reference.conf (every default) < conf/application.conf < conf/ENV.conf <
 * --conf key=value. Environment variables enter through ${?VAR} in the files. The result is
 * validated against reference.conf before any Spark work: an unknown key, a wrong type or a missing
 * value is a one-line error naming the key.
 */
public final class AppConfig {
  public static final String ROOT = "audience";

  /** Sub-trees whose keys are free-form (passed through to Spark or Hadoop as they are). */
  private static final List<String> OPEN_PATHS = List.of("audience.spark.conf");

  private AppConfig() {}

  public static Config load(Path confDir, String env, List<String> overrides) {
    Config reference = ConfigFactory.defaultReference();
    Config layered = parseOverrides(overrides);
    if (env != null && !env.isBlank()) {
      Path overlay = confDir.resolve(env + ".conf");
      if (!Files.isRegularFile(overlay)) {
        throw Errors.cannot(
            "load configuration",
            "environment '" + env + "' has no file " + overlay,
            "Create it or choose one of the .conf files in " + confDir);
      }
      layered = layered.withFallback(parseFile(overlay));
    }
    Path application = confDir.resolve("application.conf");
    if (Files.isRegularFile(application)) {
      layered = layered.withFallback(parseFile(application));
    }
    Config resolved;
    try {
      resolved = layered.withFallback(reference).resolve();
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw Errors.cannot(
          "load configuration",
          Errors.firstLine(e.getMessage()),
          "Set the environment variable it names or give the key with --conf");
    }
    validate(resolved, reference, layered);
    return resolved;
  }

  /** Configuration with only the defaults and the given overrides (tests, notebooks). */
  public static Config defaults(String... overrides) {
    return load(Path.of("/nonexistent-conf-dir"), null, List.of(overrides));
  }

  private static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String pair : overrides) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw Errors.cannot(
            "read --conf " + pair,
            "it is not of the form key=value",
            "Write it like --conf audience.ingest.max-quarantine-share=0.05");
      }
      String key = pair.substring(0, eq).trim();
      if (!key.startsWith(ROOT + ".")) {
        key = ROOT + "." + key;
      }
      String value = pair.substring(eq + 1).trim();
      Config one;
      try {
        one =
            ConfigFactory.parseString(
                key + " = " + quoteIfNeeded(value),
                ConfigParseOptions.defaults().setOriginDescription("--conf " + pair));
      } catch (ConfigException e) {
        throw Errors.cannot(
            "read --conf " + pair,
            Errors.firstLine(e.getMessage()),
            "Quote the value if it contains special characters");
      }
      result = one.withFallback(result);
    }
    return result;
  }

  private static String quoteIfNeeded(String value) {
    if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Config parseFile(Path file) {
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw Errors.cannot(
          "load configuration", Errors.firstLine(e.getMessage()), "Fix the syntax in " + file);
    }
  }

  private static void validate(Config resolved, Config reference, Config layered) {
    for (Map.Entry<String, ConfigValue> entry : layered.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(ROOT + ".") || isOpen(key)) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        throw Errors.unknownConfigKey(key, entry.getValue().origin().description());
      }
    }
    try {
      resolved.checkValid(reference, ROOT);
    } catch (ConfigException.ValidationFailed e) {
      ConfigException.ValidationProblem problem = e.problems().iterator().next();
      throw Errors.badConfigValue(
          problem.path(), problem.problem() + " (" + problem.origin().description() + ")");
    }
  }

  private static boolean isOpen(String key) {
    return OPEN_PATHS.stream().anyMatch(p -> key.startsWith(p + "."));
  }
}
