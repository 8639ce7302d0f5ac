package fr.audience;

import com.typesafe.config.Config;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.generate.GenerationSummary;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import fr.audience.pipeline.Demo;
import fr.audience.pipeline.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's dataset (audience.generate.* defaults), generated and run through the daily pipeline
 * once per test JVM (kpi and report for the last date only, after a churn model is trained for it
 * and the date scored, as make demo does), with truth.users registered. Tests tagged {@code
 * generated} share it and run in their own JVM (see the surefire executions in jobs/pom.xml); they
 * must not drop its databases.
 *
 * <p>When the system property {@value #KEEP_PROPERTY} names a folder, the lakehouse and the JVM's
 * catalog are built there, emptied first, and left behind: make test runs the notebooks on it
 * afterwards instead of generating the same dataset a second time.
 */
public final class GeneratedLakehouse {
  public static final String TAG = "generated";
  public static final String KEEP_PROPERTY = "audience.test.generated-lakehouse";
  private static GeneratedLakehouse instance;

  public final Config config;
  public final LakehouseSettings lakehouse;
  public final GeneratorSettings generator;
  public final GenerationSummary generated;
  public final DateRange dates;

  private GeneratedLakehouse(
      Config config, GeneratorSettings generator, GenerationSummary generated) {
    this.config = config;
    this.lakehouse = LakehouseSettings.from(config);
    this.generator = generator;
    this.generated = generated;
    this.dates =
        new DateRange(generator.startDate(), generator.startDate().plusDays(generator.days() - 1L));
  }

  public static synchronized GeneratedLakehouse get() {
    if (instance == null) {
      SparkSession spark = TestSpark.spark();
      Path dir;
      try {
        dir =
            keptFolder().isPresent()
                ? keptFolder().get().resolve("lakehouse")
                : Files.createTempDirectory("audience-generated-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Config config = config(dir);
      GeneratorSettings generator = Demo.generatorSettings(config);
      GenerationSummary generated = Generator.generate(generator);
      instance = new GeneratedLakehouse(config, generator, generated);
      // Every job over the range, except kpi and report: the tests read those for the last date
      // only. A churn model is trained for that date and the date scored before them: the
      // notebooks, which run on this lakehouse after the tests (make test), read churn scores.
      List<String> jobs = config.getStringList("audience.pipeline.jobs");
      List<String> last = List.of(fr.audience.kpi.KpiJob.NAME, fr.audience.report.ReportJob.NAME);
      Pipeline.from(withJobs(config, jobs.stream().filter(j -> !last.contains(j)).toList()))
          .run(spark, instance.dates);
      Demo.trainChurn(spark, config, instance.dates.to());
      List<String> rescore =
          List.of(
              fr.audience.churn.ChurnScoreJob.NAME,
              fr.audience.kpi.KpiJob.NAME,
              fr.audience.report.ReportJob.NAME);
      Pipeline.from(withJobs(config, rescore)).run(spark, DateRange.of(instance.dates.to()));
      Demo.registerTruth(spark, instance.lakehouse, generator.out().resolve("_truth"));
    }
    return instance;
  }

  /**
   * The folder named by {@value #KEEP_PROPERTY}, emptied on first use (the JVM's catalog lives
   * there too, so it must not hold a previous run's), or empty when the property is not set.
   */
  static synchronized java.util.Optional<Path> keptFolder() {
    String folder = System.getProperty(KEEP_PROPERTY, "");
    if (folder.isBlank()) {
      return java.util.Optional.empty();
    }
    Path path = Path.of(folder).toAbsolutePath();
    if (!emptied) {
      deleteRecursively(path);
      emptied = true;
    }
    return java.util.Optional.of(path);
  }

  private static boolean emptied;

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Config withJobs(Config config, List<String> jobs) {
    return config.withValue(
        "audience.pipeline.jobs", com.typesafe.config.ConfigValueFactory.fromIterable(jobs));
  }

  public SparkSession spark() {
    return TestSpark.spark();
  }

  public Path truthDir() {
    return generator.out().resolve("_truth");
  }

  /** The defaults plus this lakehouse's folders, and any further overrides. */
  public Config config(String... overrides) {
    return TestSpark.config(Path.of(lakehouse.lakehouse()), overrides);
  }

  private static Config config(Path dir) {
    return TestSpark.config(dir);
  }
}
