package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.attentiontopology.persistence.RipserFormats.Format;
import org.junit.jupiter.api.Test;

class RipserFormatsTest {

  static DistanceMatrix read(String text, Format format) {
    return RipserFormats.read(new StringReader(text), "m.txt", format);
  }

  static String error(String text, Format format) {
    return assertThrows(IllegalArgumentException.class, () -> read(text, format)).getMessage();
  }

  @Test
  void readsLowerTrianglesWithCommasOrSpaces() {
    DistanceMatrix d = read("1\n2, 3\n4 5\t6\n", Format.LOWER_DISTANCE);
    assertEquals(4, d.size());
    assertEquals(3.0, d.get(2, 1));
    assertEquals(6.0, d.get(2, 3));
    assertEquals(d, read("\n1,\n2,3,\n4,5,6\n", Format.LOWER_DISTANCE));
    assertEquals(0.1, read("1e-1", Format.LOWER_DISTANCE).get(0, 1));
  }

  @Test
  void readsFullMatrices() {
    DistanceMatrix d = read("0 1 2\n1 0 3\n2 3 0\n", Format.DISTANCE);
    assertEquals(DistanceMatrix.fromLowerTriangle(3, new double[] {1, 2, 3}), d);
    assertEquals(1, read("0\n", Format.DISTANCE).size());
  }

  @Test
  void badInputIsNamedWithItsLineAndFix() {
    String nonNumeric = error("1\n2, x\n", Format.LOWER_DISTANCE);
    assertTrue(nonNumeric.contains("m.txt, line 2") && nonNumeric.contains("'x'"), nonNumeric);
    assertTrue(error("1\nNaN 2\n", Format.LOWER_DISTANCE).contains("not a decimal number"));
    String negative = error("1\n2 -3\n", Format.LOWER_DISTANCE);
    assertTrue(negative.contains("line 2") && negative.contains("negative"), negative);
    String ragged = error("1\n2 3 4\n", Format.LOWER_DISTANCE);
    assertTrue(ragged.contains("line 2") && ragged.contains("expected 2"), ragged);
    String empty = error("\n  \n", Format.LOWER_DISTANCE);
    assertTrue(empty.contains("m.txt") && empty.contains("no distances"), empty);
    assertTrue(error("", Format.DISTANCE).contains("no distances"));
    String notSquare = error("0 1\n1 0\n2 3\n", Format.DISTANCE);
    assertTrue(notSquare.contains("square") && notSquare.contains("line 1"), notSquare);
    String asymmetric = error("0 1\n2 0\n", Format.DISTANCE);
    assertTrue(
        asymmetric.contains("not symmetric") && asymmetric.contains("lines 1 and 2"), asymmetric);
    assertTrue(error("1 1\n1 0\n", Format.DISTANCE).contains("diagonal"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Format.fromRipserName("sparse"))
            .getMessage()
            .contains("lower-distance"));
  }

  @Test
  void writesRipsersTextForm() {
    List<PersistenceDiagram> bars =
        List.of(
            PersistenceDiagram.of(
                0, new double[] {0, 0, 0}, new double[] {0, 0.5, Double.POSITIVE_INFINITY}),
            PersistenceDiagram.of(1, new double[] {0.5}, new double[] {0.75}),
            PersistenceDiagram.empty(2));
    String text = RipserFormats.format(bars);
    assertEquals(
        "persistence intervals in dim 0:\n [0.0,0.5)\n [0.0, )\n"
            + "persistence intervals in dim 1:\n [0.5,0.75)\n"
            + "persistence intervals in dim 2:\n",
        text);
    List<PersistenceDiagram> back = RipserFormats.readBarcode(new StringReader(text), "out.txt");
    assertEquals(bars.get(0).withoutZeroLengthBars(), back.get(0));
    assertEquals(bars.subList(1, 3), back.subList(1, 3));
  }

  @Test
  void readsRipsersOwnOutput() {
    String ripser =
        "value range: [1,1.41421]\ndistance matrix with 4 points, using threshold at enclosing radius 1\n"
            + "persistence intervals in dim 0:\n [0,1)\n [0, )\npersistence intervals in dim 1:\n [1,1.41421)\n";
    List<PersistenceDiagram> d = RipserFormats.readBarcode(new StringReader(ripser), "ripser.out");
    assertEquals(2, d.size());
    assertEquals(1.41421, d.get(1).death(0));
    assertEquals(1, d.get(0).essentialCount());
  }
}
