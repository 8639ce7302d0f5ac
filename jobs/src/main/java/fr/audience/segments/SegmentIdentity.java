package fr.audience.segments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Segment ids that keep their meaning across retrains, and macro segments above them. Centroids are
 * compared in one space: the features after log and imputation, divided by the new model's standard
 * deviations.
 */
public final class SegmentIdentity {
  private SegmentIdentity() {}

  /** Ids for a first model: 1 for the largest cluster, 2 for the next, and so on. */
  public static int[] fresh(long[] sizes) {
    Integer[] order =
        IntStream.range(0, sizes.length)
            .boxed()
            .sorted(Comparator.comparingLong((Integer i) -> -sizes[i]).thenComparing(i -> i))
            .toArray(Integer[]::new);
    int[] ids = new int[sizes.length];
    for (int rank = 0; rank < order.length; rank++) {
      ids[order[rank]] = rank + 1;
    }
    return ids;
  }

  /**
   * Matches new clusters to previous segments by minimum total distance (optimal assignment); a
   * pair further apart than {@code maxDistance} (root mean square over features) is not a match.
   * Unmatched clusters get new ids from {@code nextId} upward, in order of size, so a retired id is
   * never given to a different segment.
   */
  public static int[] match(
      double[][] newCentroids,
      long[] newSizes,
      double[][] oldCentroids,
      int[] oldIds,
      double maxDistance,
      int nextId) {
    double[][] cost = new double[newCentroids.length][oldCentroids.length];
    for (int i = 0; i < newCentroids.length; i++) {
      for (int j = 0; j < oldCentroids.length; j++) {
        cost[i][j] = rmsDistance(newCentroids[i], oldCentroids[j]);
      }
    }
    int[] assigned =
        oldCentroids.length == 0 ? new int[newCentroids.length] : Hungarian.assign(cost);
    int[] ids = new int[newCentroids.length];
    List<Integer> unmatched = new ArrayList<>();
    for (int i = 0; i < newCentroids.length; i++) {
      int j = oldCentroids.length == 0 ? -1 : assigned[i];
      if (j >= 0 && cost[i][j] <= maxDistance) {
        ids[i] = oldIds[j];
      } else {
        unmatched.add(i);
      }
    }
    unmatched.sort(Comparator.comparingLong((Integer i) -> -newSizes[i]).thenComparing(i -> i));
    for (int i : unmatched) {
      ids[i] = nextId++;
    }
    return ids;
  }

  static double rmsDistance(double[] a, double[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      sum += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return Math.sqrt(sum / a.length);
  }

  /**
   * Macro segments: Ward's agglomerative clustering of the micro centroids, weighted by size, down
   * to {@code groups} groups. Each macro segment is named by the smallest segment id it holds, so
   * it inherits the stability of those ids.
   */
  public static int[] macro(double[][] centroids, long[] sizes, int[] ids, int groups) {
    int k = centroids.length;
    List<double[]> centres = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      centres.add(centroids[i].clone());
      weights.add((double) Math.max(sizes[i], 1));
      members.add(new ArrayList<>(List.of(i)));
    }
    while (members.size() > Math.max(groups, 1)) {
      int bestA = 0;
      int bestB = 1;
      double best = Double.POSITIVE_INFINITY;
      for (int a = 0; a < members.size(); a++) {
        for (int b = a + 1; b < members.size(); b++) {
          double wa = weights.get(a);
          double wb = weights.get(b);
          double d = wa * wb / (wa + wb) * squared(centres.get(a), centres.get(b));
          if (d < best) {
            best = d;
            bestA = a;
            bestB = b;
          }
        }
      }
      double wa = weights.get(bestA);
      double wb = weights.get(bestB);
      double[] merged = new double[centres.get(bestA).length];
      for (int d = 0; d < merged.length; d++) {
        merged[d] = (wa * centres.get(bestA)[d] + wb * centres.get(bestB)[d]) / (wa + wb);
      }
      centres.set(bestA, merged);
      weights.set(bestA, wa + wb);
      members.get(bestA).addAll(members.get(bestB));
      centres.remove(bestB);
      weights.remove(bestB);
      members.remove(bestB);
    }
    int[] macro = new int[k];
    for (List<Integer> group : members) {
      int name = group.stream().mapToInt(i -> ids[i]).min().orElseThrow();
      group.forEach(i -> macro[i] = name);
    }
    return macro;
  }

  private static double squared(double[] a, double[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      sum += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return sum;
  }

  static int max(int[] ids) {
    return Arrays.stream(ids).max().orElse(0);
  }
}
