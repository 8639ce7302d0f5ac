package fr.audience.core;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Checks, before Spark starts, that every s3a:// bucket under audience.paths.* answers with the
 * configured endpoint and credentials. S3A's own retries would otherwise spend minutes on a wrong
 * endpoint or missing credentials before failing with a page of stack trace; the probe makes one
 * attempt with short timeouts and turns the failure into one line naming the setting to fix.
 */
public final class StorageProbe {
  private static final String HADOOP_PREFIX = "spark.hadoop.";

  private StorageProbe() {}

  public static void check(LakehouseSettings s) {
    if (!s.s3().probe()) {
      return;
    }
    Map<String, String> buckets = new LinkedHashMap<>();
    for (String location : List.of(s.lakehouse(), s.raw(), s.models())) {
      if (location.startsWith("s3a://")) {
        buckets.putIfAbsent(URI.create(location).getHost(), location);
      }
    }
    if (buckets.isEmpty()) {
      return;
    }
    Configuration conf = hadoopConf(s);
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "s3a-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      for (String location : buckets.values()) {
        probe(pool, conf, location, s.s3());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void probe(
      ExecutorService pool, Configuration conf, String location, S3Settings s3) {
    Future<Boolean> answer =
        pool.submit(
            () -> {
              try (FileSystem fs = FileSystem.newInstance(URI.create(location), conf)) {
                return fs.exists(new Path(location));
              }
            });
    try {
      answer.get(s3.probeTimeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw Errors.cannot(
          "reach " + location,
          s3.endpointDescription() + " did not answer within " + s3.probeTimeoutSeconds() + " s",
          "Check " + S3Settings.ENDPOINT_KEY + " (AUDIENCE_S3_ENDPOINT) and the network");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.cannot("reach " + location, "interrupted", "Run it again");
    } catch (ExecutionException e) {
      throw explain(location, s3, e.getCause());
    }
  }

  /**
   * A Hadoop configuration as the session will see it (launcher's and our spark.hadoop.*), retrying
   * nothing.
   */
  static Configuration hadoopConf(LakehouseSettings s) {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> kv : new SparkConf().getAll()) {
      if (kv._1().startsWith(HADOOP_PREFIX)) {
        conf.set(kv._1().substring(HADOOP_PREFIX.length()), kv._2());
      }
    }
    s.sparkConf()
        .forEach(
            (k, v) -> {
              if (k.startsWith(HADOOP_PREFIX)) {
                conf.set(k.substring(HADOOP_PREFIX.length()), v);
              }
            });
    // 15 s is the least S3A accepts; the probe's own deadline (probe-timeout-seconds) bounds the
    // whole check.
    String timeout = "15s";
    conf.set("fs.s3a.attempts.maximum", "1");
    conf.set("fs.s3a.retry.limit", "1");
    conf.set("fs.s3a.retry.throttle.limit", "1");
    conf.set("fs.s3a.connection.establish.timeout", timeout);
    conf.set("fs.s3a.connection.timeout", timeout);
    conf.set("fs.s3a.connection.request.timeout", timeout);
    // Fails the probe on a missing bucket with its own exception instead of a 404 on the first
    // write.
    conf.set("fs.s3a.bucket.probe", "2");
    return conf;
  }

  static AudienceException explain(String location, S3Settings s3, Throwable failure) {
    String what = "reach " + location;
    String credentials =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ("
            + S3Settings.ACCESS_KEY_KEY
            + ", "
            + S3Settings.SECRET_KEY_KEY
            + ") or give the machine a role S3A's default provider chain finds";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String type = t.getClass().getSimpleName();
      String message = String.valueOf(t.getMessage());
      if (type.equals("NoAuthWithAWSException")
          || message.contains("No AWS Credentials")
          || message.contains("Unable to load credentials")) {
        return Errors.cannot(what, "no AWS credentials were found", credentials, failure);
      }
      if (t instanceof java.nio.file.AccessDeniedException
          || message.contains("Status Code: 403")) {
        return Errors.cannot(
            what,
            "the store refused the credentials (403 Access Denied)",
            credentials.replace("Set ", "Check ") + " and the bucket's policy",
            failure);
      }
      if (type.equals("UnknownStoreException")) {
        return Errors.cannot(
            what,
            "bucket '"
                + URI.create(location).getHost()
                + "' does not exist at "
                + s3.endpointDescription(),
            "Create it or fix audience.paths.* and " + S3Settings.ENDPOINT_KEY,
            failure);
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || type.contains("ConnectTimeout")
          || message.contains("Unable to execute HTTP request")) {
        return Errors.cannot(
            what,
            "no S3 service answered at "
                + s3.endpointDescription()
                + " ("
                + Errors.firstLine(rootMessage(t))
                + ")",
            "Check " + S3Settings.ENDPOINT_KEY + " (AUDIENCE_S3_ENDPOINT) and audience.s3.region",
            failure);
      }
    }
    return Errors.cannot(
        what,
        failure.getClass().getSimpleName()
            + ": "
            + Errors.firstLine(String.valueOf(failure.getMessage())),
        "Check "
            + S3Settings.ENDPOINT_KEY
            + ", audience.s3.region, audience.s3.path-style-access and the credentials",
        failure);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
