package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassicalMdsTest {
  static double[][] distances(double[][] p) {
    int n = p.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < p[i].length; k++) {
          s += (p[i][k] - p[j][k]) * (p[i][k] - p[j][k]);
        }
        d[i][j] = Math.sqrt(s);
      }
    }
    return d;
  }

  @Test
  void recoversAPlanarConfigurationUpToRigidMotion() {
    // Euclidean distances of points in the plane are reproduced exactly by a 2D classical MDS
    // embedding.
    Random random = new Random(11);
    double[][] p = new double[30][2];
    for (double[] x : p) {
      x[0] = random.nextGaussian() * 3;
      x[1] = random.nextGaussian();
    }
    double[][] d = distances(p);
    double[][] e = ClassicalMds.embed(d, 2);
    double[][] back = distances(e);
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        assertEquals(d[i][j], back[i][j], 1e-9);
      }
    }
    // Centred at the origin.
    double mx = 0;
    for (double[] x : e) {
      mx += x[0];
    }
    assertEquals(0.0, mx, 1e-9);
  }

  @Test
  void extraAxesOfAFlatConfigurationAreZero() {
    double[][] line = {{0}, {1}, {3}, {7}};
    double[][] e = ClassicalMds.embed(distances(line), 3);
    for (double[] x : e) {
      assertEquals(0.0, x[1], 1e-7);
      assertEquals(0.0, x[2], 1e-7);
    }
    assertEquals(7.0, Math.abs(e[3][0] - e[0][0]), 1e-9);
  }

  @Test
  void doubleCentringMatchesTheDefinition() {
    double[][] d = {{0, 1, 2}, {1, 0, 1.5}, {2, 1.5, 0}};
    double[][] b = ClassicalMds.doubleCentredSquares(d);
    int n = 3;
    // -1/2 J D^2 J with J = I - 11^T/n, computed literally.
    double[][] j = new double[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        j[r][c] = (r == c ? 1.0 : 0.0) - 1.0 / n;
      }
    }
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double s = 0;
        for (int a = 0; a < n; a++) {
          for (int k = 0; k < n; k++) {
            s += j[r][a] * d[a][k] * d[a][k] * j[k][c];
          }
        }
        assertEquals(-0.5 * s, b[r][c], 1e-12);
      }
    }
  }
}
