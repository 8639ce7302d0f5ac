package fr.audience.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The small algorithms behind segments: optimal assignment, stable ids, macro segments, ARI,
 * labels.
 */
class SegmentMathTest {
  private static final java.util.List<SegmentMetrics.Candidate> SILHOUETTES =
      java.util.List.of(
          new SegmentMetrics.Candidate(7, 0.300),
          new SegmentMetrics.Candidate(8, 0.310),
          new SegmentMetrics.Candidate(9, 0.250));

  @Test
  void singleFeatureAucCountsTiesAsHalfAPair() {
    // Hand example: members hold 1 and 2, others 2 and 3. Of the 4 member/other pairs the member is
    // higher in none and tied in one (2 = 2): AUC = 0.5 / 4 = 0.125, so the feature, read
    // downwards,
    // separates at 0.875, whichever side is called the members.
    double[] a = {1, 2};
    double[] b = {2, 3};
    assertThat(SingleFeatureSeparation.folded(a, b)).isCloseTo(0.875, within(1e-12));
    assertThat(SingleFeatureSeparation.folded(b, a)).isCloseTo(0.875, within(1e-12));
    assertThat(SingleFeatureSeparation.folded(a, new double[0])).isEqualTo(0.5);
  }

  @Test
  void aRetrainKeepsThePreviousKOnlyWhileItScoresCloseToTheBest() {
    // No tolerance: the best silhouette, 8.
    assertThat(SegmentModel.choose(SILHOUETTES, false, null, 0.05, 0.0).k()).isEqualTo(8);
    // 0.300 is within 5% of 0.310: keep 7; 0.250 is not: move to the best.
    assertThat(SegmentModel.choose(SILHOUETTES, false, 7, 0.05, 0.0).k()).isEqualTo(7);
    assertThat(SegmentModel.choose(SILHOUETTES, false, 9, 0.05, 0.0).k()).isEqualTo(8);
    assertThat(SegmentModel.choose(SILHOUETTES, false, 7, 0.0, 0.0).k()).isEqualTo(8);
    // BIC: lower is better.
    assertThat(
            SegmentModel.choose(
                    java.util.List.of(
                        new SegmentMetrics.Candidate(4, 1000),
                        new SegmentMetrics.Candidate(5, 980)),
                    true,
                    4,
                    0.05,
                    0.0)
                .k())
        .isEqualTo(4);
  }

  @Test
  void aFirstModelTakesTheSmallestKWithinTheToleranceOfTheBest() {
    // 0.300 is 3.2% below 0.310: outside 2%, inside 5%.
    assertThat(SegmentModel.choose(SILHOUETTES, false, null, 0.05, 0.02).k()).isEqualTo(8);
    assertThat(SegmentModel.choose(SILHOUETTES, false, null, 0.05, 0.05).k()).isEqualTo(7);
    // The branch's silhouettes of k = 8, 9, 10: 0.321 is within 2% of 0.324.
    java.util.List<SegmentMetrics.Candidate> flat =
        java.util.List.of(
            new SegmentMetrics.Candidate(8, 0.321),
            new SegmentMetrics.Candidate(9, 0.323),
            new SegmentMetrics.Candidate(10, 0.324));
    assertThat(SegmentModel.choose(flat, false, null, 0.05, 0.02).k()).isEqualTo(8);
    // A previous k inside the stickiness wins over a smaller k inside the tolerance.
    assertThat(SegmentModel.choose(flat, false, 10, 0.05, 0.02).k()).isEqualTo(10);
    // A previous k outside the stickiness falls back to the tolerance rule, not to the best.
    assertThat(SegmentModel.choose(SILHOUETTES, false, 9, 0.05, 0.05).k()).isEqualTo(7);
    // BIC: 990 is within 2% above 980, so 4 clusters are enough.
    java.util.List<SegmentMetrics.Candidate> bic =
        java.util.List.of(
            new SegmentMetrics.Candidate(4, 990),
            new SegmentMetrics.Candidate(5, 980),
            new SegmentMetrics.Candidate(6, 1100));
    assertThat(SegmentModel.choose(bic, true, null, 0.05, 0.02).k()).isEqualTo(4);
    assertThat(SegmentModel.choose(bic, true, null, 0.05, 0.0).k()).isEqualTo(5);
  }

