package fr.audience.segments;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Reading the users to segment, and turning a model's clusters into stable segment ids. */
public final class SegmentScoring {
  private static final StructType LOOKUP =
      new StructType()
          .add(SegmentModel.CLUSTER, DataTypes.IntegerType)
          .add(SegmentTables.SEGMENT_ID, DataTypes.IntegerType)
          .add(SegmentTables.MACRO_SEGMENT_ID, DataTypes.IntegerType)
          .add("_centre", DataTypes.createArrayType(DataTypes.DoubleType));

  private SegmentScoring() {}

  /** gold.user_features as of {@code date} for the users active enough to describe. */
  public static Dataset<Row> usersAt(
      SparkSession spark, SegmentSettings s, LocalDate date, String doing) {
    if (!spark.catalog().tableExists(FeatureTables.USER_FEATURES.fullName())) {
      throw Errors.inputMissing(
          doing + " for " + date,
          FeatureTables.USER_FEATURES.fullName(),
          "features",
          DateRange.of(date));
    }
    return spark
        .table(FeatureTables.USER_FEATURES.fullName())
        .filter(col(FeatureTables.AS_OF_DATE).equalTo(lit(Date.valueOf(date))))
        .filter(col("page_views").geq(Math.max(s.minPageViews(), 1)));
  }

  /** user_id, segment_id, macro_segment_id, distance (k-means kinds) or probability (mixture). */
  public static Dataset<Row> assign(
      SparkSession spark, PipelineModel model, SegmentMetrics metrics, Dataset<Row> users) {
    List<Row> lookup = new ArrayList<>();
    for (int c = 0; c < metrics.k(); c++) {
      lookup.add(
          RowFactory.create(
              c,
              metrics.segmentIds()[c],
              metrics.macroSegmentIds()[c],
              Arrays.stream(metrics.scaledCentroids()[c]).boxed().toList()));
    }
    boolean mixture =
        metrics.algorithm().equals(SegmentSettings.Algorithm.GAUSSIAN_MIXTURE.configName);
    Dataset<Row> scored =
        model
            .transform(users)
            .join(broadcast(spark.createDataFrame(lookup, LOOKUP)), SegmentModel.CLUSTER);
    Column distance = lit(null).cast("double");
    Column probability = lit(null).cast("double");
    if (mixture) {
      probability = array_max(vector_to_array(col(SegmentModel.PROBABILITY), "float64"));
    } else {
      scored = scored.withColumn("_vector", vector_to_array(col(SegmentModel.FEATURES), "float64"));
      distance =
          expr(
              "sqrt(aggregate(zip_with(_vector, _centre, (x, c) -> (x - c) * (x - c)), 0D, (a, v) -> a + v))");
    }
    return scored.select(
        col(EventFields.USER_ID),
        col(SegmentTables.SEGMENT_ID),
        col(SegmentTables.MACRO_SEGMENT_ID),
        distance.as("distance"),
        probability.as("probability"));
  }
}
