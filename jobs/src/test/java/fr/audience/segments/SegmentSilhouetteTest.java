package fr.audience.segments;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Scoring and splitting candidate clusterings: a degenerate model, a hand example, bisecting
 * splits.
 */
class SegmentSilhouetteTest {
  private static final StructType POINTS =
      new StructType().add(SegmentModel.FEATURES, SQLDataTypes.VectorType());

  @Test
  void aModelOfOneClusterScoresTheWorstSilhouetteInsteadOfFailing() {
    // Two equal points leave k-means one centre of the two asked.
    Dataset<Row> same =
        points(
            List.of(
                RowFactory.create(Vectors.dense(0, 0)), RowFactory.create(Vectors.dense(0, 0))));
    KMeansModel model = kMeans(2).fit(same);
    assertThat(model.clusterCenters()).hasSize(1);
    assertThat(SegmentModel.silhouette(model, same)).isEqualTo(-1.0);
  }

  @Test
  void twoClustersAreScoredByTheEvaluator() {
    // Hand example (squared Euclidean, as Spark's evaluator): points 0 and 1 in one cluster, 10 and
    // 11 in
    // the other. For 0: a = 1 (to 1), b = (100 + 121) / 2 = 110.5, s = 1 - 1 / 110.5; for 1: a = 1,
    // b = (81 + 100) / 2 = 90.5. The clusters mirror each other, so the mean is the mean of those
    // two.
    double expected = ((1 - 1 / 110.5) + (1 - 1 / 90.5)) / 2;
    Dataset<Row> sample =
        points(
            List.of(
                RowFactory.create(Vectors.dense(0)),
                RowFactory.create(Vectors.dense(1)),
                RowFactory.create(Vectors.dense(10)),
                RowFactory.create(Vectors.dense(11))));
    assertThat(SegmentModel.silhouette(kMeans(2).fit(sample), sample))
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void bisectingKMeansSplitsTheScaledFeatures() {
    // Two blobs of 20 points, around (1, 1) and (5, 5): two clusters, one per blob, once scaled as
    // the
    // segment model scales its features for bisecting k-means.
    List<Row> points = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double centre = i < 20 ? 1 : 5;
      points.add(
          RowFactory.create(
              Vectors.dense(centre + 0.01 * (i % 5), centre - 0.01 * (i % 3)), i < 20 ? 0 : 1));
    }
    StructType schema =
        new StructType().add("x", SQLDataTypes.VectorType()).add("blob", DataTypes.IntegerType);
    Dataset<Row> raw = TestSpark.spark().createDataFrame(points, schema);
    Dataset<Row> scaled =
        SegmentModel.standardScaler(SegmentSettings.Algorithm.BISECTING_KMEANS)
            .setInputCol("x")
            .setOutputCol(SegmentModel.FEATURES)
            .fit(raw)
            .transform(raw);
    BisectingKMeansModel model =
        new BisectingKMeans()
            .setK(2)
            .setSeed(7)
            .setFeaturesCol(SegmentModel.FEATURES)
            .setPredictionCol(SegmentModel.CLUSTER)
            .fit(scaled);
    assertThat(model.clusterCenters()).hasSize(2);
    List<Row> pairs =
        model
            .transform(scaled)
            .groupBy("blob")
            .agg(min(SegmentModel.CLUSTER), max(SegmentModel.CLUSTER))
            .orderBy("blob")
            .collectAsList();
    // Each blob in one cluster, the two blobs in different ones.
    assertThat(pairs).allSatisfy(r -> assertThat(r.getInt(1)).isEqualTo(r.getInt(2)));
    assertThat(pairs.get(0).getInt(1)).isNotEqualTo(pairs.get(1).getInt(1));
  }

  private static KMeans kMeans(int k) {
    return new KMeans()
        .setK(k)
        .setSeed(1)
        .setFeaturesCol(SegmentModel.FEATURES)
        .setPredictionCol(SegmentModel.CLUSTER);
  }

  private static Dataset<Row> points(List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, POINTS);
  }
}
