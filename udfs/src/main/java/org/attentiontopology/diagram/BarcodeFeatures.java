package org.attentiontopology.diagram;

import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The barcode features of Kushnareva et al. 2021, "Artificial Text Detection via Examining the
 * Topology of Attention Maps" (EMNLP 2021), computed from one barcode (one homology dimension). As
 * in that paper, infinite bars are removed first; every feature below is over the remaining finite
 * bars, lengths being death - birth.
 *
 * <p>The paper lists, for the H0 and H1 barcodes of an attention graph: the sum, mean and variance
 * of bar lengths; the number of bars with birth or death time greater or lower than a threshold;
 * the birth and death time of the longest bar; the overall number of bars; the entropy of the
 * barcode. {@link #kushnareva14} selects the 14 features of their released feature set, checked
 * against the authors' published code: h0_s, h0_e, h0_t_d, h0_n_d_m_t0.75, h0_n_d_m_t0.5,
 * h0_n_d_l_t0.25, h1_t_b, h1_n_b_m_t0.25, h1_n_b_l_t0.95, h1_n_b_l_t0.70, h1_s, h1_e, h1_v, h1_nb.
 * Their conventions, kept here: "m" (more) counts values >= t and "l" (less) values <= t; the
 * feature they call "v" is the standard deviation of the lengths (numpy.std, population), not the
 * variance; "nb" is the number of finite bars; the entropy is the persistence entropy in nats
 * ({@link DiagramStatistics#entropy}).
 *
 * @param sum h_s: sum of lengths
 * @param mean h_m: mean length (0 when no bar)
 * @param variance h_v: population variance of lengths (0 when no bar)
 * @param stdDev square root of the variance
 * @param entropy h_e: persistence entropy, nats
 * @param count h_c: number of finite bars
 * @param birthOfLongest h_t_b: birth of the longest bar, first in canonical order on ties (0 when
 *     no bar)
 * @param deathOfLongest h_t_d: death of the longest bar (0 when no bar)
 */
public record BarcodeFeatures(
    double sum,
    double mean,
    double variance,
    double stdDev,
    double entropy,
    int count,
    double birthOfLongest,
    double deathOfLongest) {

  /** Names of {@link #kushnareva14}'s entries, in order (the authors' feature names). */
  public static final String[] KUSHNAREVA_NAMES = {
    "h0_s",
    "h0_e",
    "h0_t_d",
    "h0_n_d_m_t0.75",
    "h0_n_d_m_t0.5",
    "h0_n_d_l_t0.25",
    "h1_t_b",
    "h1_n_b_m_t0.25",
    "h1_n_b_l_t0.95",
    "h1_n_b_l_t0.70",
    "h1_s",
    "h1_e",
    "h1_v",
    "h1_nb"
  };

  /** Names of {@link #asVector()}'s entries, in order. */
  public static final String[] VECTOR_NAMES = {
    "sum", "mean", "variance", "std_dev", "entropy", "count", "birth_of_longest", "death_of_longest"
  };

  public static BarcodeFeatures of(PersistenceDiagram diagram) {
    PersistenceDiagram d = diagram.finitePart();
    int n = d.size();
    if (n == 0) {
      return new BarcodeFeatures(0, 0, 0, 0, 0, 0, 0, 0);
    }
    double sum = 0;
    int longest = 0;
    for (int i = 0; i < n; i++) {
      sum += d.persistence(i);
      if (d.persistence(i) > d.persistence(longest)) {
        longest = i;
      }
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double dev = d.persistence(i) - mean;
      squares += dev * dev;
    }
    double variance = squares / n;
    return new BarcodeFeatures(
        sum,
        mean,
        variance,
        Math.sqrt(variance),
        DiagramStatistics.entropy(d),
        n,
        d.birth(longest),
        d.death(longest));
  }

  /** Number of finite bars born at or after t ("n_b_m_t": the authors count birth >= t). */
  public static int bornAfter(PersistenceDiagram d, double t) {
    return count(d, true, true, t);
  }

  /** Number of finite bars born at or before t ("n_b_l_t": birth <= t). */
  public static int bornBefore(PersistenceDiagram d, double t) {
    return count(d, true, false, t);
  }

  /** Number of finite bars dying at or after t ("n_d_m_t": death >= t). */
  public static int dyingAfter(PersistenceDiagram d, double t) {
    return count(d, false, true, t);
  }

  /** Number of finite bars dying at or before t ("n_d_l_t": death <= t). */
  public static int dyingBefore(PersistenceDiagram d, double t) {
    return count(d, false, false, t);
  }

  private static int count(PersistenceDiagram d, boolean birth, boolean above, double t) {
    int c = 0;
    for (int i = 0; i < d.size(); i++) {
      if (d.isEssential(i)) {
        continue;
      }
      double v = birth ? d.birth(i) : d.death(i);
      if (above ? v >= t : v <= t) {
        c++;
      }
    }
    return c;
  }

  /** The entries named by {@link #VECTOR_NAMES}. */
  public double[] asVector() {
    return new double[] {
      sum, mean, variance, stdDev, entropy, count, birthOfLongest, deathOfLongest
    };
  }

  /**
   * The 14 features of Kushnareva et al., in the order of {@link #KUSHNAREVA_NAMES}, from the H0
   * and H1 barcodes.
   */
  public static double[] kushnareva14(PersistenceDiagram h0, PersistenceDiagram h1) {
    BarcodeFeatures f0 = of(h0);
    BarcodeFeatures f1 = of(h1);
    return new double[] {
      f0.sum,
      f0.entropy,
      f0.deathOfLongest,
      dyingAfter(h0, 0.75),
      dyingAfter(h0, 0.5),
      dyingBefore(h0, 0.25),
      f1.birthOfLongest,
      bornAfter(h1, 0.25),
      bornBefore(h1, 0.95),
      bornBefore(h1, 0.70),
      f1.sum,
      f1.entropy,
      f1.stdDev,
      f1.count
    };
  }
}
