package fr.audience.segments;

import fr.audience.core.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Segment models on disk: {@code <dir>/model} (the PipelineModel) and {@code <dir>/metrics.json}.
 */
public final class ModelStore {
  private ModelStore() {}

  public static void save(
      SparkSession spark, String dir, PipelineModel model, SegmentMetrics metrics) {
    try {
      model.write().overwrite().save(dir + "/model");
      Path path = new Path(dir + "/metrics.json");
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(metrics.toJson().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.modelUnwritable("segment model", dir, e);
    }
  }

  public static PipelineModel loadModel(String dir) {
    return PipelineModel.load(dir + "/model");
  }

  public static SegmentMetrics loadMetrics(SparkSession spark, String dir) {
    Path path = new Path(dir + "/metrics.json");
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataInputStream in = fs.open(path)) {
        return SegmentMetrics.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.modelUnreadable(
          "segment model", path.toString(), e, "segment train --date <date>");
    }
  }
}
