package fr.audience.churn;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two candidate MLlib pipelines and what is read out of them. Both start with the same SQL
 * stage turning gold.user_features columns into model inputs (nulls filled, counts in log1p, plan
 * indicators), so a saved model scores raw feature rows.
 */
public final class ChurnModel {
  static final String LOGISTIC = "logistic_regression";
  static final String GBT = "gbt";
  static final String PLAN_PREFIX = "plan_";
  static final List<String> PLANS = List.of("digital", "print", "bundle");
  static final String WEIGHT = "weight";
  public static final String RAW_FEATURES = "raw_features";
  static final String FEATURES = "features";
  private static final String INPUT = "x_";

  private ChurnModel() {}

  /** Model inputs in vector order: the configured features, then one indicator per plan. */
  static List<String> inputs(ChurnSettings s) {
    List<String> out = new ArrayList<>(s.features());
    PLANS.forEach(p -> out.add(PLAN_PREFIX + p));
    return out;
  }

  static String input(String feature) {
    return INPUT + feature;
  }

  /**
   * Null means "not observed in the window": no visit gives a recency one day past the window, any
   * other missing count, share or rate is 0.
   */
  static SQLTransformer prepare(ChurnSettings s) {
    List<String> exprs = new ArrayList<>();
    for (String f : s.features()) {
      String fill = f.equals("recency_days") ? String.valueOf(s.windowDays() + 1) : "0";
      String value = "coalesce(CAST(`" + f + "` AS DOUBLE), " + fill + ")";
      exprs.add((s.logFeatures().contains(f) ? "log1p(" + value + ")" : value) + " AS " + input(f));
    }
    for (String p : PLANS) {
      exprs.add(
          "CAST(coalesce(subscription_plan = '"
              + p
              + "', false) AS DOUBLE) AS "
              + input(PLAN_PREFIX + p));
    }
    return new SQLTransformer()
        .setStatement("SELECT *, " + String.join(", ", exprs) + " FROM __THIS__");
  }

  static VectorAssembler assembler(ChurnSettings s) {
    return new VectorAssembler()
        .setInputCols(inputs(s).stream().map(ChurnModel::input).toArray(String[]::new))
        .setOutputCol(RAW_FEATURES);
  }

  /**
   * {@code rows} with their model inputs assembled in {@link #RAW_FEATURES}: what every candidate
   * reads, computed once per training.
   */
  public static Dataset<Row> vectors(ChurnSettings s, Dataset<Row> rows) {
    return assembler(s).transform(prepare(s).transform(rows));
  }

  /** Standardises the raw features for the logistic regression (mean 0, variance 1). */
  public static StandardScaler scaler() {
    return new StandardScaler()
        .setInputCol(RAW_FEATURES)
        .setOutputCol(FEATURES)
        .setWithMean(true)
        .setWithStd(true);
  }

  /** The logistic regression of the grid with L2 strength {@code regParam}, on scaled features. */
  public static LogisticRegression logisticRegression(double regParam) {
    return new LogisticRegression()
        .setLabelCol(ChurnLabels.LABEL)
        .setWeightCol(WEIGHT)
        .setRegParam(regParam)
        .setElasticNetParam(0)
        .setMaxIter(200)
        .setFeaturesCol(FEATURES);
  }

  /** The gradient-boosted trees of the grid with depth {@code maxDepth}, on the raw features. */
  public static GBTClassifier gbtClassifier(ChurnSettings s, int maxDepth) {
    return new GBTClassifier()
        .setLabelCol(ChurnLabels.LABEL)
        .setWeightCol(WEIGHT)
        .setFeaturesCol(RAW_FEATURES)
        .setMaxDepth(maxDepth)
        .setMaxIter(s.gbtMaxIterations())
        .setStepSize(0.1)
        .setSubsamplingRate(0.8)
        .setMinInstancesPerNode(20)
        .setSeed(s.seed());
  }

