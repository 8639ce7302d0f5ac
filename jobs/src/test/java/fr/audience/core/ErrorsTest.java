package fr.audience.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  private static final LocalDate D = LocalDate.of(2026, 3, 2);

  @Test
  void aMissingInputNamesTheCommandThatWritesItForTheDatesNeeded() {
    assertThat(
            Errors.inputMissing(
                "run features for " + D, "silver.sessions", "sessionize", DateRange.of(D)))
        .hasMessage(
            "Cannot run features for 2026-03-02: silver.sessions does not exist. "
                + "Run: bin/audience sessionize --date 2026-03-02");
    assertThat(
            Errors.inputMissing(
                "run kpi for 2026-03-02..2026-03-04",
                "bronze.campaigns",
                "ingest",
                new DateRange(D, D.plusDays(2))))
        .hasMessage(
            "Cannot run kpi for 2026-03-02..2026-03-04: bronze.campaigns does not exist. "
                + "Run: bin/audience ingest --from 2026-03-02 --to 2026-03-04");
    assertThat(
            Errors.inputMissing(
                "score churn for " + D,
                "gold.user_features",
                "has no row as of " + D,
                "features",
                DateRange.of(D)))
        .hasMessage(
            "Cannot score churn for 2026-03-02: gold.user_features has no row as of 2026-03-02. "
                + "Run: bin/audience features --date 2026-03-02");
  }

  @Test
  void modelErrorsSayWhichCommandOrSettingFixesThem() {
    assertThat(Errors.modelMissing("score churn for " + D, "churn", D, "churn train"))
        .hasMessage(
            "Cannot score churn for 2026-03-02: no churn model was trained for 2026-03-02 or before. "
                + "Run: bin/audience churn train --date 2026-03-02");
    IOException cause =
        new IOException("File models/x/metrics.json does not exist.\n\tat somewhere");
    assertThat(
            Errors.modelUnreadable(
                "segment model", "models/x/metrics.json", cause, "segment train --date <date>"))
        .hasMessage(
            "Cannot load the segment model: reading models/x/metrics.json failed: "
                + "File models/x/metrics.json does not exist. Retrain it: bin/audience segment train --date <date>")
        .hasCause(cause);
    assertThat(
            Errors.modelUnwritable(
                "segment model", "models/segments/v1", new IOException("Permission denied")))
        .hasMessage(
            "Cannot save the segment model: writing models/segments/v1 failed: Permission denied. "
                + "Check that audience.paths.models is writable");
    assertThat(
            Errors.writeFailed(
                "generate data",
                "raw/users.csv",
                new IOException("Read-only file system"),
                "Check the --out directory is writable"))
        .hasMessage(
            "Cannot generate data: writing raw/users.csv failed: Read-only file system. "
                + "Check the --out directory is writable");
    assertThat(Errors.trainingRange("churn model", new DateRange(D, D.plusDays(1))))
        .hasMessage(
            "Cannot train the churn model: a model is trained for one date, not 2026-03-02..2026-03-03. "
                + "Give --date YYYY-MM-DD");
  }

  @Test
  void fitAndFileErrorsShareTheWording() {
    assertThat(Errors.cannotFit("BG/NBD", "there are no customers", "Give it some"))
        .hasMessage("Cannot fit BG/NBD: there are no customers. Give it some");
    assertThat(Errors.badLine("a.csv", 3, "has unparsable date 'x'", "Use yyyy-MM-dd"))
        .hasMessage("Cannot read a.csv: line 3 has unparsable date 'x'. Use yyyy-MM-dd");
    assertThat(
            Errors.message("score sBG DERL", "renewals outside 0..60", "Pass a larger maxRenewals"))
        .isEqualTo("Cannot score sBG DERL: renewals outside 0..60. Pass a larger maxRenewals");
  }

  @Test
  void contextIsAddedToWhatFailedWithoutParsingTheMessage() {
    AudienceException fit =
        Errors.cannotFit(
            "shifted-beta-geometric", "no customer churned", "Fit a cohort with churn");
    AudienceException cohort = Errors.within(fit, "for cohort 'x'");
    assertThat(cohort)
        .hasMessage(
            "Cannot fit shifted-beta-geometric for cohort 'x': no customer churned. Fit a cohort with churn")
        .hasCause(fit);
    assertThat(cohort.what()).isEqualTo("fit shifted-beta-geometric for cohort 'x'");
    assertThat(cohort.why()).isEqualTo("no customer churned");
    assertThat(cohort.remedy()).isEqualTo("Fit a cohort with churn");
  }

  @Test
  void firstLineKeepsOneLineWithoutItsFinalPeriod() {
    assertThat(Errors.firstLine("Bad value.\nat line 2")).isEqualTo("Bad value");
    assertThat(Errors.firstLine("  no period  ")).isEqualTo("no period");
    assertThat(Errors.firstLine((String) null)).isEqualTo("unknown problem");
    assertThat(Errors.firstLine("", "erreur inconnue")).isEqualTo("erreur inconnue");
    assertThat(Errors.firstLine(new java.io.FileNotFoundException()))
        .isEqualTo("FileNotFoundException");
  }
}
