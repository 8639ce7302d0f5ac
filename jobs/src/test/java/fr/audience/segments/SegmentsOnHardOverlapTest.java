package fr.audience.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import fr.audience.TestSpark;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.features.FeaturesJob;
import fr.audience.features.FeaturesSettings;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import fr.audience.pipeline.Demo;
import fr.audience.pipeline.Pipeline;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harder generator setting (segment-overlap 0.6: every segment's tastes pulled toward the
 * population), on a smaller dataset of its own so the figure beside the default one means
 * something.
 */
@org.junit.jupiter.api.Tag("slow")
class SegmentsOnHardOverlapTest {
  private static final int USERS = 1500;
  private static final int DAYS = 28;

  @TempDir Path dir;

  @Test
  void segmentsAreStillFoundWhenTheyOverlapMore() {
    SparkSession spark = TestSpark.spark();
    TestSpark.freshLakehouse(dir);
    Config config =
        TestSpark.config(
            dir,
            "audience.generate.users=" + USERS,
            "audience.generate.days=" + DAYS,
            "audience.generate.segment-overlap=0.6",
            // Around the planted 8 segments: enough to tell a recovery from chance, at a fraction
            // of the cost.
            "audience.segments.k-min=6",
            "audience.segments.k-max=10",
            // Only the features as of the day after the last one are clustered: they are computed
            // below,
            // for that day only, from the silver tables.
            "audience.pipeline.jobs=[ingest, sessionize]");
    GeneratorSettings generator = Demo.generatorSettings(config);
    Generator.generate(generator);
    DateRange dates =
        new DateRange(generator.startDate(), generator.startDate().plusDays(DAYS - 1L));
    Pipeline pipeline = Pipeline.from(config);
    TestSpark.compiled(
        () -> {
          pipeline.run(spark, dates);
          return null;
        });
    Demo.registerTruth(spark, pipeline.lakehouse(), generator.out().resolve("_truth"));
    LocalDate asOf = dates.to().plusDays(1);
    DailyJob.runRecorded(
        spark,
        pipeline.lakehouse(),
        new FeaturesJob(FeaturesSettings.from(config)),
        DateRange.of(asOf));

    // Reported beside the default setting's figures (SegmentsOnGeneratedDataTest): how well one
    // feature
    // alone tells each planted segment from the rest. Not held to a bar here; see docs/segments.md.
    SingleFeatureSeparation.ofPlanted(
        spark, SegmentSettings.from(config), asOf, generator.segmentOverlap());

    // The default algorithm only: the others' figures at this setting are in docs/segments.md.
    for (String algorithm : List.of("kmeans")) {
      SegmentSettings settings =
          SegmentSettings.from(
              config.withValue(
                  "audience.segments.algorithm", ConfigValueFactory.fromAnyRef(algorithm)));
      SegmentMetrics m = new SegmentTrainer(settings).train(spark, asOf);
      Dataset<Row> assigned =
          SegmentScoring.assign(
              spark,
              ModelStore.loadModel(settings.modelDir(m.version())),
              m,
              SegmentScoring.usersAt(spark, settings, asOf, "score"));
      double ari =
          AdjustedRandIndex.of(
              assigned.join(
                  spark
                      .table("truth.users")
                      .select("user_id", "segment_id")
                      .withColumnRenamed("segment_id", "planted"),
                  "user_id"),
              "segment_id",
              "planted");
      System.out.printf(
          "segments ARI vs truth (overlap 0.6, %d users x %d days): %s %.3f, k = %d, candidates %s%n",
          USERS, DAYS, algorithm, ari, m.k(), m.candidates());
      // Reported beside the default setting's figure (docs/segments.md has both). At this overlap
      // the
      // planted segments no longer form separate clouds; k-means must still be well above chance
      // (0).
      assertThat(ari).isGreaterThan(algorithm.equals("kmeans") ? 0.3 : 0.0);
    }
  }
}
