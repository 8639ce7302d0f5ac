package fr.audience.segments;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.TableSpec;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** gold.segments and gold.segment_profiles. */
public final class SegmentTables {
  public static final String SEGMENT_ID = "segment_id";
  public static final String MACRO_SEGMENT_ID = "macro_segment_id";
  public static final String MODEL_VERSION = "model_version";

  public static final StructType TOP_FEATURE =
      new StructType()
          .add("feature", StringType, true)
          .add("segment_mean", DoubleType, true)
          .add("population_mean", DoubleType, true)
          .add("lift", DoubleType, true);

  public static final TableSpec SEGMENTS =
      TableSpec.builder(
              "gold",
              "segments",
              "Segment of each user as of a date, from the latest segment model trained for that date or before.")
          .column(EventFields.USER_ID, StringType, "Account")
          .column(
              SEGMENT_ID,
              IntegerType,
              "Micro segment; an id keeps its meaning across retrains (see docs/segments.md)")
          .column(
              MACRO_SEGMENT_ID,
              IntegerType,
              "Macro segment grouping similar micro segments; named by its smallest segment id")
          .column(
              "distance",
              DoubleType,
              "Distance to the segment's centre in standard deviations (k-means models); null for the mixture")
          .column(
              "probability",
              DoubleType,
              "Membership probability of the segment (mixture models); null for k-means models")
          .column(
              FeatureTables.AS_OF_DATE,
              DateType,
              "Date the segment describes the user at (partition)")
          .column(MODEL_VERSION, StringType, "Model that assigned it (ops.model_registry.version)")
          .partitionedBy(FeatureTables.AS_OF_DATE)
          .build();

  public static final TableSpec PROFILES =
      TableSpec.builder(
              "gold",
              "segment_profiles",
              "Per segment and date: size, the features that distinguish it from the population, a readable French label.")
          .column(SEGMENT_ID, IntegerType, "Micro segment (gold.segments.segment_id)")
          .column(MACRO_SEGMENT_ID, IntegerType, "Macro segment it belongs to")
          .column("size", LongType, "Users in the segment")
          .column("share", DoubleType, "Share of the segmented users")
          .column(
              "label",
              StringType,
              "Readable label from its distinguishing features, e.g. 'mobile · sport · soirée · très engagés'")
          .column(
              "top_features",
              DataTypes.createArrayType(TOP_FEATURE),
              "Features most above the population average: segment mean, population mean and lift (their ratio), highest lift first")
          .column(
              "mean_clv",
              DoubleType,
              "Mean customer lifetime value of its users (gold.clv_customer); null until that table exists")
          .column(
              "churn_risk",
              DoubleType,
              "Mean churn probability of its users (gold.churn_scores); null until that table exists")
          .column(
              FeatureTables.AS_OF_DATE, DateType, "Date of the assignment it describes (partition)")
          .column(MODEL_VERSION, StringType, "Model that assigned the segments")
          .partitionedBy(FeatureTables.AS_OF_DATE)
          .build();

  private SegmentTables() {}
}
