package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fr.audience.TestSpark;
import fr.audience.features.FeatureTables;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SegmentBenchDataTest {
  private static final double EXACT = 1e-9;

  @Test
  void profilesAreSeededWeightedAndEachDominatesItsOwnSection() {
    List<SegmentBenchData.Profile> profiles = SegmentBenchData.plant(8, 42);
    assertThat(profiles.stream().mapToDouble(SegmentBenchData.Profile::weight).sum())
        .isCloseTo(1, within(EXACT));
    Set<Integer> dominantSections = new HashSet<>();
    for (SegmentBenchData.Profile p : profiles) {
      for (double[] shares : List.of(p.sections(), p.devices(), p.dayparts(), p.referrers())) {
        assertThat(Arrays.stream(shares).sum()).isCloseTo(1, within(EXACT));
        assertThat(shares[SegmentBenchData.Profile.dominant(shares)])
            .isEqualTo(SegmentBenchData.DOMINANT_SHARE);
      }
      dominantSections.add(SegmentBenchData.Profile.dominant(p.sections()));
    }
    assertThat(dominantSections).hasSize(8);
    assertThat(SegmentBenchData.plant(8, 42).get(3).activeDays())
        .isEqualTo(profiles.get(3).activeDays());
    assertThat(SegmentBenchData.plant(8, 43).get(3).activeDays())
        .isNotEqualTo(profiles.get(3).activeDays());
    assertThatThrownBy(() -> SegmentBenchData.plant(10, 42)).hasMessageContaining("2..9");
  }

  /**
   * 4,000 rows on the suite's shared session: the table's columns, and each profile's users read
   * its section most.
   */
  @Test
  void rowsHaveTheFeatureTableColumnsAndThePlantedStructure() {
    List<SegmentBenchData.Profile> profiles = SegmentBenchData.plant(4, 7);
    Dataset<Row> rows =
        SegmentBenchData.rows(TestSpark.spark(), profiles, 4000, LocalDate.of(2026, 1, 1), 7, 2)
            .cache();
    List<String> expected = new java.util.ArrayList<>(FeatureTables.USER_FEATURES.columnNames());
    expected.add(SegmentBenchData.PLANTED);
    assertThat(rows.columns()).containsExactlyElementsOf(expected);
    assertThat(
            rows.filter("page_views < sessions OR sessions < active_days OR active_days > 28")
                .count())
        .isZero();

    String[] sections =
        FeatureTables.SECTIONS.stream()
            .map(FeatureTables::sectionShare)
            .map(c -> "avg(" + c + ")")
            .toArray(String[]::new);
    List<Row> counts = rows.groupBy(SegmentBenchData.PLANTED).count().collectAsList();
    assertThat(counts).hasSize(4);
    for (Row r : counts) {
      int planted = r.getInt(0);
      // Weights range about 1:3 over 4 profiles: each holds 10%..45% of the users.
      assertThat(r.getLong(1)).isBetween(400L, 1800L);
      Row means =
          rows.filter(SegmentBenchData.PLANTED + " = " + planted).selectExpr(sections).first();
      double[] m = new double[means.size()];
      for (int i = 0; i < m.length; i++) {
        m[i] = means.getDouble(i);
      }
      assertThat(SegmentBenchData.Profile.dominant(m))
          .isEqualTo(SegmentBenchData.Profile.dominant(profiles.get(planted).sections()));
    }
    rows.unpersist();
  }
}
