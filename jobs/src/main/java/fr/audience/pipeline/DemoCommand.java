package fr.audience.pipeline;

import com.typesafe.config.Config;
import fr.audience.core.DateRange;
import fr.audience.core.JobOptions;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.SparkSessions;
import fr.audience.generate.GenerationSummary;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Generate sample data, run the pipeline on it, print a summary.",
    description =
        "Generate a sample dataset (audience.generate.*), run the daily pipeline over all its dates, "
            + "register the planted ground truth as truth.users, and print a summary. The lakehouse stays "
            + "under audience.paths.lakehouse for bin/audience sql.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin JobOptions options;

  @Option(names = "--users", description = "Override audience.generate.users.")
  Integer users;

  @Option(names = "--days", description = "Override audience.generate.days.")
  Integer days;

  @Override
  public Integer call() throws Exception {
    Config config = options.config(overrides());
    GeneratorSettings generator = Demo.generatorSettings(config);
    Pipeline pipeline = Pipeline.from(config);
    LakehouseSettings lakehouse = pipeline.lakehouse();

    System.out.printf(
        "Generating %d users x %d days into %s ...%n",
        generator.users(), generator.days(), generator.out());
    GenerationSummary generated = Generator.generate(generator);
    System.out.print(generated.describe());
    DateRange dates =
        new DateRange(generator.startDate(), generator.startDate().plusDays(generator.days() - 1L));
    try (SparkSession spark = SparkSessions.create("demo", lakehouse)) {
      long start = System.nanoTime();
      pipeline.run(spark, dates);
      Demo.registerTruth(spark, lakehouse, generator.out().resolve("_truth"));
      System.out.printf(
          "%nPipeline over %s done in %.0f s.%n", dates, (System.nanoTime() - start) / 1e9);
      long models = System.nanoTime();
      Demo.trainAndScore(spark, config, dates.to());
      System.out.printf(
          "Models trained for %s and the day rescored in %.0f s.%n%n",
          dates.to(), (System.nanoTime() - models) / 1e9);
      Demo.printSummary(spark, System.out);
    }
    System.out.println();
    System.out.println(
        "Query it: bin/audience sql \"SELECT * FROM gold.segment_profiles LIMIT 10\"");
    System.out.println("Tableau de bord : " + Demo.reportPage(config, dates.to()));
    return 0;
  }

  private List<String> overrides() {
    List<String> extra = new java.util.ArrayList<>();
    if (users != null) {
      extra.add("audience.generate.users=" + users);
    }
    if (days != null) {
      extra.add("audience.generate.days=" + days);
    }
    return extra;
  }
}
