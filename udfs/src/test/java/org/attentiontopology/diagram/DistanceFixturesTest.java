package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bottleneck and Wasserstein distances against the gudhi references in fixtures/diagrams (made by
 * scripts/fixtures/make-diagram-fixtures.py): gudhi's exact bottleneck (cross-checked with hera)
 * and POT's exact optimal transport for W_1 and W_2 (cross-checked with hera).
 */
class DistanceFixturesTest {
  private static final String DIR = "/fixtures/diagrams/";

  record Case(String name, int dim, double bottleneck, double w1, double w2) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = DistanceFixturesTest.class.getResourceAsStream(DIR + "expected.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Case(f[0], Integer.parseInt(f[1]), parse(f[2]), parse(f[3]), parse(f[4])));
      }
    }
    return out;
  }

  private static double parse(String s) {
    return s.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
  }

  static PersistenceDiagram load(String name, int dim) throws IOException {
    try (InputStream in = DistanceFixturesTest.class.getResourceAsStream(DIR + name);
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return DiagramText.read(r, name, dim);
    }
  }

  static Stream<Case> fixtures() throws IOException {
    return cases().stream();
  }

  @Test
  void thereAreEnoughFixtures() throws IOException {
    assertTrue(
        cases().size() >= 40, "expected at least 40 reference pairs, found " + cases().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void bottleneckMatchesGudhi(Case c) throws IOException {
    PersistenceDiagram a = load(c.name() + ".a.txt", c.dim());
    PersistenceDiagram b = load(c.name() + ".b.txt", c.dim());
    assertClose(c.bottleneck(), BottleneckDistance.distance(a, b), c.name() + " bottleneck");
    assertClose(
        c.bottleneck(), BottleneckDistance.distance(b, a), c.name() + " bottleneck (swapped)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void wassersteinMatchesPot(Case c) throws IOException {
    PersistenceDiagram a = load(c.name() + ".a.txt", c.dim());
    PersistenceDiagram b = load(c.name() + ".b.txt", c.dim());
    assertClose(c.w1(), WassersteinDistance.distance(a, b, 1), c.name() + " W1");
    assertClose(c.w2(), WassersteinDistance.distance(a, b, 2), c.name() + " W2");
    assertClose(c.w1(), WassersteinDistance.distance(b, a, 1), c.name() + " W1 (swapped)");
  }

  static void assertClose(double expected, double actual, String what) {
    if (Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
    } else {
      assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }
  }
}
