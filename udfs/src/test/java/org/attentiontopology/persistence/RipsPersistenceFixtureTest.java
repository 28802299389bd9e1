package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against Ripser's barcodes of the committed fixtures
 * (scripts/fixtures/make-persistence-fixtures.py: Ripser's output mapped back to exact matrix
 * entries and cross-checked against gudhi). Bars are compared exactly, as multisets of doubles:
 * every birth and death is an entry of the matrix, so there is nothing to round.
 */
class RipsPersistenceFixtureTest {
  static final Path DIR = fixtureDir();

  static Path fixtureDir() {
    try {
      return Path.of(RipsPersistenceFixtureTest.class.getResource("/fixtures/persistence").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fixture names (the matrix files). */
  static Stream<Path> fixtures() throws IOException {
    return Files.list(DIR).filter(p -> !p.toString().endsWith(".expected")).sorted();
  }

  static DistanceMatrix matrix(Path file) {
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1);
    return RipserFormats.read(file, RipserFormats.Format.fromRipserName(format));
  }

  static List<PersistenceDiagram> expected(Path matrixFile) throws IOException {
    String name = matrixFile.getFileName().toString();
    Path expected = DIR.resolve(name.substring(0, name.lastIndexOf('.')) + ".expected");
    return RipserFormats.readBarcode(
        new StringReader(Files.readString(expected)), expected.toString());
  }

  @Test
  void thereAreEnoughFixtures() throws IOException {
    assertTrue(fixtures().count() >= 40, "expected at least 40 fixtures in " + DIR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void matchesRipserExactly(Path file) throws IOException {
    DistanceMatrix d = matrix(file);
    List<PersistenceDiagram> want = expected(file);
    List<PersistenceDiagram> got = new RipsPersistence(2).compute(d);
    assertEquals(3, got.size());
    for (int dim = 0; dim <= 2; dim++) {
      assertEquals(dim, got.get(dim).dimension());
      assertEquals(
          want.get(dim), got.get(dim).withoutZeroLengthBars(), file.getFileName() + " dim " + dim);
    }
    // H0 keeps every point's bar, and agrees with Prim's algorithm, zero-length bars included.
    assertEquals(d.size(), got.get(0).size());
    assertEquals(1, got.get(0).essentialCount());
    assertEquals(ZeroDimensionalPersistence.diagram(d), got.get(0));
    // Dimensions >= 1 never hold a zero-length bar, and without a threshold no essential class.
    for (int dim = 1; dim <= 2; dim++) {
      assertEquals(got.get(dim).withoutZeroLengthBars(), got.get(dim));
      assertEquals(0, got.get(dim).essentialCount());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void twoThreadsGiveTheSameBarcode(Path file) {
    DistanceMatrix d = matrix(file);
    assertEquals(
        new RipsPersistence(2).compute(d),
        new RipsPersistence(2, Double.POSITIVE_INFINITY, 2).compute(d));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void maxDimensionOneIsAPrefixOfMaxDimensionTwo(Path file) {
    DistanceMatrix d = matrix(file);
    List<PersistenceDiagram> two = new RipsPersistence(2).compute(d);
    assertEquals(two.subList(0, 2), new RipsPersistence(1).compute(d));
    assertEquals(two.subList(0, 1), new RipsPersistence(0).compute(d));
  }
}
