package fr.audience.ingest;

import fr.audience.core.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Where each kind of raw input lives (local or s3a://), per docs/raw-formats.md. */
public record RawInput(String root) {
  public String events(LocalDate date) {
    return root + "/events/event_date=" + date;
  }

  public String access(LocalDate date) {
    return root + "/access/event_date=" + date;
  }

  public String reference(String file) {
    return root + "/reference/" + file;
  }

  public static boolean exists(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw Errors.cannot(
          "read " + location, Errors.firstLine(e), "Check the path and its credentials", e);
    } catch (UncheckedIOException e) {
      throw Errors.cannot(
          "read " + location,
          Errors.firstLine(e.getCause()),
          "Check the path and its credentials",
          e);
    }
  }
}