  @Test
  void hungarianFindsTheCheapestAssignment() {
    // Greedy would take 1 for row 0 and pay 7 + 6; the optimum is 2 + 3 + 2 = 7.
    double[][] cost = {{1, 2, 9}, {3, 7, 9}, {9, 6, 2}};
    assertThat(Hungarian.assign(cost)).containsExactly(1, 0, 2);
    double[][] classic = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    assertThat(total(classic, Hungarian.assign(classic))).isEqualTo(5.0);
  }

  @Test
  void hungarianLeavesExtraRowsUnassigned() {
    double[][] cost = {{5, 1}, {1, 5}, {0.5, 0.4}};
    int[] a = Hungarian.assign(cost);
    assertThat(a).containsExactly(-1, 0, 1);
    double[][] wide = {{5, 1, 3}, {1, 5, 3}};
    assertThat(Hungarian.assign(wide)).containsExactly(1, 0);
  }

  @Test
  void matchedClustersKeepTheirIdsAndNewOnesGetFreshIds() {
    double[][] old = {{0, 0}, {10, 10}, {20, 0}};
    int[] oldIds = {3, 1, 2};
    // New clusters in another order, one far from everything.
    double[][] now = {{10.2, 9.9}, {-50, -50}, {0.1, 0}, {19.8, 0.3}};
    int[] ids = SegmentIdentity.match(now, new long[] {5, 9, 5, 5}, old, oldIds, 1.0, 7);
    assertThat(ids).containsExactly(1, 7, 3, 2);
  }

  @Test
  void firstModelNumbersSegmentsBySize() {
    assertThat(SegmentIdentity.fresh(new long[] {10, 30, 20})).containsExactly(3, 1, 2);
  }

  @Test
  void macroSegmentsGroupNearbyCentroids() {
    double[][] centroids = {{0, 0}, {0.2, 0}, {10, 10}, {10, 10.3}, {0, 0.1}};
    int[] macro =
        SegmentIdentity.macro(centroids, new long[] {1, 1, 1, 1, 1}, new int[] {4, 2, 5, 3, 1}, 2);
    assertThat(macro).containsExactly(1, 1, 3, 3, 1);
  }

  @Test
  void adjustedRandIndexMatchesAHandComputedExample() {
    // Partitions {0,0,0,1,1,1} and {0,0,1,1,2,2}: pairs together in both 2, expected 6 * 3 / 15 =
    // 1.2,
    // maximum (6 + 3) / 2 = 4.5, so ARI = (2 - 1.2) / (4.5 - 1.2) = 0.2424...
    long[][] table = {{2, 1, 0}, {0, 1, 2}};
    assertThat(AdjustedRandIndex.of(table)).isCloseTo(0.8 / 3.3, within(1e-12));
    // Identical partitions under other names.
    assertThat(AdjustedRandIndex.of(new long[][] {{0, 3}, {4, 0}})).isEqualTo(1.0);
    // Independent partitions score below 0: together in both 4, expected 12 * 12 / 28, maximum 12,
    // so -1/6.
    assertThat(AdjustedRandIndex.of(new long[][] {{2, 2}, {2, 2}}))
        .isCloseTo(-1.0 / 6, within(1e-12));
  }

  @Test
  void labelsNameTheMostOverRepresentedDeviceSectionTimeAndEngagement() {
    Map<String, Double> lifts =
        Map.of(
            "device_share_mobile",
            1.6,
            "device_share_desktop",
            0.4,
            "section_share_sport",
            3.1,
            "section_share_politique",
            0.5,
            "section_share_culture",
            1.2,
            "daypart_share_soir",
            1.8,
            "daypart_share_matin",
            0.7,
            "weekend_share",
            1.1,
            "referrer_share_social",
            1.3,
            "active_days",
            1.7);
    assertThat(SegmentLabels.label(lifts)).isEqualTo("mobile · sport · soirée · très engagés");
    Map<String, Double> occasional =
        Map.of(
            "device_share_app_ios",
            2.0,
            "section_share_economie",
            2.5,
            "weekend_share",
            1.9,
            "referrer_share_social",
            2.4,
            "active_days",
            0.5);
    assertThat(SegmentLabels.label(occasional))
        .isEqualTo("appli iOS · économie · week-end · réseaux sociaux · occasionnels");
  }

  private static double total(double[][] cost, int[] assignment) {
    return Arrays.stream(new int[] {0, 1, 2}).mapToDouble(i -> cost[i][assignment[i]]).sum();
  }
}
