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

/** The folded single-feature AUC against pair counts worked by hand. */
class SingleFeatureSeparationTest {
  @Test
  void aFeatureThatSplitsTheSegmentOffScoresOneHigherOrLower() {
    assertThat(SingleFeatureSeparation.folded(new double[] {3, 4, 5}, new double[] {1, 2}))
        .isEqualTo(1.0);
    assertThat(SingleFeatureSeparation.folded(new double[] {1, 2}, new double[] {3, 4, 5}))
        .isEqualTo(1.0);
  }

  @Test
  void tiesCountHalf() {
    // Members {1, 2}, others {2, 3}: of the 4 pairs, 3 have the other higher and 1 is a tie, so
    // P(member > other) = 0.5 / 4 = 0.125, folded 0.875.
    assertThat(SingleFeatureSeparation.folded(new double[] {1, 2}, new double[] {2, 3}))
        .isCloseTo(0.875, within(1e-12));
  }

  @Test
  void anEmptySideIsNoSeparation() {
    assertThat(SingleFeatureSeparation.folded(new double[] {}, new double[] {1})).isEqualTo(0.5);
  }

  @Test
  void eachSegmentGetsItsBestFeatureAndUsersWithoutAValueAreLeftOut() {
    StructType schema =
        new StructType()
            .add("planted", DataTypes.StringType)
            .add("noise", DataTypes.DoubleType)
            .add("signal", DataTypes.DoubleType);
    Dataset<Row> users =
        TestSpark.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create("a", 1.0, 10.0),
                    RowFactory.create("a", 2.0, 11.0),
                    RowFactory.create("b", 1.0, 1.0),
                    RowFactory.create("b", 2.0, 2.0),
                    RowFactory.create("b", 2.0, null)),
                schema);
    List<SingleFeatureSeparation.Best> best =
        SingleFeatureSeparation.of(users, "planted", List.of("noise", "signal"));

    assertThat(best)
        .containsExactly(
            new SingleFeatureSeparation.Best("a", "signal", 1.0),
            new SingleFeatureSeparation.Best("b", "signal", 1.0));
  }
}
