package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramTextTest {
  @Test
  void parsesCommentsBlankLinesAndInfinity() {
    PersistenceDiagram d =
        DiagramText.parse(
            "# H1 of something\n\n0.5 1.25  # a bar\n\t0\tinf\n1e-3 Infinity\n", "t.txt", 1);
    assertEquals(
        DistanceHandWorkedTest.d(
            1, 0.5, 1.25, 0, Double.POSITIVE_INFINITY, 1e-3, Double.POSITIVE_INFINITY),
        d);
  }

  @Test
  void roundTripsExactly(@TempDir Path dir) throws IOException {
    PersistenceDiagram d =
        DistanceHandWorkedTest.d(
            2, 0.1, 0.30000000000000004, 1.0 / 3, 2, 5e-324, 7, -2, Double.POSITIVE_INFINITY);
    Path f = dir.resolve("d.txt");
    DiagramText.write(d, f);
    assertEquals(d, DiagramText.read(f, 2));
    assertEquals(d, DiagramText.parse(DiagramText.format(d), "s", 2));
  }

  @Test
  void errorsNameTheSourceLineAndFix() {
    assertError("0.1 0.2\n0.3\n", "f.txt:2:", "expected two numbers");
    assertError("0.1 abc\n", "f.txt:1:", "not a number");
    assertError("nan 1\n", "f.txt:1:", "NaN");
    assertError("\n\n2 1\n", "f.txt:3:", "swap the two numbers");
    assertError("inf 1\n", "f.txt:1:", "birth must be finite");
  }

  private static void assertError(String text, String where, String what) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiagramText.parse(text, "f.txt", 1));
    assertTrue(e.getMessage().startsWith(where) && e.getMessage().contains(what), e.getMessage());
  }
}
