package fr.audience;

import fr.audience.core.AppConfig;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM (it takes ~10 s to start) with its own embedded catalog. Each
 * test that writes tables calls {@link #freshLakehouse} to start from empty databases.
 */
public final class TestSpark {
  private static final String[] DATABASES = {"bronze", "silver", "gold", "ops", "truth"};
  private static Path root;
  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession spark() {
    if (spark == null) {
      root = GeneratedLakehouse.keptFolder().orElseGet(TestSpark::tempFolder);
      spark = SparkSessions.create("tests", settings(root.resolve("lakehouse-0")));
      if (!Boolean.getBoolean(CODEGEN_PROPERTY)) {
        interpreted(spark);
      }
    }
    return spark;
  }

  /** Set to true (the generated-data JVM) to keep Spark's compiled code paths for the whole JVM. */
  public static final String CODEGEN_PROPERTY = "audience.test.codegen";

  /**
   * Spark's interpreted execution (its own test suites run in both modes): on the few rows of a
   * fixture, generating and compiling Java code for every query costs more than it saves, about 60%
   * of the executors' time in a profile of KpiJobTest, and a third of the suite's CPU.
   */
  private static void interpreted(SparkSession s) {
    s.conf().set("spark.sql.codegen.wholeStage", "false");
    s.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
  }

  /**
   * Runs {@code work} with Spark's compiled code paths, as jobs run in production: for tests whose
   * datasets are large enough that compiled code wins (the statistical tests on generated data).
   */
  public static synchronized <T> T compiled(java.util.function.Supplier<T> work) {
    SparkSession s = spark();
    String wholeStage = s.conf().get("spark.sql.codegen.wholeStage");
    String mode = s.conf().get("spark.sql.codegen.factoryMode", "FALLBACK");
    s.conf().set("spark.sql.codegen.wholeStage", "true");
    s.conf().set("spark.sql.codegen.factoryMode", "FALLBACK");
    try {
      return work.get();
    } finally {
      s.conf().set("spark.sql.codegen.wholeStage", wholeStage);
      s.conf().set("spark.sql.codegen.factoryMode", mode);
    }
  }

  private static Path tempFolder() {
    try {
      return Files.createTempDirectory("audience-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for a test lakehouse at {@code lakehouse}, sharing the JVM's one metastore. */
  public static LakehouseSettings settings(Path lakehouse) {
    return LakehouseSettings.from(config(lakehouse));
  }

  /**
   * The defaults with the lakehouse, raw input, models and reports under {@code lakehouse}, the
   * JVM's one metastore, local[2] and two shuffle partitions, then {@code overrides}: the one
   * config of a test lakehouse.
   */
  public static com.typesafe.config.Config config(Path lakehouse, String... overrides) {
    java.util.List<String> all =
        new java.util.ArrayList<>(
            java.util.List.of(
                "audience.paths.lakehouse=" + lakehouse,
                "audience.paths.raw=" + lakehouse.resolve("raw"),
                "audience.paths.models=" + lakehouse.resolve("models"),
                "audience.report.root=" + lakehouse.resolve("reports"),
                "audience.catalog.metastore-path=" + metastorePath(),
                "audience.spark.master=local[2]",
                "audience.spark.shuffle-partitions=2"));
    all.addAll(java.util.List.of(overrides));
    return AppConfig.defaults(all.toArray(String[]::new));
  }

  /** The JVM's one metastore (embedded Derby admits one JVM, and this JVM's session holds it). */
  public static String metastorePath() {
    if (root == null) {
      spark(); // sets root, and starts the session that holds the metastore
    }
    return root.resolve("metastore_db").toString();
  }

  /** Drops every project database and returns settings for a new, empty lakehouse folder. */
  public static LakehouseSettings freshLakehouse(Path dir) {
    SparkSession s = spark();
    for (String db : DATABASES) {
      s.sql("DROP DATABASE IF EXISTS " + db + " CASCADE");
    }
    return settings(dir);
  }
}
