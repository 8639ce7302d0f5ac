package fr.audience.segments;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** gold.segment_profiles: what sets each segment apart from the population, and its label. */
public final class SegmentProfiles {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentProfiles.class);

  private SegmentProfiles() {}

  /**
   * Profiles of the segments in {@code segments} (user_id, segment_id, macro_segment_id), described
   * by {@code features}.
   */
  public static Dataset<Row> profiles(
      SparkSession spark,
      Dataset<Row> segments,
      Dataset<Row> features,
      SegmentSettings s,
      LocalDate asOf,
      String version) {
    Dataset<Row> described = segments.join(features, EventFields.USER_ID);
    List<String> names = s.features();
    // One aggregate per segment: for each feature the sum and count of its non-null values (what
    // avg divides), from which the population's means follow without a second pass.
    List<Column> aggs = new ArrayList<>();
    for (String f : names) {
      aggs.add(sum(col(f).cast("double")).as(f + "__sum"));
      aggs.add(count(col(f)).as(f + "__n"));
    }
    List<Row> perSegment =
        described
            .groupBy(SegmentTables.SEGMENT_ID, SegmentTables.MACRO_SEGMENT_ID)
            .agg(count(lit(1)).as("_n"), aggs.toArray(Column[]::new))
            .collectAsList();
    long total = 0;
    double[] populationSum = new double[names.size()];
    long[] populationCount = new long[names.size()];
    for (Row seg : perSegment) {
      total += seg.getLong(2);
      for (int i = 0; i < names.size(); i++) {
        if (seg.getLong(4 + 2 * i) > 0) {
          populationSum[i] += seg.getDouble(3 + 2 * i);
          populationCount[i] += seg.getLong(4 + 2 * i);
        }
      }
    }
    Map<Integer, Double> clv = meanByUser(spark, segments, s.clvTable(), s.clvColumn(), asOf);
    Map<Integer, Double> churn = meanByUser(spark, segments, s.churnTable(), s.churnColumn(), asOf);

    List<Row> rows = new ArrayList<>();
    for (Row seg : perSegment) {
      Map<String, Double> lifts = new HashMap<>();
      List<Row> top = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        long n = seg.getLong(4 + 2 * i);
        Double segMean = n == 0 ? null : seg.getDouble(3 + 2 * i) / n;
        Double popMean = populationCount[i] == 0 ? null : populationSum[i] / populationCount[i];
        if (segMean != null && popMean != null && popMean > 0) {
          lifts.put(names.get(i), segMean / popMean);
          top.add(RowFactory.create(names.get(i), segMean, popMean, segMean / popMean));
        }
      }
      top.sort(
          Comparator.comparingDouble((Row r) -> -r.getDouble(3))
              .thenComparing(r -> r.getString(0)));
      int id = seg.getInt(0);
      long size = seg.getLong(2);
      rows.add(
          RowFactory.create(
              id,
              seg.getInt(1),
              size,
              (double) size / total,
              SegmentLabels.label(lifts),
              top.subList(0, Math.min(s.profileTopFeatures(), top.size())),
              clv.get(id),
              churn.get(id),
              Date.valueOf(asOf),
              version));
    }
    return spark.createDataFrame(rows, SegmentTables.PROFILES.schema());
  }

  /**
   * Mean of a per-user column of another job's table per segment; empty when that table or column
   * is absent.
   */
  private static Map<Integer, Double> meanByUser(
      SparkSession spark, Dataset<Row> segments, String table, String column, LocalDate asOf) {
    Map<Integer, Double> out = new HashMap<>();
    Optional<Dataset<Row>> values = perUser(spark, table, column, asOf);
    if (values.isEmpty()) {
      LOG.info(
          "segment profiles: {}.{} not found, its column in gold.segment_profiles stays empty",
          table,
          column);
      return out;
    }
    for (Row r :
        segments
            .join(values.get(), EventFields.USER_ID)
            .groupBy(SegmentTables.SEGMENT_ID)
            .agg(avg(col("_value")))
            .collectAsList()) {
      out.put(r.getInt(0), r.isNullAt(1) ? null : r.getDouble(1));
    }
    return out;
  }

  /**
   * The table's latest values up to {@code asOf} when it is dated by as_of_date, else all its rows.
   */
  private static Optional<Dataset<Row>> perUser(
      SparkSession spark, String table, String column, LocalDate asOf) {
    if (!spark.catalog().tableExists(table)) {
      return Optional.empty();
    }
    Dataset<Row> rows = spark.table(table);
    List<String> columns = List.of(rows.columns());
    if (!columns.contains(column) || !columns.contains(EventFields.USER_ID)) {
      return Optional.empty();
    }
    if (columns.contains(FeatureTables.AS_OF_DATE)) {
      rows = rows.filter(col(FeatureTables.AS_OF_DATE).leq(lit(Date.valueOf(asOf))));
      Row latest = rows.agg(org.apache.spark.sql.functions.max(FeatureTables.AS_OF_DATE)).first();
      if (latest.isNullAt(0)) {
        return Optional.empty();
      }
      rows = rows.filter(col(FeatureTables.AS_OF_DATE).equalTo(lit(latest.getDate(0))));
    }
    return Optional.of(
        rows.select(col(EventFields.USER_ID), col(column).cast("double").as("_value")));
  }
}
