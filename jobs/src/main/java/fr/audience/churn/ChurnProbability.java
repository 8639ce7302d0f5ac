package fr.audience.churn;

import fr.audience.core.Errors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The last stage of a saved churn model: the calibrated churn probability from the classifier's
 * probability vector. Its class 1 probability p is prior-corrected for the churners' class weight
 * w, q = p / (p + (1 - p) w), then mapped by the Platt calibration, sigmoid(intercept + slope x
 * logit(q)) ({@link ChurnModel#probability}, {@link ChurnCalibration#apply}). So {@code
 * PipelineModel.load(dir) .transform(featureRows)} gives {@code churn_probability}, the figure
 * gold.churn_scores publishes.
 *
 * <p>Persisted with the pipeline by Spark's default params writer: the metadata holds the class
 * name and the five params, and {@code PipelineModel.load} calls the static {@link #read()} and the
 * {@code (String uid)} constructor. Renaming or moving this class breaks loading saved models.
 */
public final class ChurnProbability extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final DoubleParam positiveWeight;
  private final DoubleParam intercept;
  private final DoubleParam slope;

  public ChurnProbability() {
    this(Identifiable.randomUID("churnProbability"));
  }

  /** The constructor the params reader calls with the saved uid. */
  public ChurnProbability(String uid) {
    this.uid = uid;
    inputCol =
        new Param<>(this, "inputCol", "the classifier's probability vector (class 1 = churn)");
    outputCol = new Param<>(this, "outputCol", "the calibrated churn probability");
    positiveWeight =
        new DoubleParam(
            this,
            "positiveWeight",
            "class weight of churners in the fit, undone by dividing the odds by it",
            ParamValidators.gt(0));
    intercept = new DoubleParam(this, "intercept", "Platt map intercept");
    slope =
        new DoubleParam(
            this, "slope", "Platt map slope (0 or below is never fitted)", ParamValidators.gt(0));
    setDefault(inputCol, "probability");
    setDefault(outputCol, ChurnTables.PROBABILITY);
    setDefault(positiveWeight, (Object) 1.0);
    setDefault(intercept, (Object) ChurnCalibration.IDENTITY.intercept());
    setDefault(slope, (Object) ChurnCalibration.IDENTITY.slope());
  }

  /**
   * The stage for a model fitted with churners weighted {@code weight}, calibrated by {@code
   * calibration}.
   */
  static ChurnProbability of(double weight, ChurnCalibration calibration) {
    ChurnProbability p = new ChurnProbability();
    p.set(p.positiveWeight, (Object) weight);
    p.set(p.intercept, (Object) calibration.intercept());
    p.set(p.slope, (Object) calibration.slope());
    return p;
  }

  /**
   * {@code model}'s stages followed by this one, as one flat PipelineModel. {@code rows} only gives
   * the input schema the stages are checked against: nothing is computed.
   */
  PipelineModel appendedTo(PipelineModel model, Dataset<Row> rows) {
    PipelineStage[] stages = new PipelineStage[model.stages().length + 1];
    System.arraycopy(model.stages(), 0, stages, 0, model.stages().length);
    stages[stages.length - 1] = this;
    return new Pipeline().setStages(stages).fit(rows);
  }

  /**
   * The stage at the end of {@code model}, if it has one (models saved before it existed do not).
   */
  static java.util.Optional<ChurnProbability> in(PipelineModel model) {
    Transformer[] stages = model.stages();
    return stages.length > 0 && stages[stages.length - 1] instanceof ChurnProbability p
        ? java.util.Optional.of(p)
        : java.util.Optional.empty();
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public DoubleParam positiveWeight() {
    return positiveWeight;
  }

  public DoubleParam intercept() {
    return intercept;
  }

  public DoubleParam slope() {
    return slope;
  }

  public double getPositiveWeight() {
    return (Double) getOrDefault(positiveWeight);
  }

  /** The Platt map this stage applies. */
  public ChurnCalibration getCalibration() {
    return new ChurnCalibration((Double) getOrDefault(intercept), (Double) getOrDefault(slope));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    return dataset
        .toDF()
        .withColumn(
            getOrDefault(outputCol),
            getCalibration()
                .apply(ChurnModel.probability(getOrDefault(inputCol), getPositiveWeight())));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getOrDefault(inputCol);
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(in)
        || !(schema.apply(in).dataType() instanceof VectorUDT)) {
      throw Errors.cannot(
          "compute the churn probability",
          "the input has no probability vector column " + in,
          "Put this stage after the classifier of the churn pipeline");
    }
    String out = getOrDefault(outputCol);
    StructField field =
        new StructField(
            out, DataTypes.DoubleType, true, org.apache.spark.sql.types.Metadata.empty());
    int existing = java.util.Arrays.asList(schema.fieldNames()).indexOf(out);
    if (existing < 0) {
      return schema.add(field);
    }
    StructField[] fields = schema.fields().clone();
    fields[existing] = field;
    return new StructType(fields);
  }

  @Override
  public ChurnProbability copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ChurnProbability> read() {
    return new DefaultParamsReader<>();
  }

  public static ChurnProbability load(String path) {
    return read().load(path);
  }
}
