package fr.audience.segments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A segment model's metrics.json: how k was chosen (every candidate's score), the segment ids and
 * macro segment of each cluster, and the centroids the next retrain matches its clusters to.
 *
 * @param centroids per cluster, in the space of the logged and imputed features (before scaling)
 * @param scaledCentroids per cluster, in the model's scaled feature space (distances in
 *     gold.segments)
 * @param changedShare share of the training users whose segment id differs from the previous
 *     model's; null for a first model
 */
public record SegmentMetrics(
    String version,
    String trainedForDate,
    String algorithm,
    String selection,
    List<Candidate> candidates,
    int k,
    long trainingUsers,
    List<String> features,
    int[] segmentIds,
    int[] macroSegmentIds,
    long[] sizes,
    double[][] centroids,
    double[][] scaledCentroids,
    int nextSegmentId,
    String previousVersion,
    Double changedShare) {

  /** One candidate k and its score: silhouette (higher is better) or BIC (lower is better). */
  public record Candidate(int k, double score) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.INDENT_OUTPUT);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SegmentMetrics fromJson(String json) {
    try {
      return JSON.readValue(json, SegmentMetrics.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SegmentMetrics withIdentity(
      int[] ids, int[] macroIds, int next, String previous, Double changed) {
    return new SegmentMetrics(
        version,
        trainedForDate,
        algorithm,
        selection,
        candidates,
        k,
        trainingUsers,
        features,
        ids,
        macroIds,
        sizes,
        centroids,
        scaledCentroids,
        next,
        previous,
        changed);
  }
}
