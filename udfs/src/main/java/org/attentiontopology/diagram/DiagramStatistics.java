package org.attentiontopology.diagram;

import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Summary numbers of one persistence diagram, as stored in the diagram_stats table.
 *
 * <p>Lengths are finite persistences death - birth; essential bars are counted in {@code barCount}
 * and in Betti numbers but left out of every length statistic (an infinite length would swamp
 * them).
 *
 * <p>Persistence entropy (Rucco et al., Chintakunta et al.): with L the finite lengths and p_i =
 * l_i / sum(L), the Shannon entropy -sum p_i ln p_i in nats (natural logarithm). Zero-length bars
 * have p_i = 0 and contribute 0 (the limit of p ln p). It is 0 for a diagram with no finite bar or
 * whose finite bars all have length 0, and ln(k) for k bars of equal positive length.
 *
 * @param barCount number of bars, essential ones included
 * @param finiteBarCount number of bars with a finite death
 * @param totalPersistence sum of finite lengths (0 when none)
 * @param maxPersistence largest finite length (0 when none)
 * @param entropy persistence entropy of the finite lengths, natural log (0 when none)
 */
public record DiagramStatistics(
    int barCount,
    int finiteBarCount,
    double totalPersistence,
    double maxPersistence,
    double entropy) {

  /** Names of {@link #asVector()}'s entries, in order. */
  public static final String[] VECTOR_NAMES = {
    "bar_count", "finite_bar_count", "total_persistence", "max_persistence", "persistence_entropy"
  };

  public static DiagramStatistics of(PersistenceDiagram d) {
    int finite = 0;
    double total = 0;
    double max = 0;
    for (int i = 0; i < d.size(); i++) {
      if (!d.isEssential(i)) {
        double l = d.persistence(i);
        finite++;
        total += l;
        max = Math.max(max, l);
      }
    }
    return new DiagramStatistics(d.size(), finite, total, max, entropy(d));
  }

  /** Persistence entropy in nats of the finite bars (see the class comment for the conventions). */
  public static double entropy(PersistenceDiagram d) {
    double total = 0;
    for (int i = 0; i < d.size(); i++) {
      if (!d.isEssential(i)) {
        total += d.persistence(i);
      }
    }
    if (!(total > 0)) {
      return 0;
    }
    double h = 0;
    for (int i = 0; i < d.size(); i++) {
      if (!d.isEssential(i)) {
        double p = d.persistence(i) / total;
        if (p > 0) {
          h -= p * Math.log(p);
        }
      }
    }
    return h;
  }

  /**
   * Betti number at t: the bars alive at t, that is with birth <= t < death; essential bars are
   * alive at every t from their birth on, t = +Infinity included.
   */
  public static int bettiNumber(PersistenceDiagram d, double t) {
    int alive = 0;
    for (int i = 0; i < d.size(); i++) {
      if (d.birth(i) <= t && (t < d.death(i) || d.isEssential(i))) {
        alive++;
      }
    }
    return alive;
  }

  /** Betti curve: the Betti number at each threshold. */
  public static int[] bettiCurve(PersistenceDiagram d, double[] thresholds) {
    int[] out = new int[thresholds.length];
    for (int k = 0; k < thresholds.length; k++) {
      out[k] = bettiNumber(d, thresholds[k]);
    }
    return out;
  }

  /**
   * [barCount, finiteBarCount, totalPersistence, maxPersistence, entropy], named by {@link
   * #VECTOR_NAMES}.
   */
  public double[] asVector() {
    return new double[] {barCount, finiteBarCount, totalPersistence, maxPersistence, entropy};
  }
}
