package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void firstLineKeepsOneLineWithoutItsFinalPeriod() {
    assertThat(Errors.firstLine("Bad value.\nat line 2")).isEqualTo("Bad value");
    assertThat(Errors.firstLine("  no period  ")).isEqualTo("no period");
    assertThat(Errors.firstLine(null)).isEqualTo("unknown problem");
    assertThat(Errors.firstLine("", "erreur inconnue")).isEqualTo("erreur inconnue");
  }
}
