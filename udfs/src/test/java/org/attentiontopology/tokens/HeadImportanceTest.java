package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures from scripts/fixtures/make-token-fixtures.py (numpy.save). */
class HeadImportanceTest {

  static final double[][] EXPECTED = {{0.5, 1.25, 0.0}, {2.0, 0.125, 3.5}};
  static final double[][] INTEGERS = {{1, 2, 0}, {3, 0, 7}};

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(
                HeadImportanceTest.class.getResource("/fixtures/tokens/" + name), name)
            .toURI());
  }

  static void assertMatrix(double[][] expected, HeadImportance h) {
    assertEquals(expected.length, h.layers());
    assertEquals(expected[0].length, h.heads());
    double[][] actual = h.toArray();
    for (int l = 0; l < expected.length; l++) {
      assertArrayEquals(expected[l], actual[l], 0.0, h.source() + " layer " + l);
    }
  }

  static IllegalArgumentException rejected(String name, String... phrases)
      throws URISyntaxException {
    Path p = fixture(name);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(p));
    assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
    for (String phrase : phrases) {
      assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void readsEveryNpyVersionAndDtype() throws Exception {
    for (String name :
        new String[] {
          "importance-v1-f8.npy",
          "importance-v1-f4.npy",
          "importance-v2-f8.npy",
          "importance-v3-f8.npy"
        }) {
      HeadImportance h = HeadImportance.read(fixture(name));
      assertMatrix(EXPECTED, h);
      assertTrue(h.source().endsWith(name));
    }
    assertMatrix(INTEGERS, HeadImportance.read(fixture("importance-v1-i8.npy")));
    assertMatrix(INTEGERS, HeadImportance.read(fixture("importance-v1-i4.npy")));
  }

  @Test
  void readsCsvAndJson() throws Exception {
    assertMatrix(EXPECTED, HeadImportance.read(fixture("importance.csv")));
    assertMatrix(EXPECTED, HeadImportance.read(fixture("importance.json")));
    assertEquals(3.5, HeadImportance.read(fixture("importance.json")).get(1, 2), 0.0);
  }

  @Test
  void rejectsUnsupportedNpyFilesClearly() throws Exception {
    rejected("importance-fortran.npy", "Fortran order", "ascontiguousarray");
    rejected("importance-1d.npy", "1-D", "2-D");
    rejected("importance-3d.npy", "3-D", "2-D");
    rejected("importance-big-endian.npy", ">f8", "little-endian");
    rejected("importance-truncated.npy", "truncated");
  }

  @Test
  void rejectsBadValuesClearly() throws Exception {
    rejected("importance-negative.csv", "layer 1, head 1", "non-negative");
    rejected("importance-nan.json", "layer 1, head 1", "not a number");
    rejected("importance-zeros.csv", "every value is zero");
    rejected("importance-ragged.csv", "layer 1 has 2 values");
    rejected("importance-header.csv", "line 1", "'h0'", "header");
  }

  @Test
  void requireShapeNamesTheFileAndBothShapes() throws Exception {
    HeadImportance h = HeadImportance.read(fixture("importance.csv"));
    assertSame(h, h.requireShape(2, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> h.requireShape(12, 12));
    assertTrue(e.getMessage().contains("importance.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("2 x 3"), e.getMessage());
    assertTrue(e.getMessage().contains("12 layers and 12 heads"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> h.requireShape(2, 4));
  }

  @Test
  void rejectsUnknownExtensionsBadMagicAndVersions(@TempDir Path dir) throws IOException {
    Path unknown = dir.resolve("importance.xlsx");
    Files.writeString(unknown, "1,2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(unknown));
    assertTrue(
        e.getMessage().contains("unknown format") && e.getMessage().contains(".npy"),
        e.getMessage());

    Path notNpy = dir.resolve("x.npy");
    Files.writeString(notNpy, "0.5,1\n");
    e = assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(notNpy));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());

    byte[] v9 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0, 0, 0};
    Path future = dir.resolve("future.npy");
    Files.write(future, v9);
    e = assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(future));
    assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());

    Path badJson = dir.resolve("bad.json");
    Files.writeString(badJson, "[[1, 2], [3, 4]] trailing");
    e = assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(badJson));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

    Path object = dir.resolve("object.json");
    Files.writeString(object, "{\"layers\": [[1]]}");
    e = assertThrows(IllegalArgumentException.class, () -> HeadImportance.read(object));
    assertTrue(e.getMessage().contains("not an array"), e.getMessage());

    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> HeadImportance.read(dir.resolve("missing.csv")));
  }

  @Test
  void ofCopiesAndValidates() {
    double[][] values = {{1.0, 0.0}};
    HeadImportance h = HeadImportance.of(values, "inline");
    values[0][0] = 5.0;
    assertEquals(1.0, h.get(0, 0), 0.0);
    h.toArray()[0][0] = 7.0;
    assertEquals(1.0, h.get(0, 0), 0.0);
    assertThrows(IllegalArgumentException.class, () -> HeadImportance.of(new double[0][], "empty"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HeadImportance.of(new double[][] {{Double.POSITIVE_INFINITY}}, "inf"));
  }

  @Test
  void survivesJavaSerializationForSparkBroadcasts() throws Exception {
    HeadImportance h = HeadImportance.read(fixture("importance-v1-f8.npy"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(h);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      HeadImportance copy = (HeadImportance) in.readObject();
      assertMatrix(EXPECTED, copy);
      assertEquals(h.source(), copy.source());
    }
  }
}
