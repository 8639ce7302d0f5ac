package fr.audience.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The score of a candidate k when its clusters are degenerate, and on a hand example. */
class SegmentSilhouetteTest {
  private static final StructType SCHEMA = new StructType()
      .add(SegmentModel.FEATURES, SQLDataTypes.VectorType())
      .add(SegmentModel.CLUSTER, DataTypes.IntegerType);

  @Test
  void rowsInOneClusterScoreTheWorstSilhouetteInsteadOfFailing() {
    assertThat(SegmentModel.silhouette(rows(List.of(
        RowFactory.create(Vectors.dense(0, 0), 0), RowFactory.create(Vectors.dense(1, 0), 0))))).isEqualTo(-1.0);
  }

  @Test
  void twoClustersAreScoredByTheEvaluator() {
    // Hand example (squared Euclidean, as Spark's evaluator): points 0 and 1 in cluster 0, 10 and 11 in
    // cluster 1. For 0: a = 1 (to 1), b = (100 + 121) / 2 = 110.5, s = 1 - 1 / 110.5; for 1: a = 1,
    // b = (81 + 100) / 2 = 90.5. The clusters mirror each other, so the mean is the mean of those two.
    double expected = ((1 - 1 / 110.5) + (1 - 1 / 90.5)) / 2;
    assertThat(SegmentModel.silhouette(rows(List.of(
        RowFactory.create(Vectors.dense(0), 0), RowFactory.create(Vectors.dense(1), 0),
        RowFactory.create(Vectors.dense(10), 1), RowFactory.create(Vectors.dense(11), 1)))))
        .isCloseTo(expected, within(1e-9));
  }

  private static Dataset<Row> rows(List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, SCHEMA);
  }
}
