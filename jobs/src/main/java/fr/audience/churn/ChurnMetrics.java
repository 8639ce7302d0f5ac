package fr.audience.churn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A churn model's metrics.json, the same JSON as {@code ops.model_registry.metrics} (docs/churn.md
 * lists the keys; notebooks/03_churn.ipynb reads them): snake_case keys in this order, indented.
 * The validated fit's figures, then what describes the saved (refitted) model.
 *
 * @param bayesAucRoc ROC AUC of the generator's planted probabilities on the validation rows; with
 *     the four after it, only where its truth is registered (truth.users), else absent from the
 *     JSON
 * @param calibration the Platt map applied at scoring (intercept re-centred on the refitted model)
 * @param validationCalibration the map as fitted on the validation rows
 * @param positiveWeight class weight of churners in the saved model's fit, undone at scoring
 * @param features model inputs in vector order (the configured features, then the plan indicators)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChurnMetrics(
    String model,
    String version,
    String trainedForDate,
    String chosen,
    String chosenParams,
    String chosenBecause,
    double rocAuc,
    double prAuc,
    double liftTopDecile,
    double brier,
    double brierUncalibrated,
    Double bayesAucRoc,
    Double trueBrier,
    Double brierOnTruthRows,
    Double aucOnTruthRows,
    Long truthRows,
    List<Reliability> reliability,
    Calibration calibration,
    Calibration validationCalibration,
    List<Importance> importances,
    List<Candidate> candidates,
    List<String> trainSnapshots,
    List<String> validationSnapshots,
    long trainRows,
    double trainChurnRate,
    long validationRows,
    double validationChurnRate,
    double validationPositiveWeight,
    long refitRows,
    double refitChurnRate,
    @JsonProperty(required = true) double positiveWeight,
    @JsonProperty(required = true) int horizonDays,
    int windowDays,
    @JsonProperty(required = true) List<String> features) {

  /**
   * Validation rows of one decile of the prediction (1 = lowest): mean predicted, observed churn
   * rate.
   */
  public record Reliability(int decile, double predicted, double observed, long rows) {}

  /** A Platt map as saved: calibrated = sigmoid(intercept + slope x logit(p)). */
  public record Calibration(String method, double intercept, double slope) {
    static final String PLATT = "platt";

    ChurnCalibration toCalibration() {
      return new ChurnCalibration(intercept, slope);
    }
  }

  /**
   * One model input's weight: |standardized coefficient| for the logistic regression (with the
   * signed coefficient), split-gain importance for GBT (no coefficient).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Importance(String feature, double importance, Double coefficient) {}

  /** One model and parameter set of the grid with its validation ROC AUC. */
  public record Candidate(String model, String params, double rocAuc) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          // Models saved by other versions of the job may carry keys this one does not read.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Metrics as written by {@link #toJson()}; fails when a key scoring needs is missing. */
  public static ChurnMetrics fromJson(String json) {
    try {
      return JSON.readValue(json, ChurnMetrics.class);
    } catch (JsonProcessingException e) {
      // The message without the parser's location lines: it ends up in a one-line error.
      throw new UncheckedIOException(e.getOriginalMessage(), e);
    }
  }

  /** The map applied at scoring; identity for a model saved before calibration existed. */
  ChurnCalibration scoringCalibration() {
    return calibration == null ? ChurnCalibration.IDENTITY : calibration.toCalibration();
  }
}
