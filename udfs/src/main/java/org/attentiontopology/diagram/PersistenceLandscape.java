package org.attentiontopology.diagram;

import java.util.Arrays;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Persistence landscapes (Bubenik 2015) sampled on a fixed grid: a fixed-length vector for tables
 * and BI tools.
 *
 * <p>Each finite bar [b, d) is the tent function f(t) = max(0, min(t - b, d - t)), peaking at (d -
 * b) / 2 at the midpoint. The k-th landscape lambda_k(t) is the k-th largest tent value at t (0
 * when fewer than k bars are alive). We sample at {@code resolution} equally spaced points t_j =
 * min + j (max - min) / (resolution - 1), both ends included, and return level-major order: entry
 * [k * resolution + j] = lambda_{k+1}(t_j). Essential bars are left out (their tents are
 * unbounded); no sqrt(2) scaling is applied (gudhi.representations.Landscape scales by sqrt 2).
 */
public final class PersistenceLandscape {
  private PersistenceLandscape() {}

  /** The sample points t_j of the grid. */
  public static double[] grid(double min, double max, int resolution) {
    if (resolution < 2 || !(max > min) || Double.isInfinite(max) || Double.isInfinite(min)) {
      throw new IllegalArgumentException(
          "landscape grid needs resolution >= 2 and finite min < max, got resolution "
              + resolution
              + " on ["
              + min
              + ", "
              + max
              + "]");
    }
    double[] t = new double[resolution];
    for (int j = 0; j < resolution; j++) {
      t[j] = j == resolution - 1 ? max : min + j * (max - min) / (resolution - 1);
    }
    return t;
  }

  /** levels x resolution samples, level-major (see class comment). */
  public static double[] sample(
      PersistenceDiagram d, int levels, double min, double max, int resolution) {
    if (levels < 1) {
      throw new IllegalArgumentException("need at least one landscape level, got " + levels);
    }
    double[] t = grid(min, max, resolution);
    double[] out = new double[levels * resolution];
    double[] tents = new double[d.size()];
    for (int j = 0; j < resolution; j++) {
      int alive = 0;
      for (int i = 0; i < d.size(); i++) {
        if (!d.isEssential(i)) {
          double v = Math.min(t[j] - d.birth(i), d.death(i) - t[j]);
          if (v > 0) {
            tents[alive++] = v;
          }
        }
      }
      Arrays.sort(tents, 0, alive);
      for (int k = 0; k < levels && k < alive; k++) {
        out[k * resolution + j] = tents[alive - 1 - k];
      }
    }
    return out;
  }
}
