package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.persistence.DistanceMatrix;
import org.junit.jupiter.api.Test;

/**
 * The vectorised matrix ({@link FastJensenShannon}) against the scalar reference loop on random
 * rows: dense, with scattered zeros, causal (zero past the token), identical; T from 1 to 300 so
 * that every tail length of the vector loop occurs.
 *
 * <p>The bound: both compute JS = H(m) - (H(p) + H(q)) / 2, a difference of entropies of size up to
 * log T, with logarithms that differ by at most an ulp or so and sums in a different order. So they
 * agree to 1e-12 relative to the divergence, plus a floor of 1e-14 times the entropies for
 * divergences that are tiny next to them (nearly equal rows), where neither form has more digits
 * than that.
 */
class FastJensenShannonTest {

  enum Kind {
    DENSE,
    ZEROS,
    CAUSAL,
    IDENTICAL
  }

  static float[][] rows(Random rnd, int n, Kind kind) {
    float[][] rows = new float[n][n];
    double temperature = 0.2 + 3 * rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      if (kind == Kind.IDENTICAL && i % 2 == 1) {
        rows[i] = rows[i - 1].clone();
        continue;
      }
      int width = kind == Kind.CAUSAL ? i + 1 : n;
      double sum = 0;
      for (int k = 0; k < width; k++) {
        boolean zero = kind == Kind.ZEROS && rnd.nextInt(3) == 0;
        rows[i][k] = zero ? 0f : (float) Math.exp(rnd.nextGaussian() / temperature);
        sum += rows[i][k];
      }
      if (sum == 0) {
        rows[i][0] = 1f;
        sum = 1;
      }
      for (int k = 0; k < width; k++) {
        rows[i][k] /= (float) sum;
      }
    }
    return rows;
  }

  static double bound(double reference, double entropyI, double entropyJ) {
    return 1e-12 * reference + 1e-14 * (entropyI + entropyJ);
  }

  @Test
  void divergencesAgreeWithTheReferenceLoop() {
    Random rnd = new Random(20261123);
    int compared = 0;
    for (int n = 1; n <= 300; n += (n < 40 ? 1 : 13)) {
      for (Kind kind : Kind.values()) {
        float[][] rows = rows(rnd, n, kind);
        for (LogBase base : LogBase.values()) {
          DistanceMatrix fast = FastJensenShannon.distanceMatrix(rows, base, false);
          DistanceMatrix reference = JensenShannon.distanceMatrixReference(rows, base, false);
          double[] entropy = new double[n];
          for (int i = 0; i < n; i++) {
            entropy[i] = base.fromNats(JensenShannon.entropyNats(rows[i]));
          }
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
              double r = reference.get(i, j);
              assertEquals(
                  r,
                  fast.get(i, j),
                  bound(r, entropy[i], entropy[j]),
                  kind + " n=" + n + " " + base + " " + i + "," + j);
              compared++;
            }
          }
        }
      }
    }
    assertTrue(compared > 100_000, "compared " + compared + " pairs");
  }

  @Test
  void identicalRowsGiveExactlyZeroAndDistancesAreSquareRoots() {
    Random rnd = new Random(7);
    for (int n : new int[] {1, 2, 7, 8, 9, 127, 128, 129, 300}) {
      for (Kind kind : Kind.values()) {
        float[][] rows = rows(rnd, n, kind);
        DistanceMatrix divergence = FastJensenShannon.distanceMatrix(rows, LogBase.TWO, false);
        DistanceMatrix distance = JensenShannon.distanceMatrix(rows, LogBase.TWO);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < i; j++) {
            if (java.util.Arrays.equals(rows[i], rows[j])) {
              assertEquals(0.0, divergence.get(i, j), 0.0, kind + " n=" + n + " " + i + "," + j);
            }
            // Bit for bit, whichever JIT stage each call ran at (MixtureEntropy is reproducible).
            assertEquals(Math.sqrt(divergence.get(i, j)), distance.get(i, j), 0.0);
            assertTrue(divergence.get(i, j) >= 0);
          }
        }
      }
    }
  }

  @Test
  void entropyOfTheVectorKernelMatchesTheScalarOne() {
    Random rnd = new Random(3);
    for (int n = 1; n <= 300; n++) {
      for (Kind kind : Kind.values()) {
        float[] row = rows(rnd, n, kind)[n - 1];
        double scalar = JensenShannon.entropyNats(row);
        double vector =
            MixtureEntropy.entropyNats(MixtureEntropy.widen(row), MixtureEntropy.supportEnd(row));
        assertEquals(scalar, vector, 1e-14 * Math.max(1, scalar), kind + " n=" + n);
      }
    }
  }
}
