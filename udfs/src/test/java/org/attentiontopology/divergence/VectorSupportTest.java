package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.attentiontopology.heads.HeadDistanceContribution;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;
import org.junit.jupiter.api.Test;

/**
 * The same bits in every JVM: one started without `--add-modules=jdk.incubator.vector` (a SQL
 * user's Spark session, say) computes distances by the scalar forms of MixtureEntropy and
 * FloatMixtureEntropy, and one that only interprets (-Xint) runs the Vector API's Java fallback
 * instead of compiled SIMD code; both must print exactly the numbers of this warmed-up JVM.
 */
class VectorSupportTest {

  /** Prints the JS distance matrix and head sums of fixed random attention, one number a line. */
  public static void main(String[] args) {
    float[][][][] a = attention();
    DistanceMatrix d = JensenShannon.distanceMatrix(a[0][0], LogBase.TWO);
    String form = VectorSupport.available() ? "lanes " + VectorEntropy.lanes() : "scalar";
    StringBuilder out = new StringBuilder(form + "\n");
    for (double x : d.toLowerTriangle()) {
      out.append(x).append('\n');
    }
    for (double x : HeadDistanceContribution.of(a, LogBase.TWO).jsDistance()) {
      out.append(x).append('\n');
    }
    for (double x : boundedH0Deaths(a)) {
      out.append(x).append('\n');
    }
    for (double x : HeadDistanceContribution.ofFloat(headsWithTwins(), LogBase.TWO).jsDistance()) {
      out.append(x).append('\n');
    }
    System.out.print(out);
  }

  /**
   * The finite deaths of H0 from edges measured where their bounds leave them in doubt (the job's
   * H0-only path), which uses the Hellinger bound.
   */
  static double[] boundedH0Deaths(float[][][][] a) {
    JensenShannonEdges edges = new JensenShannonEdges(a[0][1], LogBase.TWO, true);
    double[] deaths =
        ZeroDimensionalPersistence.compute(edges, Double.POSITIVE_INFINITY).mergeLength().clone();
    java.util.Arrays.sort(deaths);
    return deaths;
  }

  /**
   * Twenty heads of 17 tokens for the single-precision head sums, the last ten a copy of the first
   * ten with one weight of each row an ulp up: those pairs' JS is far too small for single
   * precision, so the guard sends them to the double kernel, while the other pairs stay in float;
   * rows 9 and more also span the vector lanes of the terms.
   */
  static float[][][][] headsWithTwins() {
    Random rnd = new Random(5);
    float[][][][] a = new float[1][20][17][17];
    for (int h = 0; h < 20; h++) {
      for (int r = 0; r < 17; r++) {
        float[] row = a[0][h][r];
        if (h >= 10) {
          System.arraycopy(a[0][h - 10][r], 0, row, 0, row.length);
          row[rnd.nextInt(row.length)] = Math.nextUp(row[rnd.nextInt(row.length)]);
          continue;
        }
        softmaxRow(rnd, row, 2);
      }
    }
    return a;
  }

  /**
   * Fills {@code row} with a softmax of Gaussian logits of the given spread (weights exp(spread *
   * N(0, 1))).
   */
  static void softmaxRow(Random rnd, float[] row, double spread) {
    double sum = 0;
    for (int k = 0; k < row.length; k++) {
      row[k] = (float) Math.exp(spread * rnd.nextGaussian());
      sum += row[k];
    }
    for (int k = 0; k < row.length; k++) {
      row[k] /= (float) sum;
    }
  }

  static float[][][][] attention() {
    Random rnd = new Random(3);
    float[][][][] a = new float[1][3][17][17];
    for (float[][] head : a[0]) {
      for (float[] row : head) {
        softmaxRow(rnd, row, 2);
      }
    }
    return a;
  }

  /** Runs main in a child JVM with the given options and returns its lines. */
  private static String[] childOutput(List<String> options)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(options);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), VectorSupportTest.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    return output.lines().filter(l -> !l.startsWith("WARNING")).toArray(String[]::new);
  }

  /**
   * Warms the kernels up in this JVM (so C2 compiles them), then compares with the child's lines
   * exactly.
   */
  private static void assertSameBits(String[] lines, String child) {
    float[][][][] a = attention();
    for (int i = 0; i < 2_000; i++) {
      JensenShannon.distanceMatrix(a[0][i % 3], LogBase.TWO);
    }
    double[] fast = JensenShannon.distanceMatrix(a[0][0], LogBase.TWO).toLowerTriangle();
    double[] sums = HeadDistanceContribution.of(a, LogBase.TWO).jsDistance();
    double[] h0 = boundedH0Deaths(a);
    for (int i = 0; i < 2_000; i++) {
      HeadDistanceContribution.ofFloat(headsWithTwins(), LogBase.TWO);
    }
    double[] single = HeadDistanceContribution.ofFloat(headsWithTwins(), LogBase.TWO).jsDistance();
    int singleAt = 1 + fast.length + sums.length + h0.length;
    assertEquals(singleAt + single.length, lines.length, String.join("\n", lines));
    for (int i = 0; i < single.length; i++) {
      assertEquals(
          single[i],
          Double.parseDouble(lines[singleAt + i]),
          0.0,
          child + ": single-precision pair " + i);
    }
    for (int i = 0; i < h0.length; i++) {
      assertEquals(
          h0[i],
          Double.parseDouble(lines[1 + fast.length + sums.length + i]),
          0.0,
          child + ": H0 " + i);
    }
    for (int i = 0; i < fast.length; i++) {
      assertEquals(fast[i], Double.parseDouble(lines[1 + i]), 0.0, child + ": distance " + i);
    }
    for (int i = 0; i < sums.length; i++) {
      assertEquals(
          sums[i], Double.parseDouble(lines[1 + fast.length + i]), 0.0, child + ": head pair " + i);
    }
  }

  @Test
  void withoutTheVectorModuleTheScalarFormGivesTheSameBits()
      throws IOException, InterruptedException {
    assertTrue(VectorSupport.available(), "the tests run with --add-modules=jdk.incubator.vector");
    String[] lines = childOutput(List.of());
    assertEquals("scalar", lines[0], "the child JVM has no Vector API");
    assertSameBits(lines, "no Vector API");
  }

  @Test
  void interpretedVectorCodeGivesTheSameBitsAsCompiled() throws IOException, InterruptedException {
    String[] lines = childOutput(List.of("--add-modules=jdk.incubator.vector", "-Xint"));
    assertEquals("lanes " + VectorEntropy.lanes(), lines[0], "the child JVM has the Vector API");
    assertSameBits(lines, "interpreted");
  }

  @Test
  void fourLanesGiveTheSameBitsAsThePreferredWidth() throws IOException, InterruptedException {
    String[] lines =
        childOutput(List.of("--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=32"));
    assertEquals("lanes 4", lines[0], "the child JVM runs 256-bit vectors");
    assertSameBits(lines, "four lanes");
  }

  @Test
  void avx2AloneGivesTheSameBits() throws IOException, InterruptedException {
    // A machine with AVX2 but not AVX-512, where JDK 17 compiles fewer vector operations (no 64-bit
    // conversion to
    // double, no 64-bit maximum): x86 only, elsewhere the flag is ignored and the child runs as the
    // parent.
    String[] lines =
        childOutput(
            List.of(
                "--add-modules=jdk.incubator.vector",
                "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:UseAVX=2"));
    assertTrue(lines[0].startsWith("lanes "), "the child JVM has the Vector API: " + lines[0]);
    assertSameBits(lines, "AVX2");
  }
}
