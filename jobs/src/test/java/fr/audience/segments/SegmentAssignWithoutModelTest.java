package fr.audience.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.TestSpark;
import fr.audience.core.DateRange;
import fr.audience.core.RunCounts;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before the first training: the command says what to do, the daily pipeline carries on. */
class SegmentAssignWithoutModelTest {
  private static final LocalDate D = LocalDate.parse("2026-03-30");

  @TempDir Path dir;

  private SegmentSettings settings() {
    TestSpark.freshLakehouse(dir);
    return SegmentSettings.from(TestSpark.config(dir));
  }

  @Test
  void assignCommandFailsWithTheRemedyWhenNoModelExists() {
    SegmentAssignJob job = new SegmentAssignJob(settings(), true);
    assertThatThrownBy(() -> job.run(TestSpark.spark(), DateRange.of(D), "test"))
        .hasMessage(
            "Cannot assign segments for 2026-03-30: no segment model was trained for 2026-03-30 or before. "
                + "Run: bin/audience segment train --date 2026-03-30");
  }

  @Test
  void dailyPipelineSkipsDatesWithoutAModel() {
    RunCounts counts =
        new SegmentAssignJob(settings(), false)
            .run(TestSpark.spark(), new DateRange(D, D.plusDays(2)), "test");
    assertThat(counts.rowsOut()).isZero();
  }
}
