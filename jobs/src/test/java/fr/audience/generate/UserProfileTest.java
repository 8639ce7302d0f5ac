package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planted profiles: the main-device draw and the trait design of the segments. */
class UserProfileTest {
  @Test
  void theMainDeviceMixMovesHalfwayTowardTheLeadingDevice() {
    // By hand: 0.5 x (0.2, 0.6, 0.2) + 0.5 x (0, 1, 0) = (0.1, 0.8, 0.1).
    assertThat(UserProfile.towardLeading(new double[] {0.2, 0.6, 0.2}, 0.5))
        .containsExactly(new double[] {0.1, 0.8, 0.1}, within(1e-12));
    // Ties go to the first; no pull leaves the mix as it is.
    assertThat(UserProfile.towardLeading(new double[] {0.4, 0.4, 0.2}, 0.5))
        .containsExactly(new double[] {0.7, 0.2, 0.1}, within(1e-12));
    assertThat(UserProfile.towardLeading(new double[] {0.3, 0.7}, 0.0))
        .containsExactly(new double[] {0.3, 0.7}, within(1e-12));
  }

  @Test
  void everyTraitIsHeldByTwoSegmentsAndTwoSegmentsShareAtMostOne() {
    // The overlap design (docs/segments.md): each topic, device use and habit is held by exactly
    // two segments, so no single trait identifies one; any two segments differ in two traits or
    // more.
    String[][] traits =
        Segments.ALL.stream().map(s -> s.name().split("-", 3)).toArray(String[][]::new);
    for (int t = 0; t < 3; t++) {
      for (String[] s : traits) {
        int holders = 0;
        for (String[] other : traits) {
          holders += other[t].equals(s[t]) ? 1 : 0;
        }
        assertThat(holders).as(String.join("-", s) + " trait " + t).isEqualTo(2);
      }
    }
    Set<String> names = new HashSet<>();
    for (int a = 0; a < traits.length; a++) {
      names.add(Segments.ALL.get(a).name());
      for (int b = a + 1; b < traits.length; b++) {
        int shared = 0;
        for (int t = 0; t < 3; t++) {
          shared += traits[a][t].equals(traits[b][t]) ? 1 : 0;
        }
        assertThat(shared)
            .as(Segments.ALL.get(a).name() + " / " + Segments.ALL.get(b).name())
            .isLessThanOrEqualTo(1);
      }
    }
    assertThat(names).hasSize(8);
    assertThat(Segments.ALL.stream().mapToDouble(Segment::weight).sum())
        .isCloseTo(1.0, within(1e-9));
  }
}
