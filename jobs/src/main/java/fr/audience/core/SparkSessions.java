package fr.audience.core;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a job runs in: Delta, the persistent catalog, our defaults. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(String appName, LakehouseSettings s) {
    StorageProbe.check(s);
    SparkConf launched = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!launched.contains("spark.master")) {
      builder.master(s.master());
    }
    settings(s).forEach(builder::config);
    builder.enableHiveSupport();
    if (s.catalogType().equals("embedded")
        && System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", derbyLog(s));
    }
    return builder.getOrCreate();
  }

  /**
   * Every Spark setting a job's session gets, master aside (spark-submit's wins). The notebooks'
   * helper applies the same map through {@code bin/audience spark-conf}, so the two cannot drift.
   */
  public static Map<String, String> settings(LakehouseSettings s) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.shuffle.partitions", String.valueOf(s.shufflePartitions()));
    conf.put("spark.ui.enabled", String.valueOf(s.uiEnabled()));
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.warehouse.dir", LakehouseSettings.qualify(s.lakehouse()));
    // Tables stay on features every common Delta reader supports.
    conf.put("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false");
    // A date-partitioned write of a few dates keeps one file open per date instead of sorting
    // every row by date first (silver.events: a sort of the whole day, spilled at large sizes);
    // past 8 dates in one task Spark falls back to the sort.
    conf.put("spark.sql.maxConcurrentOutputFileWriters", "8");
    // Spark keeps 100 generated classes by default; a job, a notebook or the benchmark runs more
    // distinct queries than that, and generated and compiled them again (docs/benchmarks.md).
    conf.put("spark.sql.codegen.cache.maxEntries", "1000");
    conf.put("spark.sql.catalogImplementation", "hive");
    if (s.catalogType().equals("embedded")) {
      conf.put(
          "spark.hadoop.javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName="
              + Path.of(s.metastorePath()).toAbsolutePath()
              + ";create=true");
      conf.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
      conf.put("spark.hadoop.hive.metastore.schema.verification", "false");
    } else {
      conf.put("spark.hadoop.hive.metastore.uris", s.metastoreUri());
    }
    conf.putAll(s.sparkConf());
    return conf;
  }

  /** Derby's own log, beside the embedded metastore rather than in the working directory. */
  public static String derbyLog(LakehouseSettings s) {
    return Path.of(s.metastorePath()).toAbsolutePath().getParent().resolve("derby.log").toString();
  }
}
