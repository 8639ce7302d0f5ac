package fr.audience.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.audience.CommandRun;
import fr.audience.TestSpark;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What notebooks/audience.py applies must be what a job's session is built with. */
class SparkConfCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheLayeredSettingsAsJson() throws Exception {
    Files.writeString(
        dir.resolve("application.conf"),
        "audience.paths.lakehouse = \"" + dir.resolve("lh") + "\"\n");
    Files.writeString(dir.resolve("dev.conf"), "audience.spark.master = \"local[2]\"\n");
    CommandRun run =
        CommandRun.of(
            "spark-conf",
            "--conf-dir",
            dir.toString(),
            "--env",
            "dev",
            "--conf",
            "spark.shuffle-partitions=3",
            "--conf",
            "audience.catalog.metastore-path=" + dir.resolve("ms"));
    assertThat(run.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("master").asText()).isEqualTo("local[2]");
    assertThat(json.get("lakehouse").asText()).isEqualTo(dir.resolve("lh").toString());
    assertThat(json.get("metastore_path").asText()).isEqualTo(dir.resolve("ms").toString());
    JsonNode conf = json.get("conf");
    assertThat(conf.get("spark.sql.warehouse.dir").asText())
        .isEqualTo(dir.resolve("lh").toString());
    assertThat(conf.get("spark.sql.shuffle.partitions").asText()).isEqualTo("3");
    assertThat(conf.get("spark.hadoop.javax.jdo.option.ConnectionURL").asText())
        .isEqualTo("jdbc:derby:;databaseName=" + dir.resolve("ms") + ";create=true");
    assertThat(conf.get("spark.databricks.delta.snapshotPartitions").asText()).isEqualTo("4");
  }

  @Test
  void everyPrintedSettingIsTheOneAJobSessionRuns() {
    SparkSession spark = TestSpark.spark();
    LakehouseSettings s =
        TestSpark.settings(dir.resolve("lakehouse-0").getParent().resolve("ignored"));
    Map<String, String> printed = SparkSessions.settings(s);
    assertThat(printed)
        .containsKeys(
            "spark.sql.extensions",
            "spark.sql.catalog.spark_catalog",
            "spark.sql.catalogImplementation");
    printed.entrySet().stream()
        .filter(e -> !e.getKey().equals("spark.sql.warehouse.dir"))
        .forEach(
            e -> assertThat(spark.conf().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue()));
  }
}