  /** The whole logistic pipeline, from feature rows: the reference the tests fit in one go. */
  static Pipeline logistic(ChurnSettings s, double regParam) {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {prepare(s), assembler(s), scaler(), logisticRegression(regParam)});
  }

  /** The whole gradient-boosted trees pipeline, from feature rows. */
  static Pipeline gbt(ChurnSettings s, int maxDepth) {
    return new Pipeline()
        .setStages(new PipelineStage[] {prepare(s), assembler(s), gbtClassifier(s, maxDepth)});
  }

  /**
   * A model saved as one pipeline from feature rows: the preparation and assembly, then {@code
   * fitted} (stages fitted on {@link #vectors}). {@code rows} only gives the input schema the
   * stages are checked against: nothing is computed.
   */
  static PipelineModel fromFeatureRows(ChurnSettings s, Dataset<Row> rows, Transformer... fitted) {
    PipelineStage[] stages = new PipelineStage[fitted.length + 2];
    stages[0] = prepare(s);
    stages[1] = assembler(s);
    System.arraycopy(fitted, 0, stages, 2, fitted.length);
    return new Pipeline().setStages(stages).fit(rows);
  }

  /** Positives weighted so both classes weigh the same when balancing, else 1. */
  public static double positiveWeight(long positives, long negatives, boolean balance) {
    return balance && positives > 0 ? Math.max(1.0, (double) negatives / positives) : 1.0;
  }

  public static Dataset<Row> withWeight(Dataset<Row> rows, double positiveWeight) {
    return rows.withColumn(
        WEIGHT, when(col(ChurnLabels.LABEL).equalTo(1), lit(positiveWeight)).otherwise(lit(1.0)));
  }

  /**
   * The probability of churn, undoing the class weights: a model fitted with positives weighted w
   * estimates odds w times too high, so its odds are divided by w (prior correction).
   */
  static Column probability(double positiveWeight) {
    return probability("probability", positiveWeight);
  }

  /** {@link #probability(double)} of the classifier's probability vector column {@code vector}. */
  static Column probability(String vector, double positiveWeight) {
    Column p = functions.vector_to_array(col(vector), "float64").getItem(1);
    return p.divide(p.plus(lit(1.0).minus(p).multiply(positiveWeight)));
  }

  /**
   * The inputs raising this user's log-odds most under the logistic regression: coefficient times
   * standardized value, positive contributions only, largest three, worded by {@link ChurnWording}.
   */
  static Column drivers(PipelineModel logistic, List<String> inputs) {
    StandardScalerModel scaler = (StandardScalerModel) logistic.stages()[2];
    LogisticRegressionModel lr = (LogisticRegressionModel) logistic.stages()[3];
    double[] mean = scaler.mean().toArray();
    double[] std = scaler.std().toArray();
    double[] coef = lr.coefficients().toArray();
    List<Column> parts = new ArrayList<>();
    for (int j = 0; j < inputs.size(); j++) {
      if (std[j] <= 0 || coef[j] == 0) {
        continue;
      }
      Column x = col(input(inputs.get(j)));
      ChurnWording.Phrase phrase = ChurnWording.of(inputs.get(j));
      parts.add(
          struct(
              x.minus(mean[j]).divide(std[j]).multiply(coef[j]).as("c"),
              when(x.lt(mean[j]), lit(phrase.low())).otherwise(lit(phrase.high())).as("n")));
    }
    if (parts.isEmpty()) {
      return array().cast("array<string>");
    }
    Column raising =
        filter(sort_array(array(parts.toArray(Column[]::new)), false), c -> c.getField("c").gt(0));
    return transform(slice(raising, 1, 3), c -> c.getField("n"));
  }

  /**
   * Standardized coefficients (logistic regression) or split-gain importances (GBT), largest first.
   */
  static List<ChurnMetrics.Importance> importances(PipelineModel model, List<String> inputs) {
    Object last = model.stages()[model.stages().length - 1];
    Vector weights =
        last instanceof LogisticRegressionModel lr
            ? lr.coefficients()
            : ((GBTClassificationModel) last).featureImportances();
    double[] w = weights.toArray();
    List<ChurnMetrics.Importance> out = new ArrayList<>();
    for (int j = 0; j < inputs.size(); j++) {
      out.add(
          new ChurnMetrics.Importance(
              inputs.get(j),
              Math.abs(w[j]),
              last instanceof LogisticRegressionModel ? w[j] : null));
    }
    out.sort(Comparator.comparingDouble((ChurnMetrics.Importance i) -> -i.importance()));
    return out;
  }
}
