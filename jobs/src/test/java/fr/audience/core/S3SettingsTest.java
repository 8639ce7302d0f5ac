package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** audience.s3.* and the shipped overlays, without Spark: what reaches S3A and what is refused. */
class S3SettingsTest {
  private static final Path CONF = Path.of("..", "conf");

  @Test
  void settingsBecomeS3aPropertiesAndUnsetOnesStayOut() {
    LakehouseSettings s =
        LakehouseSettings.from(
            AppConfig.defaults(
                "audience.s3.endpoint=http://minio:9000", "audience.s3.path-style-access=true",
                "audience.s3.access-key=AK", "audience.s3.secret-key=SK"));
    assertThat(s.sparkConf())
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://minio:9000")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.hadoop.fs.s3a.access.key", "AK")
        .containsEntry("spark.hadoop.fs.s3a.secret.key", "SK")
        .doesNotContainKeys(
            "spark.hadoop.fs.s3a.endpoint.region", "spark.hadoop.fs.s3a.session.token");
  }

  @Test
  void anExplicitS3aPropertyWinsOverTheTypedSetting() {
    LakehouseSettings s =
        LakehouseSettings.from(
            AppConfig.defaults(
                "audience.s3.endpoint=http://minio:9000",
                "audience.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"=http://other:9000"));
    assertThat(s.sparkConf()).containsEntry("spark.hadoop.fs.s3a.endpoint", "http://other:9000");
  }

  @Test
  void anEndpointWithoutSchemeIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> LakehouseSettings.from(AppConfig.defaults("audience.s3.endpoint=minio:9000")))
        .hasMessage(
            "Cannot load configuration: key 'audience.s3.endpoint' must be a URL like "
                + "https://s3.example.com:9000, not 'minio:9000'. Fix it in conf/ or in the --conf option");
  }

  @Test
  void halfAKeyPairIsRefused() {
    assertThatThrownBy(
            () -> LakehouseSettings.from(AppConfig.defaults("audience.s3.access-key=AK")))
        .hasMessageStartingWith(
            "Cannot load configuration: key 'audience.s3.secret-key' is empty while its pair is set");
  }

  @Test
  void theAwsOverlayLoadsWithoutAnySecretInIt() {
    LakehouseSettings s = LakehouseSettings.from(AppConfig.load(CONF, "aws", List.of()));
    assertThat(s.sparkConf())
        .containsEntry("spark.delta.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "false");
    if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
      assertThat(s.sparkConf()).doesNotContainKey("spark.hadoop.fs.s3a.access.key");
    }
  }

  @Test
  void theS3CompatibleOverlayNeedsItsEndpointVariable() {
    if (System.getenv("AUDIENCE_S3_ENDPOINT") == null) {
      assertThatThrownBy(() -> AppConfig.load(CONF, "s3-compatible", List.of()))
          .hasMessageContaining("${AUDIENCE_S3_ENDPOINT}");
    }
    LakehouseSettings s =
        LakehouseSettings.from(
            AppConfig.load(
                CONF, "s3-compatible", List.of("audience.s3.endpoint=http://127.0.0.1:9000")));
    assertThat(s.sparkConf())
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000");
  }

  @Test
  void aLocalLakehouseIsNotProbedWhateverTheEndpoint() {
    assertThatCode(
            () ->
                StorageProbe.check(
                    LakehouseSettings.from(
                        AppConfig.defaults("audience.s3.endpoint=http://127.0.0.1:9"))))
        .doesNotThrowAnyException();
  }
}
