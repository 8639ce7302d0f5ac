package fr.audience.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The segment tests' ARI against the values scikit-learn's documentation gives for
 * adjusted_rand_score on the same labellings (and, for 4/7, the formula worked by hand).
 */
class AdjustedRandIndexTest {
  @Test
  void identicalPartitionsScoreOneWhateverTheLabels() {
    // [0, 0, 1, 1] against [1, 1, 0, 0]: 1.0.
    assertThat(AdjustedRandIndex.of(new long[][] {{0, 2}, {2, 0}})).isEqualTo(1.0);
  }

  @Test
  void aSplitClusterScoresFourSevenths() {
    // [0, 0, 1, 1] against [0, 0, 1, 2]: index 1, expected 2 x 1 / 6, max 1.5, so 4/7 (0.571...).
    assertThat(AdjustedRandIndex.of(new long[][] {{2, 0, 0}, {0, 1, 1}}))
        .isCloseTo(4.0 / 7.0, within(1e-12));
  }

  @Test
  void oneClusterAgainstSingletonsScoresZero() {
    // [0, 0, 0, 0] against [0, 1, 2, 3]: 0.0.
    assertThat(AdjustedRandIndex.of(new long[][] {{1, 1, 1, 1}})).isEqualTo(0.0);
  }

  @Test
  void theDatasetFormCountsTheSameContingencyTable() {
    StructType schema =
        new StructType().add("planted", DataTypes.StringType).add("found", DataTypes.IntegerType);
    Dataset<Row> rows =
        TestSpark.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create("a", 0),
                    RowFactory.create("a", 0),
                    RowFactory.create("b", 1),
                    RowFactory.create("b", 2)),
                schema);
    assertThat(AdjustedRandIndex.of(rows, "planted", "found")).isCloseTo(4.0 / 7.0, within(1e-12));
  }
}
