package fr.audience.core;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the lakehouse lives and how Spark and the catalog are set up. */
public record LakehouseSettings(
    String lakehouse,
    String raw,
    String models,
    String catalogType,
    String metastorePath,
    String metastoreUri,
    String master,
    int shufflePartitions,
    boolean uiEnabled,
    Map<String, String> sparkConf,
    S3Settings s3) {

  public static LakehouseSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          String type = c.getString("audience.catalog.type");
          if (!type.equals("embedded") && !type.equals("hive")) {
            throw Errors.badConfigValue(
                "audience.catalog.type", "must be 'embedded' or 'hive', not '" + type + "'");
          }
          if (type.equals("hive") && c.getString("audience.catalog.metastore-uri").isBlank()) {
            throw Errors.badConfigValue(
                "audience.catalog.metastore-uri", "is empty but audience.catalog.type is 'hive'");
          }
          S3Settings s3 = S3Settings.from(c);
          // audience.s3.* first: an explicit spark.hadoop.fs.s3a.* in audience.spark.conf still
          // wins.
          Map<String, String> extra = new LinkedHashMap<>(s3.sparkConf());
          c.getConfig("audience.spark.conf")
              .entrySet()
              .forEach(
                  e ->
                      extra.put(
                          e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
          return new LakehouseSettings(
              stripSlash(c.getString("audience.paths.lakehouse")),
              stripSlash(c.getString("audience.paths.raw")),
              stripSlash(c.getString("audience.paths.models")),
              type,
              c.getString("audience.catalog.metastore-path"),
              c.getString("audience.catalog.metastore-uri"),
              c.getString("audience.spark.master"),
              Settings.positive(c, "audience.spark.shuffle-partitions"),
              c.getBoolean("audience.spark.ui-enabled"),
              extra,
              s3);
        });
  }

  /** Location of a database's folder. */
  public String databaseLocation(String database) {
    return qualify(lakehouse) + "/" + database + ".db";
  }

  /** Spark resolves relative paths against the JVM's directory; make that explicit. */
  public static String qualify(String path) {
    return path.contains("://")
        ? path
        : java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
