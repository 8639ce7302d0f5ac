package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseListenerTest {
  @Test
  void phaseDropsTheRunDates() {
    assertThat(PhaseListener.phaseOf("ingest 2026-03-02: write bronze.events"))
        .isEqualTo("write bronze.events");
  }

  @Test
  void deltaBookkeepingGoesUnderThePhaseThatCausedIt() {
    assertThat(
            PhaseListener.phaseOf(
                "Delta: ingest 2026-03-02: write bronze.quarantine: Compute snapshot for version: 1"))
        .isEqualTo("write bronze.quarantine (Delta bookkeeping)");
  }

  @Test
  void jobsWithoutDescriptionAreOther() {
    assertThat(PhaseListener.phaseOf(null)).isEqualTo("other");
  }
}
