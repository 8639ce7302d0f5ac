package fr.audience.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import fr.audience.TestSpark;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.ModelRegistry;
import fr.audience.features.FeaturesJob;
import fr.audience.features.FeaturesSettings;
import fr.audience.generate.Generator;
import fr.audience.generate.GeneratorSettings;
import fr.audience.pipeline.Demo;
import fr.audience.pipeline.Pipeline;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn model against the generator's planted churn process, on a dataset of its own where
 * every reader subscribes at some point (the demo's 10% leaves too few active subscribers per
 * snapshot) and long enough for a 28-day feature window, three weekly training snapshots, the 30
 * days their labels look ahead to the validation snapshots, two of them a week apart, and their own
 * 30-day horizon.
 */
@org.junit.jupiter.api.Tag("slow")
class ChurnOnGeneratedDataTest {
  static final int USERS = 2000;

  /**
   * 28-day feature window + 3 weekly training snapshots + 30 days + 2 weekly validation ones + 30
   * days.
   */
  static final int DAYS = 28 + 2 * 7 + 30 + 7 + 30;

  /** A year of history: subscribers of all tenures, fewer long-gone ones to generate. */
  static final int HISTORY_MONTHS = 12;

  @TempDir Path dir;

  /** The lakehouse, the training date and its metrics, after generating and training. */
  private record Trained(
      Config config,
      Pipeline pipeline,
      LocalDate date,
      ChurnMetrics metrics,
      long t0,
      long t1,
      long t2,
      long t3) {}

  private Trained train() {
    long t0 = System.nanoTime();
    SparkSession spark = TestSpark.spark();
    TestSpark.freshLakehouse(dir);
    Config config =
        TestSpark.config(
            dir,
            "audience.generate.users=" + USERS,
            "audience.generate.days=" + DAYS,
            "audience.generate.history-months=" + HISTORY_MONTHS,
            "audience.generate.files-per-day=1",
            "audience.churn.train-snapshots=3",
            "audience.churn.validation-snapshots=2",
            "audience.pipeline.jobs=[ingest, sessionize]");
    GeneratorSettings generator = Demo.generatorSettings(config).withSubscriberShare(1.0);
    Generator.generate(generator);
    long t1 = System.nanoTime();
    DateRange dates =
        new DateRange(generator.startDate(), generator.startDate().plusDays(DAYS - 1L));
    Pipeline pipeline = Pipeline.from(config);
    pipeline.run(spark, dates);
    Demo.registerTruth(spark, pipeline.lakehouse(), generator.out().resolve("_truth"));
    long t2 = System.nanoTime();

    LocalDate date = dates.to().plusDays(1);
    ChurnSettings settings = ChurnSettings.from(config);
    ChurnMetrics m = new ChurnTrainer(settings).train(spark, date);
    long t3 = System.nanoTime();
    System.out.printf(
        "churn on generated data (%d users x %d days, all subscribers): chosen %s, ROC AUC %.4f "
            + "(Bayes %.4f, ratio %.3f), Brier %.4f (true %.4f, ratio %.3f; uncalibrated %.4f, ratio %.3f), calibration %s, "
            + "validation rows %s, candidates %s%n",
        USERS,
        DAYS,
        m.chosen(),
        m.rocAuc(),
        m.bayesAucRoc(),
        m.rocAuc() / m.bayesAucRoc(),
        m.brier(),
        m.trueBrier(),
        m.brier() / m.trueBrier(),
        m.brierUncalibrated(),
        m.brierUncalibrated() / m.trueBrier(),
        m.calibration(),
        m.validationRows(),
        m.candidates());
    return new Trained(config, pipeline, date, m, t0, t1, t2, t3);
  }

