package fr.audience.segments;

import fr.audience.segments.SegmentMetrics.Candidate;
import fr.audience.segments.SegmentSettings.Algorithm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.ClusteringSummary;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The segment model: log1p of heavy-tailed counts, median imputation, standard scaling, then the
 * configured clustering, with k chosen over the configured range (silhouette; BIC for the mixture).
 */
public final class SegmentModel {
  public static final String FEATURES = "features";
  public static final String CLUSTER = "cluster";
  public static final String PROBABILITY = "probability";
  private static final String ASSEMBLED = "assembled";

  private SegmentModel() {}

  /** A fitted model with the facts identity and profiles need. */
  public record Fitted(PipelineModel model, SegmentMetrics metrics) {}

  /**
   * Fits the model, choosing k among the configured range: a first model takes the smallest k
   * scoring within {@code k-tolerance} of the best candidate; {@code previousK} (null for a first
   * model) is kept while it scores within {@code k-stickiness} of the best.
   *
   * <p>Each candidate is fitted once, and the chosen one becomes the model: the pipeline is
   * assembled from the fitted preprocessing and that candidate. The prepared vectors are not
   * persisted here: MLlib's clusterers cache their own input (vectors with their norms) when it is
   * not cached already, where a persisted frame would be decoded again on every iteration. {@code
   * users} should be persisted by the caller: each candidate reads it once. The sizes come from the
   * chosen candidate's training summary (its predictions on the training users).
   */
  public static Fitted fit(
      Dataset<Row> users, SegmentSettings s, String version, String trainedFor, Integer previousK) {
    var context = users.sparkSession().sparkContext();
    PipelineModel prep = fitPreprocessing(users, s);
    Dataset<Row> prepared = prep.transform(users).select(FEATURES);
    long n = users.count();
    Dataset<Row> sample =
        (n > s.scoreSampleSize()
                ? prepared.sample(false, (double) s.scoreSampleSize() / n, s.seed())
                : prepared)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Candidate> candidates = new ArrayList<>();
      Map<Integer, Model<?>> fitted = new HashMap<>();
      for (int k = s.kMin(); k <= Math.min(s.kMax(), n - 1); k++) {
        context.setJobDescription("segment train: fit and score k = " + k);
        Model<?> model = clusterer(s, k).fit(prepared);
        fitted.put(k, model);
        candidates.add(new Candidate(k, score(s, model, sample, n)));
      }
      boolean lowerIsBetter = s.algorithm() == Algorithm.GAUSSIAN_MIXTURE;
      Candidate chosen =
          choose(candidates, lowerIsBetter, previousK, s.kStickiness(), s.kTolerance());
      Model<?> clustering = fitted.get(chosen.k());
      PipelineModel model =
          new Pipeline().setStages(new PipelineStage[] {prep, clustering}).fit(users);
      // Bisecting k-means may return fewer clusters than asked when a cluster cannot be split.
      double[][] scaled = scaledCentroids(model);
      context.setJobDescription("segment train: sizes of k = " + chosen.k());
      long[] sizes = sizes(clustering, scaled.length);
      SegmentMetrics metrics =
          new SegmentMetrics(
              version,
              trainedFor,
              s.algorithm().configName,
              lowerIsBetter ? "bic" : "silhouette",
              candidates,
              scaled.length,
              n,
              s.features(),
              null,
              null,
              sizes,
              unscale(scaled, scaler(model)),
              scaled,
              0,
              null,
              null);
      return new Fitted(model, metrics);
    } finally {
      sample.unpersist();
    }
  }

  /**
   * The fitted preprocessing of {@code s}' features on {@code users} (log1p where configured, the
   * imputer's medians, the scaler's moments): the first stage of every segment model.
   */
  public static PipelineModel fitPreprocessing(Dataset<Row> users, SegmentSettings s) {
    users.sparkSession().sparkContext().setJobDescription("segment train: preprocessing");
    return new Pipeline().setStages(preprocessing(s)).fit(users);
  }

  /** Model input column of a feature: its log1p when configured so. */
  static String modelColumn(SegmentSettings s, String feature) {
    return s.logFeatures().contains(feature) ? feature + "__log1p" : feature + "__in";
  }

  private static PipelineStage[] preprocessing(SegmentSettings s) {
    String select =
        s.features().stream()
            .map(
                f ->
                    (s.logFeatures().contains(f)
                            ? "log1p(CAST(`" + f + "` AS DOUBLE))"
                            : "CAST(`" + f + "` AS DOUBLE)")
                        + " AS `"
                        + modelColumn(s, f)
                        + "`")
            .collect(Collectors.joining(", "));
    String[] in = s.features().stream().map(f -> modelColumn(s, f)).toArray(String[]::new);
    String[] imputed =
        s.features().stream().map(f -> modelColumn(s, f) + "_imputed").toArray(String[]::new);
    return new PipelineStage[] {
      new SQLTransformer().setStatement("SELECT *, " + select + " FROM __THIS__"),
      new Imputer().setStrategy("median").setInputCols(in).setOutputCols(imputed),
      new VectorAssembler().setInputCols(imputed).setOutputCol(ASSEMBLED),
      standardScaler(s.algorithm()).setInputCol(ASSEMBLED).setOutputCol(FEATURES)
    };
  }

  /**
   * Unit variance, and mean 0 except for bisecting k-means: MLlib splits a cluster by moving its
   * centre by 1e-4 of the centre's norm, so on centred data the root cluster (norm ~0) never splits
   * and every k gives one cluster. Distances, and so every clustering, do not depend on the shift.
   */
  static StandardScaler standardScaler(Algorithm algorithm) {
    return new StandardScaler()
        .setWithMean(algorithm != Algorithm.BISECTING_KMEANS)
        .setWithStd(true);
  }

  /**
   * The configured clustering estimator for {@code k} clusters, with the settings' seed, iterations
   * and tolerance; what training fits for each candidate.
   */
  public static Estimator<?> clusterer(SegmentSettings s, int k) {
    Estimator<?> clusterer =
        switch (s.algorithm()) {
          case KMEANS ->
              new KMeans()
                  .setK(k)
                  .setSeed(s.seed())
                  .setMaxIter(s.maxIterations())
                  .setFeaturesCol(FEATURES)
                  .setPredictionCol(CLUSTER);
          case BISECTING_KMEANS ->
              new BisectingKMeans()
                  .setK(k)
                  .setSeed(s.seed())
                  .setMaxIter(s.maxIterations())
                  .setFeaturesCol(FEATURES)
                  .setPredictionCol(CLUSTER);
          case GAUSSIAN_MIXTURE ->
              new GaussianMixture()
                  .setK(k)
                  .setSeed(s.seed())
                  .setMaxIter(s.maxIterations())
                  .setFeaturesCol(FEATURES)
                  .setPredictionCol(CLUSTER)
                  .setProbabilityCol(PROBABILITY);
        };
    // MLlib's shared "tol" parameter: k-means and the mixture have it, bisecting k-means has none.
    if (s.tolerance() != null && clusterer.hasParam("tol")) {
      clusterer.set(clusterer.getParam("tol"), s.tolerance());
    }
    return clusterer;
  }

  /**
   * The k to fit. A retrain keeps {@code previousK} while it scores within {@code stickiness} of
   * the best; otherwise the smallest k scoring within {@code tolerance} of the best wins:
   * silhouettes of neighbouring k often differ in the third decimal, and the larger k then cuts a
   * segment in two.
   */
  static Candidate choose(
      List<Candidate> candidates,
      boolean lowerIsBetter,
      Integer previousK,
      double stickiness,
      double tolerance) {
    Candidate best =
        candidates.stream()
            .reduce(
                (a, b) -> (lowerIsBetter ? b.score() < a.score() : b.score() > a.score()) ? b : a)
            .orElseThrow(() -> new IllegalStateException("no candidate k"));
    Candidate kept =
        candidates.stream()
            .filter(c -> previousK != null && c.k() == previousK)
            .filter(c -> within(c, best, stickiness, lowerIsBetter))
            .findFirst()
            .orElse(null);
    if (kept != null) {
      return kept;
    }
    return candidates.stream()
        .filter(c -> within(c, best, tolerance, lowerIsBetter))
        .min(java.util.Comparator.comparingInt(Candidate::k))
        .orElse(best);
  }

  private static boolean within(Candidate c, Candidate best, double share, boolean lowerIsBetter) {
    double slack = share * Math.abs(best.score());
    return lowerIsBetter ? c.score() <= best.score() + slack : c.score() >= best.score() - slack;
  }

  /**
   * Silhouette on the sample, or the mixture's BIC (full covariances: k (d + d (d + 1) / 2) + k - 1
   * parameters).
   */
  private static double score(SegmentSettings s, Model<?> model, Dataset<Row> sample, long n) {
    if (model instanceof GaussianMixtureModel gmm) {
      int k = gmm.getK();
      int d = gmm.gaussians()[0].mean().size();
      double parameters = k * (d + d * (d + 1) / 2.0) + k - 1;
      return -2 * gmm.summary().logLikelihood() + parameters * Math.log(n);
    }
    return silhouette(model, sample);
  }

  /**
   * Silhouette of a k-means kind's clusters on the sample, or -1 (its worst value) for a model of
   * fewer than two clusters, which the evaluator cannot score (k-means returns fewer centres than
   * asked when the points allow no more).
   */
  static double silhouette(Model<?> model, Dataset<Row> sample) {
    if (centres(model).length < 2) {
      return -1;
    }
    return new ClusteringEvaluator()
        .setFeaturesCol(FEATURES)
        .setPredictionCol(CLUSTER)
        .evaluate(model.transform(sample));
  }

  /** Users per cluster, from the clustering's training summary. */
  private static long[] sizes(Model<?> clustering, int k) {
    return java.util.Arrays.copyOf(summary(clustering).clusterSizes(), k);
  }

  /** The training summary of a clustering fitted by {@link #clusterer}, whatever its algorithm. */
  public static ClusteringSummary summary(Model<?> clustering) {
    if (clustering instanceof KMeansModel m) {
      return m.summary();
    }
    if (clustering instanceof BisectingKMeansModel m) {
      return m.summary();
    }
    return ((GaussianMixtureModel) clustering).summary();
  }

  static StandardScalerModel scaler(PipelineModel model) {
    PipelineModel prep = (PipelineModel) model.stages()[0];
    return (StandardScalerModel) prep.stages()[prep.stages().length - 1];
  }

  private static double[][] scaledCentroids(PipelineModel model) {
    return java.util.Arrays.stream(centres(model.stages()[model.stages().length - 1]))
        .map(Vector::toArray)
        .toArray(double[][]::new);
  }

  /** Cluster centres of a clustering model (a mixture's component means), in its scaled space. */
  private static Vector[] centres(Object clustering) {
    if (clustering instanceof KMeansModel m) {
      return m.clusterCenters();
    }
    if (clustering instanceof BisectingKMeansModel m) {
      return m.clusterCenters();
    }
    GaussianMixtureModel m = (GaussianMixtureModel) clustering;
    return java.util.Arrays.stream(m.gaussians()).map(g -> g.mean()).toArray(Vector[]::new);
  }

  private static double[][] unscale(double[][] scaled, StandardScalerModel scaler) {
    double[] mean = shift(scaler);
    double[] std = scaler.std().toArray();
    double[][] out = new double[scaled.length][];
    for (int i = 0; i < scaled.length; i++) {
      out[i] = new double[mean.length];
      for (int d = 0; d < mean.length; d++) {
        out[i][d] = scaled[i][d] * std[d] + mean[d];
      }
    }
    return out;
  }

  /**
   * Centroids of another model (before scaling) in this model's scaled space, so they compare with
   * its own.
   */
  static double[][] rescale(double[][] centroids, StandardScalerModel scaler) {
    double[] mean = shift(scaler);
    double[] std = scaler.std().toArray();
    double[][] out = new double[centroids.length][];
    for (int i = 0; i < centroids.length; i++) {
      out[i] = new double[mean.length];
      for (int d = 0; d < mean.length; d++) {
        out[i][d] = (centroids[i][d] - mean[d]) / (std[d] > 0 ? std[d] : 1);
      }
    }
    return out;
  }

  /** What the scaler subtracts: the mean, or nothing when it does not centre. */
  private static double[] shift(StandardScalerModel scaler) {
    double[] mean = scaler.mean().toArray();
    return scaler.getWithMean() ? mean : new double[mean.length];
  }
}
