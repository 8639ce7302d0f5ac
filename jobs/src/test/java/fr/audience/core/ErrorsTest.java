package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  private static final LocalDate D = LocalDate.of(2026, 3, 2);

  @Test
  void fitAndFileErrorsShareTheWording() {
    assertThat(Errors.cannotFit("BG/NBD", "there are no customers", "Give it some"))
        .hasMessage("Cannot fit BG/NBD: there are no customers. Give it some");
    assertThat(Errors.badLine("a.csv", 3, "has unparsable date 'x'", "Use yyyy-MM-dd"))
        .hasMessage("Cannot read a.csv: line 3 has unparsable date 'x'. Use yyyy-MM-dd");
    assertThat(Errors.message("score sBG DERL", "renewals outside 0..60", "Pass a larger maxRenewals"))
        .isEqualTo("Cannot score sBG DERL: renewals outside 0..60. Pass a larger maxRenewals");
  }

  @Test
  void contextIsAddedToWhatFailedWithoutParsingTheMessage() {
    AudienceException fit = Errors.cannotFit("shifted-beta-geometric", "no customer churned", "Fit a cohort with churn");
    AudienceException cohort = Errors.within(fit, "for cohort 'x'");
    assertThat(cohort)
        .hasMessage("Cannot fit shifted-beta-geometric for cohort 'x': no customer churned. Fit a cohort with churn")
        .hasCause(fit);
    assertThat(cohort.what()).isEqualTo("fit shifted-beta-geometric for cohort 'x'");
    assertThat(cohort.why()).isEqualTo("no customer churned");
    assertThat(cohort.remedy()).isEqualTo("Fit a cohort with churn");
  }

  @Test
  void firstLineKeepsOneLineWithoutItsFinalPeriod() {
    assertThat(Errors.firstLine("Bad value.\nat line 2")).isEqualTo("Bad value");
    assertThat(Errors.firstLine("  no period  ")).isEqualTo("no period");
    assertThat(Errors.firstLine(null)).isEqualTo("unknown problem");
    assertThat(Errors.firstLine("", "erreur inconnue")).isEqualTo("erreur inconnue");
  }
}
