package fr.audience.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * metrics.json and ops.model_registry.metrics keep the JSON the trainer wrote before the metrics
 * were typed (docs/churn.md lists the keys and notebooks/03_churn.ipynb reads them), and read back
 * whole.
 */
class ChurnMetricsTest {
  @Test
  void writesTheSameJsonAsTheKeyedMapItReplaced() throws Exception {
    String expected =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(asMap(true));

    assertThat(sample(true).toJson()).isEqualTo(expected);
  }

  @Test
  void leavesAbsentValuesOutAsTheMapDid() throws Exception {
    String expected =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(asMap(false));

    assertThat(sample(false).toJson())
        .isEqualTo(expected)
        .doesNotContain("bayes_auc_roc", "truth_rows", "null");
  }

  @Test
  void readsBackWhatItWrote() {
    assertThat(ChurnMetrics.fromJson(sample(true).toJson())).isEqualTo(sample(true));
    assertThat(ChurnMetrics.fromJson(sample(false).toJson())).isEqualTo(sample(false));
  }

  @Test
  void aModelSavedBeforeCalibrationScoresWithTheIdentityMap() {
    String json = sample(false).toJson().replaceFirst("(?s)\"calibration\" : \\{.*?},\\s*", "");

    assertThat(json).doesNotContain("\"calibration\"");
    assertThat(ChurnMetrics.fromJson(json).scoringCalibration())
        .isEqualTo(ChurnCalibration.IDENTITY);
  }

  @Test
  void metricsWithoutWhatScoringNeedsAreRefusedNotReadAsZero() {
    String json = sample(false).toJson().replaceFirst("\"positive_weight\" : [0-9.]+,", "");

    assertThat(json).doesNotContain("\"positive_weight\"");
    assertThatThrownBy(() -> ChurnMetrics.fromJson(json))
        .hasMessageStartingWith("Missing required creator property 'positive_weight'")
        .hasMessageNotContaining("\n");
  }

  private static ChurnMetrics sample(boolean truth) {
    return new ChurnMetrics(
        "churn",
        "2026-05-01",
        "2026-05-01",
        "logistic_regression",
        "regParam=0.01",
        "higher validation ROC AUC: ...",
        0.8077,
        0.31,
        2.9,
        0.0875,
        0.0871,
        truth ? 0.8373 : null,
        truth ? 0.0809 : null,
        truth ? 0.0875 : null,
        truth ? 0.8077 : null,
        truth ? 1739L : null,
        List.of(
            new ChurnMetrics.Reliability(1, 0.01, 0.0, 174),
            new ChurnMetrics.Reliability(2, 0.03, 0.02, 174)),
        new ChurnMetrics.Calibration("platt", 0.05, 1.04),
        new ChurnMetrics.Calibration("platt", -0.1, 1.04),
        List.of(
            new ChurnMetrics.Importance("recency_days", 0.6, truth ? 0.6 : null),
            new ChurnMetrics.Importance("plan_print", 0.2, truth ? -0.2 : null)),
        List.of(
            new ChurnMetrics.Candidate("logistic_regression", "regParam=0.01", 0.8077),
            new ChurnMetrics.Candidate("gbt", "maxDepth=2,maxIter=40", 0.7637)),
        List.of("2026-02-15", "2026-02-22"),
        List.of("2026-03-24", "2026-03-31"),
        3900,
        0.1,
        1739,
        0.098,
        9.0,
        5639,
        0.0995,
        9.05,
        30,
        28,
        List.of("recency_days", "plan_print"));
  }

  /** The same metrics as the Map the trainer used to build, key by key in its order. */
  private static Map<String, Object> asMap(boolean truth) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", "churn");
    m.put("version", "2026-05-01");
    m.put("trained_for_date", "2026-05-01");
    m.put("chosen", "logistic_regression");
    m.put("chosen_params", "regParam=0.01");
    m.put("chosen_because", "higher validation ROC AUC: ...");
    m.put("roc_auc", 0.8077);
    m.put("pr_auc", 0.31);
    m.put("lift_top_decile", 2.9);
    m.put("brier", 0.0875);
    m.put("brier_uncalibrated", 0.0871);
    if (truth) {
      m.put("bayes_auc_roc", 0.8373);
      m.put("true_brier", 0.0809);
      m.put("brier_on_truth_rows", 0.0875);
      m.put("auc_on_truth_rows", 0.8077);
      m.put("truth_rows", 1739L);
    }
    m.put(
        "reliability",
        List.of(
            ordered("decile", 1, "predicted", 0.01, "observed", 0.0, "rows", 174L),
            ordered("decile", 2, "predicted", 0.03, "observed", 0.02, "rows", 174L)));
    m.put("calibration", ordered("method", "platt", "intercept", 0.05, "slope", 1.04));
    m.put("validation_calibration", ordered("method", "platt", "intercept", -0.1, "slope", 1.04));
    // Split-gain importances (GBT) have no coefficient: the key is left out, not null.
    m.put(
        "importances",
        truth
            ? List.of(
                ordered("feature", "recency_days", "importance", 0.6, "coefficient", 0.6),
                ordered("feature", "plan_print", "importance", 0.2, "coefficient", -0.2))
            : List.of(
                ordered("feature", "recency_days", "importance", 0.6),
                ordered("feature", "plan_print", "importance", 0.2)));
    m.put(
        "candidates",
        List.of(
            ordered("model", "logistic_regression", "params", "regParam=0.01", "roc_auc", 0.8077),
            ordered("model", "gbt", "params", "maxDepth=2,maxIter=40", "roc_auc", 0.7637)));
    m.put("train_snapshots", List.of("2026-02-15", "2026-02-22"));
    m.put("validation_snapshots", List.of("2026-03-24", "2026-03-31"));
    m.put("train_rows", 3900L);
    m.put("train_churn_rate", 0.1);
    m.put("validation_rows", 1739L);
    m.put("validation_churn_rate", 0.098);
    m.put("validation_positive_weight", 9.0);
    m.put("refit_rows", 5639L);
    m.put("refit_churn_rate", 0.0995);
    m.put("positive_weight", 9.05);
    m.put("horizon_days", 30);
    m.put("window_days", 28);
    m.put("features", List.of("recency_days", "plan_print"));
    return m;
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
