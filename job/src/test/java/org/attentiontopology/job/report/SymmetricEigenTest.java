package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
  @Test
  void knownTwoByTwo() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1) and (1, -1), normalised.
    SymmetricEigen.Result r = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}});
    assertArrayEquals(new double[] {3, 1}, r.values(), 1e-12);
    double s = Math.sqrt(0.5);
    assertEquals(s, Math.abs(r.vectors()[0][0]), 1e-12);
    assertEquals(r.vectors()[0][0], r.vectors()[1][0], 1e-12);
    assertEquals(-r.vectors()[0][1], r.vectors()[1][1], 1e-12);
  }

  @Test
  void reconstructsRandomSymmetricMatrices() {
    Random random = new Random(7);
    for (int n : new int[] {1, 3, 12, 40}) {
      double[][] a = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          a[i][j] = a[j][i] = random.nextGaussian();
        }
      }
      SymmetricEigen.Result r = SymmetricEigen.decompose(a);
      for (int k = 1; k < n; k++) {
        assertEquals(true, r.values()[k - 1] >= r.values()[k], "values decreasing");
      }
      // V diag(values) V^T == A and V^T V == I.
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double dot = 0;
          for (int k = 0; k < n; k++) {
            sum += r.vectors()[i][k] * r.values()[k] * r.vectors()[j][k];
            dot += r.vectors()[k][i] * r.vectors()[k][j];
          }
          assertEquals(a[i][j], sum, 1e-9, "reconstruction at " + i + "," + j + " for n=" + n);
          assertEquals(i == j ? 1.0 : 0.0, dot, 1e-9, "orthonormal columns for n=" + n);
        }
      }
    }
  }

  @Test
  void refusesANonSquareMatrix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SymmetricEigen.decompose(new double[][] {{1, 2}, {3}}));
    assertEquals("matrix is not square: row 1 has 1 entries, expected 2", e.getMessage());
  }
}
