package fr.audience.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import fr.audience.core.AppConfig;
import fr.audience.features.FeatureTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Training against the way it was done before it prepared the features once: each candidate as a
 * whole MLlib pipeline (preparation, assembly, scaler, classifier) fitted on the feature rows, its
 * validation ROC AUC from MLlib's {@code BinaryClassificationEvaluator}, the chosen pipeline
 * refitted on every row. Same rows (synthetic subscribers with a planted churn probability, fixed
 * seed), so the fits see the same vectors in the same partitions: candidates' AUCs, the refitted
 * models' probabilities and the drivers' coefficients agree to rounding (1e-9). The Platt map was
 * fitted by MLlib's L-BFGS, which stops at a relative loss change of 1e-6; Newton's method goes to
 * the maximum, so the maps agree to 1e-3 (measured: see the assertion).
 */
class ChurnTrainerEquivalenceTest {
  private static final LocalDate DATE = LocalDate.parse("2026-06-01");

  /**
   * A smaller grid than the default (two regressions, one depth of ten trees): both families, more
   * candidates than fits run at once, in a fraction of the time.
   */
  private static final ChurnSettings SETTINGS =
      ChurnSettings.from(
          AppConfig.defaults(
              "audience.churn.lr-reg-params=[0.01,1.0]",
              "audience.churn.gbt-max-iterations=10",
              "audience.churn.gbt-max-depths=[3]"));

  /**
   * On the synthetic subscribers the regression ranks best (validation AUC 0.807 against 0.805 on a
   * first run).
   */
  @Test
  void logisticRegressionChosen() {
    Dataset<Row> rows = rows().cache();
    assertThat(sameAsWholePipelines(rows)).isEqualTo(ChurnModel.LOGISTIC);
    rows.unpersist();
  }

  /**
   * Churn planted where no monotone model sees it (churned when a uniform feature falls in its
   * middle half, 85% of the time, else 15%): the trees are chosen, so the logistic regression that
   * words the drivers is refitted beside them.
   */
  @Test
  void treesChosenAndTheDriversRefittedBesideThem() {
    Column exclusive = col("comments").between(0.25, 0.75);
    Column draw = rand(7);
    Dataset<Row> rows =
        rows()
            .withColumn(
                ChurnLabels.LABEL,
                when(exclusive, when(draw.lt(0.85), lit(1.0)).otherwise(lit(0.0)))
                    .otherwise(when(draw.lt(0.15), lit(1.0)).otherwise(lit(0.0))))
            .cache();
    assertThat(sameAsWholePipelines(rows)).isEqualTo(ChurnModel.GBT);
    rows.unpersist();
  }

  private static Dataset<Row> rows() {
    List<LocalDate> snapshots = new ChurnTrainer(SETTINGS).snapshots(DATE);
    return SyntheticChurnRows.of(TestSpark.spark(), SETTINGS, snapshots, 8_000, 20261207L);
  }

