package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.core.AudienceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  @Test
  void anUnwritableOutputIsAOneLineErrorWithARemedy() throws Exception {
    Path notAFolder =
        Files.writeString(dir.resolve("out"), "a file where --out should be a folder");
    Path csv = notAFolder.resolve("users.csv");
    assertThatThrownBy(() -> new Csv(csv, "user_id"))
        .isInstanceOf(AudienceException.class)
        .hasMessageStartingWith("Cannot generate data: writing " + csv + " failed: ")
        .hasMessageEndingWith(". Check the --out directory is writable")
        .hasMessageNotContaining("\n");
  }
}
