package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

  @Test
  void anyJobsNameAndDateRangeAreDropped() {
    assertThat(PhaseListener.phaseOf("sessionize 2026-03-01..2026-03-02: write silver.events"))
        .isEqualTo("write silver.events");
    assertThat(
            PhaseListener.phaseOf("Delta: sessionize 2026-03-02: clean events: Compute snapshot"))
        .isEqualTo("clean events (Delta bookkeeping)");
  }

  @Test
  void theRunsJobGroupAloneIsBeforeTheFirstPhase() {
    assertThat(PhaseListener.phaseOf("sessionize 2026-03-02"))
        .isEqualTo(PhaseListener.BEFORE_FIRST_PHASE);
  }

  @Test
  void descriptionsWithoutJobAndDateStayAsTheyAre() {
    assertThat(PhaseListener.phaseOf("floor write silver.events"))
        .isEqualTo("floor write silver.events");
    assertThat(PhaseListener.phaseOf("Delta: floor write silver.events: Filtering files"))
        .isEqualTo("floor write silver.events (Delta bookkeeping)");
  }

  @Test
  void medianIsTakenPerPhaseAndAMissingPhaseCountsAsZero() {
    PhaseListener.Phase one = new PhaseListener.Phase(1, 2, 3, 0, 0, 4, 10, 100);
    PhaseListener.Phase three = new PhaseListener.Phase(3, 6, 9, 0, 0, 4, 10, 300);
    var median =
        PhaseListener.median(
            List.of(Map.of("check", one), Map.of("check", three), Map.of("other", one)));
    assertThat(median.get("check")).isEqualTo(new PhaseListener.Phase(1, 2, 3, 0, 0, 4, 10, 100));
    assertThat(median.get("other")).isEqualTo(PhaseListener.Phase.NONE);
  }
}
