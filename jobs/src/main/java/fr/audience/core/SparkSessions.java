package fr.audience.core;

import java.nio.file.Path;
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
    builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", s.shufflePartitions())
        .config("spark.ui.enabled", s.uiEnabled())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", LakehouseSettings.qualify(s.lakehouse()))
        // Tables stay on features every common Delta reader supports.
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        .config("spark.sql.catalogImplementation", "hive")
        .enableHiveSupport();
    if (s.catalogType().equals("embedded")) {
      String url = "jdbc:derby:;databaseName=" + Path.of(s.metastorePath()).toAbsolutePath() + ";create=true";
      builder.config("spark.hadoop.javax.jdo.option.ConnectionURL", url)
          .config("spark.hadoop.datanucleus.schema.autoCreateAll", "true")
          .config("spark.hadoop.hive.metastore.schema.verification", "false");
      if (System.getProperty("derby.stream.error.file") == null) {
        System.setProperty("derby.stream.error.file",
            Path.of(s.metastorePath()).toAbsolutePath().getParent().resolve("derby.log").toString());
      }
    } else {
      builder.config("spark.hadoop.hive.metastore.uris", s.metastoreUri());
    }
    s.sparkConf().forEach(builder::config);
    return builder.getOrCreate();
  }
}
