package fr.audience.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Prints, as JSON, the Spark settings a job's session gets under the given configuration, so that a
 * session started elsewhere (a notebook, spark-shell) opens the same lakehouse and catalog.
 */
@Command(
    name = "spark-conf",
    mixinStandardHelpOptions = true,
    header = "Print the jobs' resolved Spark settings as JSON for notebooks.",
    description =
        "Print the resolved Spark settings of the jobs' session as JSON (no Spark started). "
            + "notebooks/audience.py applies them to a PySpark session; see README, section Data scientists.")
public final class SparkConfCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    LakehouseSettings s = LakehouseSettings.from(options.config());
    System.out.println(
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(describe(s)));
    return 0;
  }

  /**
   * What a session needs beyond the Spark settings: where things live, and where this code comes
   * from.
   */
  static Map<String, Object> describe(LakehouseSettings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("master", s.master());
    out.put("conf", SparkSessions.settings(s));
    out.put("lakehouse", LakehouseSettings.qualify(s.lakehouse()));
    out.put("models", LakehouseSettings.qualify(s.models()));
    out.put("catalog_type", s.catalogType());
    if (s.catalogType().equals("embedded")) {
      out.put("metastore_path", Path.of(s.metastorePath()).toAbsolutePath().normalize().toString());
      out.put("derby_log", SparkSessions.derbyLog(s));
    }
    out.put("code_source", codeSource());
    return out;
  }

  private static String codeSource() {
    try {
      return Path.of(
              SparkConfCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (Exception e) {
      return "";
    }
  }
}
