package fr.audience.bench;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.Settings;
import java.nio.file.Path;

/** Settings of the benchmarks (audience.bench.*), read and checked before any work. */
public record BenchSettings(long ingestMinBytes, int runs, Path out) {
  public static BenchSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          long minBytes = c.getLong("audience.bench.ingest-min-bytes");
          if (minBytes <= 0) {
            throw Errors.badConfigValue(
                "audience.bench.ingest-min-bytes", "must be positive, not " + minBytes);
          }
          return new BenchSettings(
              minBytes,
              Settings.positive(c, "audience.bench.runs"),
              Path.of(c.getString("audience.bench.out")).toAbsolutePath());
        });
  }
}
