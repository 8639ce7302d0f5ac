package fr.audience.sessions;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.execution.LogicalRDD;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows whose plan states how they are partitioned and ordered, so what follows on the same keys
 * neither shuffles nor sorts them again. It takes the plan node Spark's own checkpoints build
 * ({@link LogicalRDD} with its partitioning and ordering), an internal API of the pinned Spark
 * version.
 */
final class DeclaredRows {
  private DeclaredRows() {}

  /** {@code rdd}'s rows as a Dataset with {@code output}, hash-partitioned by {@code keys}. */
  static Dataset<Row> of(
      org.apache.spark.sql.classic.SparkSession spark,
      List<Attribute> output,
      RDD<InternalRow> rdd,
      List<Attribute> keys,
      int partitions,
      List<SortOrder> ordering) {
    LogicalRDD plan =
        new LogicalRDD(
            CollectionConverters.asScala(output).toList(),
            rdd,
            new HashPartitioning(
                CollectionConverters.asScala(new ArrayList<Expression>(keys)).toList(), partitions),
            CollectionConverters.asScala(ordering).toList(),
            false,
            Option.empty(),
            spark,
            Option.empty(),
            Option.empty());
    return org.apache.spark.sql.classic.Dataset.ofRows(spark, plan);
  }
}
