package fr.audience.report;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.kpi.KpiTables;
import org.junit.jupiter.api.Test;

class KpiPanelTest {
  @Test
  void theDashboardHasOnePanelPerKpiTable() {
    assertThat(KpiPanel.ALL.stream().map(KpiPanel::table).toList())
        .containsExactlyInAnyOrderElementsOf(
            KpiTables.ALL.stream().map(t -> t.spec().fullName()).toList());
  }
}
