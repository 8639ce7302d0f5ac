package fr.audience.clv;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark Column scoring gives the same numbers as the scalar Java formulas. */
class ClvColumnsTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = fr.audience.TestSpark.spark();
  }

  @Test
  void columnScoresEqualScalarFormulas() {
    BgNbd bg = BgNbdTest.CDNOW;
    GammaGamma gg = GammaGammaTest.CDNOW;
    ShiftedBetaGeometric sbg = new ShiftedBetaGeometric(0.704, 1.182);
    StructType schema =
        new StructType()
            .add("x", DataTypes.IntegerType)
            .add("tx", DataTypes.DoubleType)
            .add("T", DataTypes.DoubleType)
            .add("m", DataTypes.DoubleType)
            .add("n", DataTypes.IntegerType);
    List<Row> rows =
        List.of(
            RowFactory.create(0, 0.0, 0.0, 10.0, 0),
            RowFactory.create(0, 0.0, 38.86, 10.0, 1),
            RowFactory.create(2, 30.43, 38.86, 25.0, 3),
            RowFactory.create(1, 2.0, 70.0, 40.0, 12),
            RowFactory.create(7, 35.0, 38.0, 12.5, 59),
            RowFactory.create(300, 38.5, 38.86, 80.0, 60));
    double discount = 0.01;
    Dataset<Row> scored =
        spark
            .createDataFrame(rows, schema)
            .select(
                col("x"),
                col("tx"),
                col("T"),
                col("m"),
                col("n"),
                GammaGamma.conditionalExpectedSpendColumn(gg, col("x"), col("m")).as("spend"),
                ShiftedBetaGeometric.derlColumn(sbg, discount, col("n"), 60).as("derl"),
                BgNbd.probabilityAliveColumn(bg, col("x"), col("tx"), col("T")).as("p_alive"));
    List<Row> out = scored.collectAsList();
    assertThat(out).hasSize(rows.size());
    for (Row r : out) {
      int x = r.getInt(0);
      if (x > 0) {
        assertThat(r.getDouble(5))
            .isCloseTo(gg.conditionalExpectedSpend(x, r.getDouble(3)), within(1e-9));
      }
      assertThat(r.getDouble(6)).isCloseTo(sbg.derl(discount, r.getInt(4)), within(1e-12));
      assertThat(r.getDouble(7))
          .isCloseTo(bg.probabilityAlive(x, r.getDouble(1), r.getDouble(2)), within(1e-12));
    }
  }

  @Test
  void derlBeyondItsTableFailsTheQuery() {
    ShiftedBetaGeometric sbg = new ShiftedBetaGeometric(0.704, 1.182);
    Dataset<Row> df = spark.range(1).selectExpr("CAST(61 AS INT) AS n");
    assertThatThrownBy(
            () ->
                df.select(ShiftedBetaGeometric.derlColumn(sbg, 0.01, col("n"), 60)).collectAsList())
        .hasMessageContaining("Cannot score sBG DERL: renewals outside 0..60");
  }
}
