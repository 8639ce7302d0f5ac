package fr.audience.segments;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/** Reading the users to segment, and turning a model's clusters into stable segment ids. */
public final class SegmentScoring {
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

  /**
   * user_id, segment_id, macro_segment_id, distance (k-means kinds) or probability (mixture), in
   * one pass over the users: the model's transform, then plain per-row expressions (ids looked up
   * in constant arrays, the distance to the assigned centre in Java), no join and no higher-order
   * function.
   */
  public static Dataset<Row> assign(
      SparkSession spark, PipelineModel model, SegmentMetrics metrics, Dataset<Row> users) {
    Column position = col(SegmentModel.CLUSTER).plus(1);
    Column segmentId = element_at(constants(metrics.segmentIds()), position);
    Column macroId = element_at(constants(metrics.macroSegmentIds()), position);
    boolean mixture =
        metrics.algorithm().equals(SegmentSettings.Algorithm.GAUSSIAN_MIXTURE.configName);
    Column distance = lit(null).cast("double");
    Column probability = lit(null).cast("double");
    if (mixture) {
      probability = array_max(vector_to_array(col(SegmentModel.PROBABILITY), "float64"));
    } else {
      distance =
          udf(new DistanceToCentre(metrics.scaledCentroids()), DataTypes.DoubleType)
              .apply(col(SegmentModel.FEATURES), col(SegmentModel.CLUSTER));
    }
    return model
        .transform(users)
        .select(
            col(EventFields.USER_ID),
            segmentId.as(SegmentTables.SEGMENT_ID),
            macroId.as(SegmentTables.MACRO_SEGMENT_ID),
            distance.as("distance"),
            probability.as("probability"));
  }

  private static Column constants(int[] values) {
    return array(Arrays.stream(values).mapToObj(v -> lit(v)).toArray(Column[]::new));
  }

  /**
   * Euclidean distance from a user's scaled vector to its cluster's centre, summed in index order
   * (as {@code sqrt(aggregate(zip_with(...)))} adds them).
   */
  private record DistanceToCentre(double[][] centres) implements UDF2<Vector, Integer, Double> {
    @Override
    public Double call(Vector features, Integer cluster) {
      if (features == null || cluster == null) {
        return null;
      }
      double[] x = features.toArray();
      double[] c = centres[cluster];
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - c[i];
        sum += d * d;
      }
      return Math.sqrt(sum);
    }
  }
}
