package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.core.AudienceException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {
  private static final Path OUT = Path.of("raw");
  private static final LocalDate START = LocalDate.of(2026, 3, 1);

  @Test
  void rejectsValuesOutOfRangeWithWhyAndRemedy() {
    assertThatThrownBy(() -> new GeneratorSettings(0, 35, START, 1, 0.01, OUT, 0.3, 24, 4))
        .isInstanceOf(AudienceException.class)
        .hasMessage("Cannot generate data: users is 0. Pass --users between 1 and 10000000");
    assertThatThrownBy(() -> new GeneratorSettings(10, 0, START, 1, 0.01, OUT, 0.3, 24, 4))
        .hasMessage("Cannot generate data: days is 0. Pass --days between 1 and 4000");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, START, 1, 0.9, OUT, 0.3, 24, 4))
        .hasMessage(
            "Cannot generate data: bad fraction is 0.9. Pass --bad-fraction between 0 and 0.5");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, START, 1, 0.01, OUT, 1.5, 24, 4))
        .hasMessage(
            "Cannot generate data: segment overlap is 1.5. Pass --segment-overlap between 0 and 1");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, START, 1, 0.01, OUT, 0.3, -1, 4))
        .hasMessage(
            "Cannot generate data: history months is -1. Pass --history-months between 0 and 240");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, null, 1, 0.01, OUT, 0.3, 24, 4))
        .hasMessage("Cannot generate data: no start date. Pass --start-date as YYYY-MM-DD");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, START, 1, 0.01, null, 0.3, 24, 4))
        .hasMessage("Cannot generate data: no output directory. Pass --out with a directory");
    assertThatThrownBy(() -> new GeneratorSettings(10, 35, START, 1, 0.01, OUT, 0.3, 24, 0))
        .hasMessage("Cannot generate data: files per day is 0. Use between 1 and 64 files per day");
  }
}
