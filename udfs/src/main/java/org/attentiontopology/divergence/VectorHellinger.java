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
   * (S_i + S_j) / 2 - G_ij for j < i into the triangle, G the Gram matrix of the root rows. The roots are first
   * transposed ([element][row], rows zero-padded to whole vectors) so that one vector load reads one element of
   * several rows; then four rows i against one vector of rows j per pass over the elements: four independent
   * accumulators hide the latency of the fused multiply-adds, and each load serves four rows. Each block of four
   * rows goes through a scratch buffer, so no memory of the order of n^2 beyond the triangle is needed.
   */
  static void lowerTriangle(double[][] roots, double[] sums, int length, double[] triangle) {
    int n = roots.length;
    int stride = paddedCount(n);
    double[] byElement = new double[length * stride];
    for (int k = 0; k < length; k++) {
      int at = k * stride;
      for (int i = 0; i < n; i++) {
        byElement[at + i] = roots[i][k];
      }
    }
    double[] block = new double[4 * stride];
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
          DoubleVector column = DoubleVector.fromArray(SPECIES, byElement, k * stride + j);
          a0 = column.fma(DoubleVector.broadcast(SPECIES, r0[k]), a0);
          a1 = column.fma(DoubleVector.broadcast(SPECIES, r1[k]), a1);
          a2 = column.fma(DoubleVector.broadcast(SPECIES, r2[k]), a2);
          a3 = column.fma(DoubleVector.broadcast(SPECIES, r3[k]), a3);
        }
        a0.intoArray(block, j);
        a1.intoArray(block, stride + j);
        a2.intoArray(block, 2 * stride + j);
        a3.intoArray(block, 3 * stride + j);
      }
      for (int r = 0; r < 4 && i + r < n; r++) {
        int row = i + r;
        int at = row * (row - 1) / 2;
        for (int j = 0; j < row; j++) {
          triangle[at + j] = 0.5 * (sums[row] + sums[j]) - block[r * stride + j];
        }
      }
    }
  }
}
