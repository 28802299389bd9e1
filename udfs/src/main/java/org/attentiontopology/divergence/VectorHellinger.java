package org.attentiontopology.divergence;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link SquaredHellinger}'s Gram matrix; loaded only in a JVM with the module
 * jdk.incubator.vector.
 */
final class VectorHellinger {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private VectorHellinger() {}

  static boolean supported() {
    return LANES >= 2;
  }

  /** A row count rounded up to whole vectors (plus room for the last block of four rows). */
  static int paddedCount(int n) {
    return (n + 3 + LANES - 1) / LANES * LANES;
  }

  /**
   * G_ij = sum_k roots[i][k] roots[j][k] for j < i into gram[i * stride + j] (entries with j >= i are written too,
   * and ignored). Four rows i against one vector of rows j per pass over k: four independent accumulators hide the
   * latency of the fused multiply-adds, and each load of the transposed roots serves four rows.
   */
  static void gram(double[][] roots, double[] rootsByElement, int stride, int length, double[] gram) {
    int n = roots.length;
    for (int i = 0; i < n; i += 4) {
      double[] r0 = roots[i];
      double[] r1 = roots[Math.min(i + 1, n - 1)];
      double[] r2 = roots[Math.min(i + 2, n - 1)];
      double[] r3 = roots[Math.min(i + 3, n - 1)];
      int last = Math.min(i + 3, n - 1); // rows j below it are needed
      for (int j = 0; j < last; j += LANES) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int k = 0; k < length; k++) {
          DoubleVector column = DoubleVector.fromArray(SPECIES, rootsByElement, k * stride + j);
          a0 = column.fma(DoubleVector.broadcast(SPECIES, r0[k]), a0);
          a1 = column.fma(DoubleVector.broadcast(SPECIES, r1[k]), a1);
          a2 = column.fma(DoubleVector.broadcast(SPECIES, r2[k]), a2);
          a3 = column.fma(DoubleVector.broadcast(SPECIES, r3[k]), a3);
        }
        a0.intoArray(gram, i * stride + j);
        if (i + 1 < n) {
          a1.intoArray(gram, (i + 1) * stride + j);
        }
        if (i + 2 < n) {
          a2.intoArray(gram, (i + 2) * stride + j);
        }
        if (i + 3 < n) {
          a3.intoArray(gram, (i + 3) * stride + j);
        }
      }
    }
  }
}
