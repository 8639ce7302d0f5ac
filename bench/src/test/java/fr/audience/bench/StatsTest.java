package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void oddCountTakesTheMiddleValueWhateverTheOrder() {
    assertThat(Stats.of(List.of(9.0, 1.0, 4.0))).isEqualTo(new Stats(4.0, 1.0, 9.0, 3));
  }

  @Test
  void evenCountAveragesTheTwoMiddleValues() {
    assertThat(Stats.of(List.of(3.0, 1.0, 10.0, 5.0)).median()).isEqualTo(4.0);
  }

  @Test
  void singleRunIsItsOwnMedian() {
    assertThat(Stats.of(List.of(2.5))).isEqualTo(new Stats(2.5, 2.5, 2.5, 1));
  }

  @Test
  void noRunIsAnError() {
    assertThatThrownBy(() -> Stats.of(List.of())).hasMessage("no measurement to summarise");
  }
}
