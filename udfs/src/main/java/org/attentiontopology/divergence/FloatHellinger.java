package org.attentiontopology.divergence;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SquaredHellinger}'s Gram matrix in float (16 lanes at 512 bits, twice the pairs of a
 * double vector per instruction, half the memory), less a proven bound on its rounding error, so
 * that what comes out is still at most H^2 of the rows as given. Loaded only in a JVM with the
 * module jdk.incubator.vector.
 *
 * <p>The error bound. Let the rows p, q be floats (attention is; the widened rows are exact
 * copies), x_k = sqrt p_k, y_k = sqrt q_k, G = sum x_k y_k, T = the row length and u = 2^-24 (the
 * unit roundoff of float).
 *
 * <ul>
 *   <li>Roots: x^_k = (float) Math.sqrt(p_k). The double square root is correctly rounded, and a
 *       double has at least 2 * 24 + 2 bits, so rounding it once more to float gives the correctly
 *       rounded float root (double rounding is innocuous for the square root in that case): x^_k =
 *       x_k (1 + a_k) with |a_k| <= u, and the same for y. A float's root is never subnormal (the
 *       smallest, 2^-149, has root 2^-74.5).
 *   <li>Products and sums: each lane accumulates one pair's products over k = 0 .. T - 1 in order,
 *       by fused multiply-adds s_k = fl(x^_k y^_k + s_(k-1)), each rounded once: s_k = (x^_k y^_k +
 *       s_(k-1)) (1 + e_k) with |e_k| <= u, plus at most eta = 2^-150 (half the subnormal spacing)
 *       where the result is subnormal. All terms are non-negative, so no cancellation: |s_T - sum
 *       x^_k y^_k| <= g_T sum x^_k y^_k + T eta, with g_n = n u / (1 - n u) (Higham, Accuracy and
 *       Stability of Numerical Algorithms, 2nd ed., lemma 3.1 and section 3.1). The padding past T
 *       adds exact zeros.
 *   <li>Together (Higham's lemma 3.3, (1 + t_j)(1 + t_k) = 1 + t_(j+k)): |G^ - G| <= g_(T+2) G + T
 *       eta, hence G (1 - g_(T+2)) <= G^ + T eta and G <= G^ (1 + c_T) + 2 T eta with c_T = g_(T+2)
 *       / (1 - g_(T+2)).
 * </ul>
 *
 * So H^2 = (S_p + S_q) / 2 - G >= (S_p + S_q) / 2 - G^ (1 + c_T) - 2 T eta, which is what this
 * returns. The sums S are taken in double from the same rows (off by at most T 2^-53 S, 6e-14 at T
 * = 512 for a probability vector), and the few double operations here round at 2^-53 relative:
 * those are covered by the absolute slack of {@link JensenShannonEdges} (1e-12 nats), as they were
 * with the double Gram. {@link #slackFactor} rounds c_T up. At T = 128 it is 7.8e-6 of G (G <= 1
 * for attention rows), which lowers the bounds of divergences of a few thousandths by a fraction of
 * a percent.
 */
final class FloatHellinger {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  /** The unit roundoff of float, 2^-24. */
  private static final double U = 0x1p-24;

  /** Half the spacing of the float subnormals, the most a subnormal result is off by. */
  private static final double ETA = 0x1p-150;

  private FloatHellinger() {}

  static boolean supported() {
    return LANES >= 4;
  }

  /**
   * c_T = g_(T+2) / (1 - g_(T+2)), g_n = n u / (1 - n u), computed in double and then raised by one
   * part in a million, far more than the few double roundings of this formula. Valid while (T + 2)
   * u stays below 1/4, that is for rows of up to four million elements.
   */
  static double slackFactor(int length) {
    double nu = (length + 2.0) * U;
    if (!(nu < 0.25)) {
      throw new IllegalArgumentException(
          "rows of " + length + " elements are beyond the float Gram's error bound");
    }
    double g = nu / (1 - nu);
    return g / (1 - g) * (1 + 1e-6);
  }

  /**
   * Lower bounds of H^2 for j < i into the triangle (index i (i - 1) / 2 + j): (S_i + S_j) / 2 -
   * G^_ij (1 + c_T) - 2 T eta. The roots are transposed ([element][row], rows zero-padded to whole
   * vectors) so that one vector load reads one element of several rows; then four rows i against
   * one vector of rows j per pass over the elements: four independent accumulators hide the latency
   * of the fused multiply-adds, and each load serves four rows. Each block of four rows goes
   * through a scratch buffer, so no memory of the order of n^2 beyond the triangle is needed.
   *
   * @param wide the rows as widened doubles (each an exact float), zero-padded to a multiple of 16
   *     as {@link MixtureEntropy#widen} makes them
   * @param sums each row's sum in double
   */
  static void lowerTriangle(double[][] wide, double[] sums, int length, double[] triangle) {
    lowerTriangle(wide, sums, length, triangle, null);
  }

  /**
   * The length of the transposed roots for n rows of {@code length}: {@link #lowerTriangle}'s
   * scratch.
   */
  static int transposedLength(int n, int length) {
    return Math.multiplyExact(length, (n + 3 + LANES - 1) / LANES * LANES);
  }

  /**
   * The same with {@code transposed} (at least {@link #transposedLength} floats, or null) as the
   * scratch of the transposed roots: its contents are overwritten where they are read, so it may
   * come from an earlier call.
   */
  static void lowerTriangle(
      double[][] wide, double[] sums, int length, double[] triangle, float[] transposed) {
    int n = wide.length;
    int stride = (n + 3 + LANES - 1) / LANES * LANES;
    float[] byElement = transposed != null ? transposed : new float[transposedLength(n, length)];
    // The square roots in double vectors (the compiler left the scalar loop unvectorised, at a root
    // every few
    // cycles), then rounded to float one by one while transposing.
    int whole = DOUBLES.loopBound(length);
    double[] rootRow = new double[whole + DOUBLES.length()];
    for (int i = 0; i < n; i++) {
      double[] row = wide[i];
      for (int k = 0; k < length; k += DOUBLES.length()) {
        DoubleVector.fromArray(DOUBLES, row, k)
            .lanewise(VectorOperators.SQRT)
            .intoArray(rootRow, k);
      }
      for (int k = 0; k < length; k++) {
        byElement[k * stride + i] = (float) rootRow[k];
      }
    }
    // Rows n .. n + 2 are read as the partners of the last block of four (their results are never
    // stored): zero
    // them so that a reused scratch holds no stale values there.
    for (int k = 0; k < length; k++) {
      for (int i = n; i < Math.min(n + 3, stride); i++) {
        byElement[k * stride + i] = 0f;
      }
    }
    double scale = 1 + slackFactor(length);
    double absolute = 2 * length * ETA;
    float[] block = new float[4 * stride];
    for (int i = 0; i < n; i += 4) {
      int last = Math.min(i + 3, n - 1); // rows j below it are needed
      int j = 0;
      // Two vectors of rows j at a time while they are needed: eight independent accumulators
      // rather than four,
      // so the multiply-adds do not wait on each other's latency, and each broadcast serves two of
      // them. Each
      // entry is still one chain over k in order, so the values are those of the one-vector tile.
      for (; j + LANES < last; j += 2 * LANES) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int k = 0; k < length; k++) {
          int at = k * stride;
          FloatVector left = FloatVector.fromArray(SPECIES, byElement, at + j);
          FloatVector right = FloatVector.fromArray(SPECIES, byElement, at + j + LANES);
          FloatVector r0 = FloatVector.broadcast(SPECIES, byElement[at + i]);
          FloatVector r1 = FloatVector.broadcast(SPECIES, byElement[at + i + 1]);
          FloatVector r2 = FloatVector.broadcast(SPECIES, byElement[at + i + 2]);
          FloatVector r3 = FloatVector.broadcast(SPECIES, byElement[at + i + 3]);
          a0 = left.fma(r0, a0);
          b0 = right.fma(r0, b0);
          a1 = left.fma(r1, a1);
          b1 = right.fma(r1, b1);
          a2 = left.fma(r2, a2);
          b2 = right.fma(r2, b2);
          a3 = left.fma(r3, a3);
          b3 = right.fma(r3, b3);
        }
        a0.intoArray(block, j);
        a1.intoArray(block, stride + j);
        a2.intoArray(block, 2 * stride + j);
        a3.intoArray(block, 3 * stride + j);
        b0.intoArray(block, j + LANES);
        b1.intoArray(block, stride + j + LANES);
        b2.intoArray(block, 2 * stride + j + LANES);
        b3.intoArray(block, 3 * stride + j + LANES);
      }
      for (; j < last; j += LANES) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int k = 0; k < length; k++) {
          // Rows i .. i + 3 of element k sit side by side in the transposed roots (rows past n are
          // zero).
          int at = k * stride;
          FloatVector column = FloatVector.fromArray(SPECIES, byElement, at + j);
          a0 = column.fma(FloatVector.broadcast(SPECIES, byElement[at + i]), a0);
          a1 = column.fma(FloatVector.broadcast(SPECIES, byElement[at + i + 1]), a1);
          a2 = column.fma(FloatVector.broadcast(SPECIES, byElement[at + i + 2]), a2);
          a3 = column.fma(FloatVector.broadcast(SPECIES, byElement[at + i + 3]), a3);
        }
        a0.intoArray(block, j);
        a1.intoArray(block, stride + j);
        a2.intoArray(block, 2 * stride + j);
        a3.intoArray(block, 3 * stride + j);
      }
      for (int r = 0; r < 4 && i + r < n; r++) {
        int row = i + r;
        int at = row * (row - 1) / 2;
        for (int c = 0; c < row; c++) {
          triangle[at + c] = 0.5 * (sums[row] + sums[c]) - block[r * stride + c] * scale - absolute;
        }
      }
    }
  }
}
