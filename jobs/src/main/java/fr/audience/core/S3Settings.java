package fr.audience.core;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How s3a:// locations are reached (audience.s3.*): endpoint, region, addressing and the
 * credentials the overlays take from the environment. Empty values leave S3A's own defaults (AWS
 * endpoints, region discovery, its default credential provider chain).
 */
public record S3Settings(
    String endpoint,
    String region,
    boolean pathStyleAccess,
    String accessKey,
    String secretKey,
    String sessionToken,
    boolean probe,
    int probeTimeoutSeconds) {

  public static final String ENDPOINT_KEY = "audience.s3.endpoint";
  public static final String ACCESS_KEY_KEY = "audience.s3.access-key";
  public static final String SECRET_KEY_KEY = "audience.s3.secret-key";

  public static S3Settings from(Config config) {
    return Settings.read(
        config,
        c -> {
          S3Settings s =
              new S3Settings(
                  c.getString("audience.s3.endpoint").trim(),
                  c.getString("audience.s3.region").trim(),
                  c.getBoolean("audience.s3.path-style-access"),
                  c.getString(ACCESS_KEY_KEY),
                  c.getString(SECRET_KEY_KEY),
                  c.getString("audience.s3.session-token"),
                  c.getBoolean("audience.s3.probe"),
                  Settings.positive(c, "audience.s3.probe-timeout-seconds"));
          if (!s.endpoint.isEmpty() && !s.endpoint.matches("(?i)https?://[^/\\s]+/?")) {
            throw Errors.badConfigValue(
                ENDPOINT_KEY,
                "must be a URL like https://s3.example.com:9000, not '" + s.endpoint + "'");
          }
          if (s.accessKey.isEmpty() != s.secretKey.isEmpty()) {
            throw Errors.badConfigValue(
                s.accessKey.isEmpty() ? ACCESS_KEY_KEY : SECRET_KEY_KEY,
                "is empty while its pair is set (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together)");
          }
          return s;
        });
  }

  /**
   * The S3A settings these stand for, as Spark properties (spark.hadoop.fs.s3a.*); unset ones are
   * left out.
   */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    if (!endpoint.isEmpty()) {
      conf.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    }
    if (!region.isEmpty()) {
      conf.put("spark.hadoop.fs.s3a.endpoint.region", region);
    }
    conf.put("spark.hadoop.fs.s3a.path.style.access", String.valueOf(pathStyleAccess));
    // A file's etag as its checksum: the ingest ledger tells a file delivered again by it.
    conf.put("spark.hadoop.fs.s3a.etag.checksum.enabled", "true");
    if (!accessKey.isEmpty()) {
      // Spark redacts these keys (spark.redaction.regex) in its UI and logs.
      conf.put("spark.hadoop.fs.s3a.access.key", accessKey);
      conf.put("spark.hadoop.fs.s3a.secret.key", secretKey);
    }
    if (!sessionToken.isEmpty()) {
      conf.put("spark.hadoop.fs.s3a.session.token", sessionToken);
    }
    return conf;
  }

  /** Endpoint as the user would recognise it in messages. */
  public String endpointDescription() {
    return endpoint.isEmpty()
        ? "the AWS endpoint of region '" + (region.isEmpty() ? "(discovered)" : region) + "'"
        : endpoint;
  }
}
