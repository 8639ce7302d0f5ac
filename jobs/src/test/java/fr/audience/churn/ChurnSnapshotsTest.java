package fr.audience.churn;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.core.AppConfig;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which snapshots a training for a date labels: no training label may look past the validation one.
 */
class ChurnSnapshotsTest {
  @Test
  void trainingLabelsAreAllKnownOnTheValidationSnapshotAndValidationLabelsOnTheTrainingDate() {
    // Defaults: horizon 30 days, 3 training snapshots and 1 validation snapshot, 7 days apart.
    ChurnTrainer trainer = new ChurnTrainer(ChurnSettings.from(AppConfig.defaults()));
    LocalDate date = LocalDate.parse("2026-06-30");

    // By hand: validation on 2026-06-30 - 30 = 05-31; the last training snapshot 30 days before it,
    // 05-01, and the two before it a week apart.
    assertThat(trainer.snapshots(date))
        .containsExactly(
            LocalDate.parse("2026-04-17"),
            LocalDate.parse("2026-04-24"),
            LocalDate.parse("2026-05-01"),
            LocalDate.parse("2026-05-31"));
  }

  @Test
  void severalValidationSnapshotsAllComeAfterTheLastTrainingLabel() {
    ChurnTrainer trainer =
        new ChurnTrainer(
            ChurnSettings.from(
                AppConfig.defaults(
                    "audience.churn.horizon-days=10",
                    "audience.churn.train-snapshots=2",
                    "audience.churn.validation-snapshots=2",
                    "audience.churn.snapshot-step-days=3")));
    List<LocalDate> snapshots = trainer.snapshots(LocalDate.parse("2026-06-30"));

    // Validation 06-17 and 06-20 (the last 10 days before 06-30); training ends 10 days before
    // 06-17.
    assertThat(snapshots)
        .containsExactly(
            LocalDate.parse("2026-06-04"),
            LocalDate.parse("2026-06-07"),
            LocalDate.parse("2026-06-17"),
            LocalDate.parse("2026-06-20"));
  }
}
