package fr.audience.ingest;

import com.typesafe.config.Config;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;

/** Settings of the ingest job, read and checked before Spark starts. */
public record IngestSettings(
    LakehouseSettings lakehouse,
    double maxQuarantineShare,
    int outputFiles,
    long rejectedCharsHeld,
    int maxLineBytes,
    long maxFileBytes,
    boolean requireManifest) {
  public static IngestSettings from(Config config) {
    return Settings.read(
        config,
        c ->
            new IngestSettings(
                LakehouseSettings.from(c),
                Settings.share(c, "audience.ingest.max-quarantine-share"),
                Settings.positive(c, "audience.ingest.output-files"),
                Settings.positive(c, "audience.ingest.rejected-chars-held"),
                Settings.positive(c, "audience.ingest.max-line-bytes"),
                Settings.positiveBytes(c, "audience.ingest.max-file-bytes"),
                c.getBoolean("audience.ingest.require-manifest")));
  }
}
