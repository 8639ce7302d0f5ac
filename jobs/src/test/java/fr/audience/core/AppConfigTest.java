package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import fr.audience.ingest.IngestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  @TempDir Path conf;

  @Test
  void layersApplyInOrderReferenceApplicationEnvironmentCommandLine() throws Exception {
    Files.writeString(
        conf.resolve("application.conf"),
        "audience.ingest.max-quarantine-share = 0.2\naudience.ingest.output-files = 7\naudience.spark.shuffle-partitions = 3\n");
    Files.writeString(
        conf.resolve("prod.conf"),
        "audience.ingest.max-quarantine-share = 0.3\naudience.ingest.output-files = 9\n");

    Config c = AppConfig.load(conf, "prod", List.of("audience.ingest.output-files=11"));

    assertThat(c.getDouble("audience.ingest.max-quarantine-share")).isEqualTo(0.3);
    assertThat(c.getInt("audience.ingest.output-files")).isEqualTo(11);
    assertThat(c.getInt("audience.spark.shuffle-partitions")).isEqualTo(3);
    assertThat(c.getString("audience.sessionize.bot-user-agent-pattern")).contains("bot");
  }

  @Test
  void commandLineKeysMayOmitTheRoot() {
    Config c = AppConfig.load(conf, null, List.of("ingest.output-files=5"));
    assertThat(c.getInt("audience.ingest.output-files")).isEqualTo(5);
  }

  @Test
  void unknownKeyIsNamedInOneLine() throws Exception {
    Files.writeString(conf.resolve("application.conf"), "audience.ingest.max-quarantine = 0.2\n");
    assertThatThrownBy(() -> AppConfig.load(conf, null, List.of()))
        .isInstanceOf(AudienceException.class)
        .hasMessageStartingWith(
            "Cannot load configuration: unknown key 'audience.ingest.max-quarantine'")
        .hasMessageContaining("application.conf: 1")
        .hasMessageNotContaining("\n");
  }

  @Test
  void wrongTypeIsNamedBeforeSparkStarts() {
    assertThatThrownBy(
            () ->
                IngestSettings.from(
                    AppConfig.load(conf, null, List.of("audience.ingest.output-files=beaucoup"))))
        .isInstanceOf(AudienceException.class)
        .hasMessageStartingWith("Cannot load configuration: key 'audience.ingest.output-files'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void wrongStructureIsNamed() throws Exception {
    Files.writeString(conf.resolve("application.conf"), "audience.ingest = 3\n");
    assertThatThrownBy(() -> AppConfig.load(conf, null, List.of()))
        .hasMessageStartingWith("Cannot load configuration: key 'audience.ingest'");
  }

  @Test
  void outOfRangeValueIsNamed() {
    assertThatThrownBy(
            () ->
                IngestSettings.from(
                    AppConfig.load(
                        conf, null, List.of("audience.ingest.max-quarantine-share=1.5"))))
        .hasMessage(
            "Cannot load configuration: key 'audience.ingest.max-quarantine-share' must be between 0 and 1, not 1.5. Fix it in conf/ or in the --conf option");
  }

  @Test
  void missingEnvironmentVariableIsNamed() throws Exception {
    Files.writeString(
        conf.resolve("application.conf"),
        "audience.catalog.metastore-uri = ${AUDIENCE_TEST_UNSET_VARIABLE}\n");
    assertThatThrownBy(() -> AppConfig.load(conf, null, List.of()))
        .hasMessageStartingWith("Cannot load configuration:")
        .hasMessageContaining("AUDIENCE_TEST_UNSET_VARIABLE");
  }

  @Test
  void optionalEnvironmentVariableFallsBackToTheDefault() throws Exception {
    Files.writeString(
        conf.resolve("application.conf"),
        "audience.paths.lakehouse = ${?AUDIENCE_TEST_UNSET_VARIABLE}\n");
    assertThat(AppConfig.load(conf, null, List.of()).getString("audience.paths.lakehouse"))
        .isEqualTo("lakehouse");
  }

  @Test
  void unknownEnvironmentIsAClearError() {
    assertThatThrownBy(() -> AppConfig.load(conf, "staging", List.of()))
        .hasMessageStartingWith("Cannot load configuration: environment 'staging' has no file");
  }

  @Test
  void theShippedConfFilesAreValid() {
    Path shipped = Path.of("..", "conf");
    for (String env : List.of("dev")) {
      assertThat(LakehouseSettings.from(AppConfig.load(shipped, env, List.of())).lakehouse())
          .isNotBlank();
    }
    assertThatThrownBy(() -> LakehouseSettings.from(AppConfig.load(shipped, "cluster", List.of())))
        .hasMessageContaining("audience.catalog.metastore-uri");
  }
}
