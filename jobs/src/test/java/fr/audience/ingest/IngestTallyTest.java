package fr.audience.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IngestTallyTest {
  @Test
  void countsLinesAndRejectedLinesPerDayAndFileAndKeepsTheRejectedOnes() {
    IngestTally tally = new IngestTally(100);
    IngestTally.Tally task = tally.newTally();
    task.line(1, "f1");
    task.line(1, "f1");
    task.rejected(1, "f1", "MALFORMED_JSON", "d", "{broken");
    task.line(2, "f2");
    task.line(1, "f1");
    tally.add(task);
    IngestTally.Tally other = tally.newTally();
    other.line(2, "f2");
    other.rejected(2, "f2", "WRONG_TYPE", "d", "{\"a\":1}");
    tally.add(other);

    IngestTally.Tally all = tally.value();
    assertThat(all.days().get(1)).containsExactly(3, 1);
    assertThat(all.days().get(2)).containsExactly(2, 1);
    assertThat(all.files().get("f1")).containsExactly(3, 1);
    assertThat(all.files().get("f2")).containsExactly(2, 1);
    assertThat(all.lines()).isEqualTo(5);
    assertThat(all.rejectedLines()).isEqualTo(2);
    assertThat(all.rejectedRows())
        .extracting(IngestTally.Rejected::line)
        .containsExactly("{broken", "{\"a\":1}");
    assertThat(all.overflowed()).isFalse();
  }

  @Test
  void pastItsLimitATallyOnlyCountsAndSaysSo() {
    IngestTally tally = new IngestTally(10);
    IngestTally.Tally task = tally.newTally();
    task.rejected(1, "f", "R", "d", "123456");
    assertThat(task.overflowed()).isFalse();
    task.rejected(1, "f", "R", "d", "123456");
    assertThat(task.overflowed()).isTrue();
    task.rejected(1, "f", "R", "d", "x");
    tally.add(task);
    assertThat(tally.value().rejectedLines()).isEqualTo(3);
    assertThat(tally.value().overflowed()).isTrue();
    assertThatThrownBy(() -> tally.value().rejectedRows())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theLimitHoldsOverAllTasksToo() {
    IngestTally tally = new IngestTally(10);
    for (int i = 0; i < 2; i++) {
      IngestTally.Tally task = tally.newTally();
      task.rejected(1, "f", "R", "d", "123456");
      assertThat(task.overflowed()).isFalse();
      tally.add(task);
    }
    assertThat(tally.value().overflowed()).isTrue();
    assertThat(tally.value().rejectedLines()).isEqualTo(2);
  }

  @Test
  void aCopyCarriesTheCountsAndAResetEmptiesThem() {
    IngestTally tally = new IngestTally(10);
    IngestTally.Tally task = tally.newTally();
    task.line(1, "f1");
    tally.add(task);
    IngestTally copy = tally.copy();
    assertThat(copy.value().lines()).isEqualTo(1);
    copy.reset();
    assertThat(copy.isZero()).isTrue();
    assertThat(tally.value().lines()).isEqualTo(1);
  }
}
