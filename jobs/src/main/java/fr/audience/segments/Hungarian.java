package fr.audience.segments;

import java.util.Arrays;

/**
 * Minimum-cost assignment (Hungarian algorithm with potentials, O(n^2 m)). commons-math3 has none,
 * and the matrices here are at most a few dozen segments wide.
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * For a cost matrix of n rows and m columns, returns for each row the column assigned to it, or
   * -1 when there are more rows than columns and the row is left out. The total cost is minimal.
   */
  public static int[] assign(double[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    boolean transposed = rows > cols;
    double[][] a = transposed ? transpose(cost) : cost;
    int[] rowToCol = solve(a);
    if (!transposed) {
      return rowToCol;
    }
    int[] result = new int[rows];
    Arrays.fill(result, -1);
    for (int r = 0; r < rowToCol.length; r++) {
      result[rowToCol[r]] = r;
    }
    return result;
  }

  /** Requires n <= m; every row gets a distinct column. */
  private static int[] solve(double[][] a) {
    int n = a.length;
    int m = n == 0 ? 0 : a[0].length;
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] p = new int[m + 1];
    int[] way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rowToCol = new int[n];
    for (int j = 1; j <= m; j++) {
      if (p[j] != 0) {
        rowToCol[p[j] - 1] = j - 1;
      }
    }
    return rowToCol;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }
}
