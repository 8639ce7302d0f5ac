package fr.audience.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn model's last stage: prior correction then Platt map, saved and loaded with the
 * pipeline.
 */
class ChurnProbabilityTest {
  private static final double WEIGHT = 4.0;
  private static final ChurnCalibration MAP = new ChurnCalibration(-0.3, 1.3);

  @TempDir Path dir;

  @Test
  void givesTheCalibratedPriorCorrectedProbability() {
    double[] p = {0.001, 0.1, 0.5, 0.73, 0.999};
    StructType schema =
        new StructType().add("user_id", DataTypes.StringType).add("probability", new VectorUDT());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      rows.add(RowFactory.create("u" + i, Vectors.dense(1 - p[i], p[i])));
    }
    Dataset<Row> in = TestSpark.spark().createDataFrame(rows, schema);

    List<Row> out =
        ChurnProbability.of(WEIGHT, MAP).transform(in).orderBy("user_id").collectAsList();

    for (int i = 0; i < p.length; i++) {
      // By hand: odds divided by the class weight, then sigmoid(intercept + slope x logit(q)).
      double q = p[i] / (p[i] + (1 - p[i]) * WEIGHT);
      double expected =
          1 / (1 + Math.exp(-(MAP.intercept() + MAP.slope() * Math.log(q / (1 - q)))));
      assertThat(out.get(i).<Double>getAs(ChurnTables.PROBABILITY))
          .isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void aSavedPipelineModelLoadsWithTheStageAndScoresTheSame() throws Exception {
    Dataset<Row> rows = labelled();
    PipelineModel fitted = classifier().fit(rows);
    PipelineModel model = ChurnProbability.of(WEIGHT, MAP).appendedTo(fitted, rows);
    String path = dir.resolve("model").toString();

    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    assertThat(loaded.stages()).hasSize(fitted.stages().length + 1);
    ChurnProbability stage = ChurnProbability.in(loaded).orElseThrow();
    assertThat(stage.getPositiveWeight()).isEqualTo(WEIGHT);
    assertThat(stage.getCalibration()).isEqualTo(MAP);
    assertThat(scores(loaded.transform(rows)))
        .containsExactlyElementsOf(scores(model.transform(rows)));
  }

  @Test
  void aModelSavedWithoutTheStageScoresAsOneSavedWithIt() {
    Dataset<Row> rows = labelled();
    PipelineModel fitted = classifier().fit(rows);
    PipelineModel withStage = ChurnProbability.of(WEIGHT, MAP).appendedTo(fitted, rows);
    ChurnMetrics metrics =
        new ChurnMetrics(
            "churn",
            "v",
            "2026-05-01",
            "logistic_regression",
            "",
            "",
            0,
            0,
            0,
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            MAP.describe(),
            MAP.describe(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            0,
            0,
            0,
            0,
            WEIGHT,
            0,
            0,
            WEIGHT,
            30,
            28,
            List.of("x"));

    ChurnScoreJob.Loaded legacy = ChurnScoreJob.Loaded.of(fitted, fitted, metrics);
    ChurnScoreJob.Loaded current = ChurnScoreJob.Loaded.of(withStage, fitted, metrics);

    assertThat(legacy.legacyProbability()).isNotNull();
    assertThat(current.legacyProbability()).isNull();
    assertThat(scores(legacy.transform(rows)))
        .containsExactlyElementsOf(scores(current.transform(rows)));
  }

  private static Pipeline classifier() {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features"),
              new LogisticRegression().setLabelCol(ChurnLabels.LABEL).setFeaturesCol("features")
            });
  }

  /** Rows whose churn rate rises with x. */
  private static Dataset<Row> labelled() {
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("x", DataTypes.DoubleType)
            .add(ChurnLabels.LABEL, DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double x = i / 10.0;
      rows.add(RowFactory.create("u" + (100 + i), x, (i % 4 == 0 || x > 3) ? 1 : 0));
    }
    return TestSpark.spark().createDataFrame(rows, schema);
  }

  private static List<Row> scores(Dataset<Row> scored) {
    return scored.select("user_id", ChurnTables.PROBABILITY).orderBy("user_id").collectAsList();
  }
}
