package fr.audience.kpi;

import static fr.audience.kpi.KpiTables.AS_OF_DATE;
import static fr.audience.kpi.KpiTables.SEGMENT_ID;
import static fr.audience.kpi.KpiTables.SEGMENT_LABEL;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Shared shapes of the KPI transforms: the dates of a run, trailing windows, segments and their
 * totals.
 */
final class KpiFrames {
  static final String USER_ID = "user_id";
  static final String LABEL = "label";
  static final int NO_SEGMENT = -1;
  static final String NO_SEGMENT_LABEL = "non segmenté";
  static final String TOTAL_LABEL = "tous";
  static final String ALL = "all";

  private KpiFrames() {}

  /** One row per as-of date of the run: column as_of_date. */
  static Dataset<Row> dates(SparkSession spark, List<LocalDate> dates) {
    return spark
        .createDataset(dates.stream().map(Date::valueOf).toList(), Encoders.DATE())
        .toDF(AS_OF_DATE);
  }

  /**
   * Rows of {@code facts} dated within the {@code days} days ending on each as-of date (inclusive),
   * tagged with it.
   */
  static Dataset<Row> inWindow(
      Dataset<Row> facts, String dateColumn, Dataset<Row> dates, int days) {
    return facts.join(
        broadcast(dates),
        col(dateColumn).between(date_sub(col(AS_OF_DATE), days - 1), col(AS_OF_DATE)));
  }

  /** Adds segment_id (as of the row's as_of_date; -1 without one) to per-user rows. */
  static Dataset<Row> withSegment(Dataset<Row> perUser, Dataset<Row> segments) {
    return perUser
        .join(
            segments.select(col(USER_ID), col(AS_OF_DATE), col(SEGMENT_ID)),
            perUser
                .col(USER_ID)
                .equalTo(segments.col(USER_ID))
                .and(perUser.col(AS_OF_DATE).equalTo(segments.col(AS_OF_DATE))),
            "left")
        .drop(segments.col(USER_ID))
        .drop(segments.col(AS_OF_DATE))
        .withColumn(SEGMENT_ID, coalesce(col(SEGMENT_ID), lit(NO_SEGMENT)));
  }

  /**
   * Aggregates per as-of date and segment (plus {@code keys}), and adds the total over segments
   * with segment_id null; then labels them from gold.segment_profiles.
   */
  static Dataset<Row> bySegmentWithTotal(
      Dataset<Row> rows, Dataset<Row> labels, List<String> keys, Column first, Column... rest) {
    Column[] perSegment =
        Stream.concat(Stream.of(AS_OF_DATE, SEGMENT_ID), keys.stream())
            .map(c -> col(c))
            .toArray(Column[]::new);
    Column[] total =
        Stream.concat(Stream.of(AS_OF_DATE), keys.stream()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> segments = rows.groupBy(perSegment).agg(first, rest);
    Dataset<Row> all =
        rows.groupBy(total).agg(first, rest).withColumn(SEGMENT_ID, lit(null).cast("int"));
    Dataset<Row> both = segments.unionByName(all);
    return both.join(
            labels.select(col(SEGMENT_ID).as("_sid"), col(AS_OF_DATE).as("_asof"), col(LABEL)),
            col("_sid").equalTo(col(SEGMENT_ID)).and(col("_asof").equalTo(col(AS_OF_DATE))),
            "left")
        .withColumn(
            SEGMENT_LABEL,
            when(col(SEGMENT_ID).isNull(), lit(TOTAL_LABEL))
                .when(col(SEGMENT_ID).equalTo(NO_SEGMENT), lit(NO_SEGMENT_LABEL))
                .otherwise(
                    coalesce(col(LABEL), concat(lit("segment "), col(SEGMENT_ID).cast("string")))))
        .drop("_sid", "_asof", LABEL);
  }

  /** numerator / denominator, null when the denominator is 0 or null. */
  static Column ratio(Column numerator, Column denominator) {
    return when(denominator.notEqual(0), numerator.divide(denominator));
  }

  /**
   * Users of an audience: one of its age bands (when it names some) and one of its segments (when
   * it names some).
   */
  static Column member(KpiSettings.Audience audience, Column ageBand, Column segmentId) {
    Column in = lit(true);
    if (!audience.ageBands().isEmpty()) {
      in = in.and(coalesce(ageBand.isin(audience.ageBands().toArray()), lit(false)));
    }
    if (!audience.segmentIds().isEmpty()) {
      in = in.and(coalesce(segmentId.isin(audience.segmentIds().toArray()), lit(false)));
    }
    return in;
  }

  /** Column names for an equi-join on same-named columns. */
  static scala.collection.immutable.Seq<String> using(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }
}