  @Test
  void validatedHonestlyCalibratedAndScoresIdempotently() {
    // 2,000 readers x 109 days: large enough for Spark's compiled code paths to win.
    Trained trained = TestSpark.compiled(this::train);
    SparkSession spark = TestSpark.spark();
    ChurnMetrics m = trained.metrics();
    LocalDate date = trained.date();
    Config config = trained.config();
    Pipeline pipeline = trained.pipeline();
    ChurnSettings settings = ChurnSettings.from(config);

    // Every training label is known on the first validation snapshot (no subscriber's validation
    // outcome can be read off a training label).
    List<String> train = m.trainSnapshots();
    List<String> validation = m.validationSnapshots();
    assertThat(LocalDate.parse(train.get(train.size() - 1)).plusDays(settings.horizonDays()))
        .isBeforeOrEqualTo(LocalDate.parse(validation.get(0)));
    // Source: the generator's planted per-period cancel probability (truth.users.churn_theta),
    // which is
    // exactly each validation row's probability of an end within the horizon.
    assertThat(m.truthRows()).isEqualTo(m.validationRows());
    // No model beats the planted probabilities on the same rows but by chance: the ROC AUC of
    // ~1,750 rows
    // with ~170 churners has a standard error of about 0.02 (Hanley and McNeil 1982), and the best
    // of
    // five candidates is kept. A model well above the bound has seen the validation outcomes.
    assertThat(m.rocAuc()).isLessThanOrEqualTo(m.bayesAucRoc() + 0.03);
    // The bars, against the same planted probabilities: a ROC AUC of at least 95% of theirs
    // (one draw of the generator; its sampling error is the ~0.02 above, docs/churn.md) and a Brier
    // score at most 10% above theirs.
    assertThat(m.rocAuc()).isGreaterThanOrEqualTo(0.95 * m.bayesAucRoc());
    assertThat(m.brier()).isLessThanOrEqualTo(1.10 * m.trueBrier());
    assertThat(m.chosenBecause()).isNotBlank();
    assertThat(m.reliability()).hasSize(10);
    assertThat(m.importances()).hasSameSizeAs(m.features());
    assertThat(m.candidates())
        .hasSize(settings.lrRegParams().size() + settings.gbtMaxDepths().size());
    assertThat(m.refitRows()).isGreaterThan(m.trainRows());
    ModelRegistry.Entry entry =
        ModelRegistry.latest(spark, ChurnTrainer.MODEL, date, false, "").orElseThrow();
    assertThat(entry.version()).isEqualTo(date.toString());
    assertThat(dir.resolve("models/churn/" + date + "/metrics.json")).exists();

    DailyJob.runRecorded(
        spark,
        pipeline.lakehouse(),
        new FeaturesJob(FeaturesSettings.from(config)),
        DateRange.of(date));
    ChurnScoreJob scoring = new ChurnScoreJob(settings, true);
    DailyJob.runRecorded(spark, pipeline.lakehouse(), scoring, DateRange.of(date));
    List<Row> first = scores(spark);
    long active =
        spark
            .table("gold.user_features")
            .filter("as_of_date = DATE'" + date + "' AND subscription_status = 'active'")
            .count();
    assertThat(first).hasSize((int) active).isNotEmpty();
    for (Row r : first) {
      double p = r.getAs("churn_probability");
      assertThat(p).isBetween(0.0, 1.0);
      assertThat(ChurnTables.RISK_BANDS).contains(r.<String>getAs("risk_band"));
      assertThat(r.<scala.collection.Seq<String>>getAs("top_drivers").size()).isBetween(0, 3);
      assertThat(r.<Double>getAs("revenue_at_risk_eur"))
          .isCloseTo(
              p * r.<Double>getAs("monthly_revenue_eur"),
              org.assertj.core.api.Assertions.within(1e-9));
    }
    assertThat(first)
        .anyMatch(r -> r.<scala.collection.Seq<String>>getAs("top_drivers").size() == 3);
    // Calibration in the large, on the scored date itself: source, the planted 30-day churn
    // probability
    // of every subscriber still active at the end of the generated window
    // (truth.users.churn_prob_30d).
    // Revenue at risk sums probability x revenue, so a bias of the mean probability biases it
    // directly.
    // Tolerance 0.02: about three standard errors of the churn rate the calibration learns from
    // (~1,750
    // validation rows at ~10%: 0.007), a month earlier than the scored date.
    Row mean =
        spark
            .sql(
                "SELECT avg(s.churn_probability), avg(t.churn_prob_30d), count(*) FROM gold.churn_scores s "
                    + "JOIN truth.users t USING (user_id) WHERE s.as_of_date = DATE'"
                    + date
                    + "' AND t.churn_prob_30d IS NOT NULL")
            .first();
    System.out.printf(
        "scored %s: mean churn probability %.4f against the planted %.4f over %d subscribers%n",
        date, mean.getDouble(0), mean.getDouble(1), mean.getLong(2));
    assertThat(mean.getLong(2)).isGreaterThan(active / 2);
    assertThat(mean.getDouble(0))
        .isCloseTo(mean.getDouble(1), org.assertj.core.api.Assertions.within(0.02));
    // Re-running the date replaces it: the same rows, no duplicates.
    DailyJob.runRecorded(spark, pipeline.lakehouse(), scoring, DateRange.of(date));
    assertThat(scores(spark)).containsExactlyElementsOf(first);
    System.out.printf(
        "timings: generate %.1f s, pipeline %.1f s, train %.1f s, score twice %.1f s%n",
        (trained.t1() - trained.t0()) / 1e9,
        (trained.t2() - trained.t1()) / 1e9,
        (trained.t3() - trained.t2()) / 1e9,
        (System.nanoTime() - trained.t3()) / 1e9);
    // What the notebook and scoring read back is what training returned.
    assertThat(ChurnMetrics.fromJson(entry.metrics())).isEqualTo(m);
    // The saved model gives the calibrated probability itself: scoring applied its last stage.
    assertThat(ChurnProbability.in(org.apache.spark.ml.PipelineModel.load(entry.path() + "/model")))
        .isPresent();
  }

  private static List<Row> scores(SparkSession spark) {
    return spark.sql("SELECT * FROM gold.churn_scores ORDER BY user_id").collectAsList();
  }
}