  /** Checks training on {@code rows} against the whole pipelines; returns the chosen family. */
  private static String sameAsWholePipelines(Dataset<Row> rows) {
    ChurnSettings s = SETTINGS;
    ChurnTrainer trainer = new ChurnTrainer(s);
    List<LocalDate> snapshots = trainer.snapshots(DATE);
    rows.count();

    ChurnTrainer.Fitted fitted = trainer.fit(rows, snapshots, DATE, true);
    ChurnMetrics m = fitted.metrics();

    Date lastTrain = Date.valueOf(snapshots.get(s.trainSnapshots() - 1));
    Date firstValidation = Date.valueOf(snapshots.get(s.trainSnapshots()));
    Dataset<Row> train = rows.filter(col(FeatureTables.AS_OF_DATE).leq(lastTrain));
    Dataset<Row> validation = rows.filter(col(FeatureTables.AS_OF_DATE).geq(firstValidation));
    long positives = train.filter(col(ChurnLabels.LABEL).equalTo(1)).count();
    double weight =
        ChurnModel.positiveWeight(positives, train.count() - positives, s.balanceClasses());
    assertThat(m.validationPositiveWeight()).isEqualTo(weight);
    Dataset<Row> weighted = ChurnModel.withWeight(train, weight);

    // Every candidate of the grid, in grid order, with its AUC.
    assertThat(m.candidates()).hasSize(s.lrRegParams().size() + s.gbtMaxDepths().size());
    PipelineModel chosenOnTrain = null;
    for (int i = 0; i < m.candidates().size(); i++) {
      boolean logistic = i < s.lrRegParams().size();
      PipelineModel reference =
          logistic
              ? ChurnModel.logistic(s, s.lrRegParams().get(i)).fit(weighted)
              : ChurnModel.gbt(s, s.gbtMaxDepths().get(i - s.lrRegParams().size())).fit(weighted);
      double auc = evaluator("areaUnderROC").evaluate(probabilities(reference, validation, weight));
      ChurnMetrics.Candidate c = m.candidates().get(i);
      assertThat(c.model()).isEqualTo(logistic ? ChurnModel.LOGISTIC : ChurnModel.GBT);
      assertThat(c.rocAuc()).as(c.params()).isCloseTo(auc, within(1e-9));
      if (c.model().equals(m.chosen()) && c.params().equals(m.chosenParams())) {
        chosenOnTrain = reference;
      }
    }
    assertThat(chosenOnTrain).isNotNull();

    // The chosen candidate's validation metrics, as Spark computed them.
    Dataset<Row> scored = probabilities(chosenOnTrain, validation, weight).cache();
    assertThat(m.rocAuc()).isCloseTo(evaluator("areaUnderROC").evaluate(scored), within(1e-9));
    assertThat(m.prAuc()).isCloseTo(evaluator("areaUnderPR").evaluate(scored), within(1e-9));
    double brier =
        scored
            .agg(avg(org.apache.spark.sql.functions.pow(col("p").minus(col("label")), 2)))
            .first()
            .getDouble(0);
    assertThat(m.brierUncalibrated()).isCloseTo(brier, within(1e-9));
    List<Row> pl = scored.select("p", ChurnLabels.LABEL).collectAsList();
    double[] p = pl.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    double[] y = pl.stream().mapToDouble(r -> ((Number) r.get(1)).doubleValue()).toArray();
    ChurnCalibration mllibMap = mllibPlatt(scored);
    assertThat(m.validationCalibration().intercept()).isCloseTo(mllibMap.intercept(), within(1e-3));
    assertThat(m.validationCalibration().slope()).isCloseTo(mllibMap.slope(), within(1e-3));
    assertThat(m.validationCalibration().intercept())
        .isCloseTo(ChurnCalibration.fit(p, y).intercept(), within(1e-12));

    // The refitted model's probabilities, row by row, from the whole pipeline fitted on every row.
    double finalWeight = m.positiveWeight();
    Dataset<Row> all = ChurnModel.withWeight(rows, finalWeight);
    boolean chosenLogistic = m.chosen().equals(ChurnModel.LOGISTIC);
    PipelineModel refit =
        (chosenLogistic
                ? ChurnModel.logistic(s, hyper(m.chosenParams(), "regParam"))
                : ChurnModel.gbt(s, (int) hyper(m.chosenParams(), "maxDepth")))
            .fit(all);
    ChurnCalibration map = m.calibration().toCalibration();
    List<Row> expected =
        probabilities(refit, rows, finalWeight).select(map.apply(col("p"))).collectAsList();
    List<Row> actual =
        fitted.model().transform(rows).select(ChurnTables.PROBABILITY).collectAsList();
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).getDouble(0)).isCloseTo(expected.get(i).getDouble(0), within(1e-9));
    }

    // The drivers: the best logistic regression refitted on every row.
    double bestReg = s.lrRegParams().get(0);
    double bestAuc = -1;
    for (int i = 0; i < s.lrRegParams().size(); i++) {
      if (m.candidates().get(i).rocAuc() > bestAuc) {
        bestAuc = m.candidates().get(i).rocAuc();
        bestReg = s.lrRegParams().get(i);
      }
    }
    LogisticRegressionModel drivers = (LogisticRegressionModel) fitted.drivers().stages()[3];
    LogisticRegressionModel reference =
        (LogisticRegressionModel) ChurnModel.logistic(s, bestReg).fit(all).stages()[3];
    assertThat(drivers.intercept()).isCloseTo(reference.intercept(), within(1e-9));
    double[] a = drivers.coefficients().toArray();
    double[] b = reference.coefficients().toArray();
    for (int j = 0; j < a.length; j++) {
      assertThat(a[j]).isCloseTo(b[j], within(1e-9));
    }
    scored.unpersist();
    return m.chosen();
  }

  private static Dataset<Row> probabilities(PipelineModel model, Dataset<Row> rows, double weight) {
    return model.transform(rows).withColumn("p", ChurnModel.probability(weight));
  }

  private static BinaryClassificationEvaluator evaluator(String metric) {
    return new BinaryClassificationEvaluator()
        .setLabelCol(ChurnLabels.LABEL)
        .setRawPredictionCol("p")
        .setNumBins(0)
        .setMetricName(metric);
  }

  /** The previous Platt fit: MLlib's logistic regression of the label on logit(p), defaults. */
  private static ChurnCalibration mllibPlatt(Dataset<Row> scored) {
    Dataset<Row> x =
        new org.apache.spark.ml.feature.VectorAssembler()
            .setInputCols(new String[] {"logit"})
            .setOutputCol("platt_input")
            .transform(
                scored
                    .select(col(ChurnLabels.LABEL), col("p"))
                    .withColumn(
                        "logit",
                        org.apache.spark.sql.functions.expr(
                            "ln(least(greatest(p, 1e-6), 1 - 1e-6)"
                                + " / (1 - least(greatest(p, 1e-6), 1 - 1e-6)))")));
    LogisticRegressionModel lr =
        new org.apache.spark.ml.classification.LogisticRegression()
            .setLabelCol(ChurnLabels.LABEL)
            .setFeaturesCol("platt_input")
            .setRegParam(0)
            .setStandardization(false)
            .setMaxIter(100)
            .fit(x);
    return new ChurnCalibration(lr.intercept(), lr.coefficients().apply(0));
  }

  private static double hyper(String params, String name) {
    for (String kv : params.split(",")) {
      String[] parts = kv.split("=");
      if (parts[0].equals(name)) {
        return Double.parseDouble(parts[1]);
      }
    }
    throw new IllegalArgumentException(name + " not in " + params);
  }
}
