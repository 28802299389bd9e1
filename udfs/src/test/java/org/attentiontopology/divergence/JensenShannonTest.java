package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.attentiontopology.persistence.DistanceMatrix;
import org.junit.jupiter.api.Test;

class JensenShannonTest {

  record Case(String name, double[] p, double[] q, double bits, double nats) {}

  static List<Case> scipyCases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    JensenShannonTest.class.getResourceAsStream(
                        "/fixtures/divergence/js-pairs.tsv")),
                StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        cases.add(
            new Case(
                f[0],
                parse(f[1]),
                parse(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4])));
      }
    }
    assertTrue(cases.size() >= 40, "fixture file holds " + cases.size() + " cases");
    return cases;
  }

  private static double[] parse(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  @Test
  void directFormulaMatchesScipyInBothBases() throws IOException {
    for (Case c : scipyCases()) {
      assertEquals(c.bits(), JensenShannon.divergence(c.p(), c.q(), LogBase.TWO), 1e-12, c.name());
      assertEquals(c.nats(), JensenShannon.divergence(c.p(), c.q(), LogBase.E), 1e-12, c.name());
      assertEquals(
          Math.sqrt(c.bits()),
          JensenShannon.distance(c.p(), c.q(), LogBase.TWO),
          Math.max(1e-9, 1e-6 * Math.sqrt(c.bits())),
          c.name());
    }
  }

  @Test
  void entropyFormOnFloatRowsMatchesScipy() throws IOException {
    for (Case c : scipyCases()) {
      float[] p = toFloat(c.p());
      float[] q = toFloat(c.q());
      double nats =
          JensenShannon.divergenceNats(
              p, JensenShannon.entropyNats(p), q, JensenShannon.entropyNats(q));
      // float32 inputs: the rows themselves carry errors of about 6e-8 relative.
      assertEquals(c.nats(), Math.max(0, nats), 1e-6, c.name());
    }
  }

  @Test
  void identicalRowsGiveExactlyZero() throws IOException {
    for (Case c : scipyCases()) {
      float[] p = toFloat(c.p());
      DistanceMatrix d = JensenShannon.distanceMatrix(new float[][] {p, p.clone()}, LogBase.TWO);
      assertEquals(0.0, d.get(0, 1), 0.0, c.name());
      assertEquals(0.0, JensenShannon.divergence(c.p(), c.p().clone(), LogBase.TWO), 0.0, c.name());
    }
  }

  @Test
  void disjointSupportsAreOneBitApart() {
    double[] p = {0.5, 0.5, 0, 0};
    double[] q = {0, 0, 0.25, 0.75};
    assertEquals(1.0, JensenShannon.divergence(p, q, LogBase.TWO), 1e-15);
    assertEquals(Math.log(2), JensenShannon.divergence(p, q, LogBase.E), 1e-15);
  }

  @Test
  void distanceMatrixIsSymmetricMetricWithSquareRootAndDivergenceWithout() {
    java.util.Random rnd = new java.util.Random(7);
    int n = 12;
    float[][] rows = new float[n][n];
    for (float[] row : rows) {
      VectorSupportTest.softmaxRow(rnd, row, 3);
    }
    DistanceMatrix d = JensenShannon.distanceMatrix(rows, LogBase.TWO);
    DistanceMatrix v = JensenShannon.distanceMatrix(rows, LogBase.TWO, false);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(d.get(i, j), d.get(j, i));
        assertEquals(d.get(i, j) * d.get(i, j), v.get(i, j), 1e-12);
        assertTrue(d.get(i, j) <= 1.0 + 1e-12, "base-2 JS distance is at most 1");
        for (int k = 0; k < n; k++) {
          assertTrue(d.get(i, k) <= d.get(i, j) + d.get(j, k) + 1e-12, "triangle inequality");
        }
      }
    }
  }

  @Test
  void differentLengthsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> JensenShannon.divergence(new double[] {1}, new double[] {0.5, 0.5}, LogBase.TWO));
  }

  @Test
  void logBaseParsesTheSpellingsUsersWrite() {
    assertEquals(LogBase.TWO, LogBase.parse("2"));
    assertEquals(LogBase.TWO, LogBase.parse("bits"));
    assertEquals(LogBase.E, LogBase.parse("e"));
    assertEquals(LogBase.E, LogBase.parse("nats"));
    assertThrows(IllegalArgumentException.class, () -> LogBase.parse("10"));
  }
}
