package org.attentiontopology.persistence.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;

/**
 * Persistence at document length (scripts/bench-persistence --long), H1, one thread, against Ripser
 * in the same run: Longformer-style banded rows at 4096 points (a window of 512 plus one global
 * token), causal (GPT-2-style) rows at 1024 points, and with --broad the benchmark's softmax rows
 * at 4096 points under a time limit (Ripser would need hours there and is not run). Rows are
 * softmax of Gaussian logits over the tokens each row sees: at temperature 1 for the banded rows
 * (random-logit rows, as the Ripser figure at 4096 points; -Dbanded.temperature=T to
 * change), at the benchmark's 0.25 for the causal and broad ones. Java runs once per case, after a
 * warm-up on a banded matrix of 1024 points.
 */
public final class LongDocuments {
  private LongDocuments() {}

  public static final int WINDOW = 512;

  /** Softmax temperature of the banded rows' logits. */
  static final double BANDED_TEMPERATURE =
      Double.parseDouble(System.getProperty("banded.temperature", "1"));

  static void run(String ripser, int broadSeconds) throws Exception {
    Path dir = Files.createTempDirectory("bench-persistence-long");
    double[] startup = PersistenceBench.ripserStartup(ripser, dir);
    System.out.printf(
        Locale.ROOT,
        "ripser start-up %.4f s subtracted; java once per case after a warm-up; "
            + "max heap %d MB%n",
        startup[0],
        Runtime.getRuntime().maxMemory() >> 20);
    RipsPersistence engine = new RipsPersistence(1);
    engine.compute(banded(1024, WINDOW, 1));

    DistanceMatrix banded = banded(4096, WINDOW, 2);
    double bandedRatio =
        compare("banded 4096 points (window 512 + global token)", banded, ripser, dir, startup);
    System.out.printf(Locale.ROOT, "banded 4096 points H1 ratio: %.3f%n", bandedRatio);
    banded = null;

    DistanceMatrix causal = JensenShannon.distanceMatrix(causalRows(1024, 3), LogBase.TWO);
    double causalRatio = compare("causal 1024 points", causal, ripser, dir, startup);
    System.out.printf(Locale.ROOT, "causal 1024 points H1 ratio: %.3f%n", causalRatio);
    causal = null;

    if (broadSeconds > 0) {
      long start = System.nanoTime();
      DistanceMatrix broad = PersistenceBench.attentionMatrix(4096, 20261123L + 4096);
      System.out.printf(
          Locale.ROOT, "broad 4096 points: JS matrix %.1f s%n", (System.nanoTime() - start) / 1e9);
      ExecutorService pool =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "broad-4096");
                t.setDaemon(true);
                return t;
              });
      long t0 = System.nanoTime();
      Future<List<PersistenceDiagram>> done = pool.submit(() -> engine.compute(broad));
      try {
        List<PersistenceDiagram> bars = done.get(broadSeconds, TimeUnit.SECONDS);
        System.out.printf(
            Locale.ROOT,
            "broad 4096 points H1: %.1f s (%d H1 bars)%n",
            (System.nanoTime() - t0) / 1e9,
            bars.get(1).size());
      } catch (TimeoutException e) {
        System.out.printf(
            Locale.ROOT, "broad 4096 points H1: not finished within %d s%n", broadSeconds);
      }
      pool.shutdownNow();
    }
  }

  /**
   * Java once and Ripser once on the same matrix; prints both and returns Java / Ripser (wall
   * clock).
   */
  private static double compare(
      String name, DistanceMatrix d, String ripser, Path dir, double[] startup) throws Exception {
    RipsPersistence engine = new RipsPersistence(1);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    List<PersistenceDiagram> bars = engine.compute(d);
    double java = (System.nanoTime() - t0) / 1e9;
    double javaCpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    Path file = dir.resolve("long.lower-distance");
    PersistenceBench.writeLower(d, file);
    double[] r = PersistenceBench.timeRipser(ripser, file, 1, 1);
    Files.delete(file);
    double ripserWall = r[0] - startup[0];
    double ripserCpu = r[1] - startup[1];
    System.out.printf(
        Locale.ROOT,
        "%s: java %.2f s (cpu %.2f s, %d H1 bars)  ripser %.2f s (cpu %.2f s)  ratio "
            + "%.3f (cpu %.3f)%n",
        name,
        java,
        javaCpu,
        bars.get(1).size(),
        ripserWall,
        ripserCpu,
        java / ripserWall,
        javaCpu / ripserCpu);
    return java / ripserWall;
  }

  /**
   * JS distances (base 2) of Longformer-style rows: row i sees the tokens j with |i - j| < window /
   * 2 and token 0, row 0 sees all. Summed over the columns both rows see (a column only one row
   * sees adds its weight times log 2 whatever it holds), in double precision: the cost is the
   * overlap of the windows, not the number of tokens.
   */
  public static DistanceMatrix banded(int n, int window, long seed) {
    SplittableRandom rnd = new SplittableRandom(20261206L + seed);
    int half = window / 2;
    double[][] rows = new double[n][];
    int[] from = new int[n];
    int[] to = new int[n];
    double[] mass = new double[n];
    for (int i = 0; i < n; i++) {
      from[i] = i == 0 ? 0 : Math.max(0, i - half + 1);
      to[i] = i == 0 ? n : Math.min(n, i + half);
      rows[i] = new double[n];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (sees(i, j, from, to)) {
          rows[i][j] = PersistenceBench.gaussian(rnd) / BANDED_TEMPERATURE;
          max = Math.max(max, rows[i][j]);
        }
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        if (sees(i, j, from, to)) {
          rows[i][j] = Math.exp(rows[i][j] - max);
          sum += rows[i][j];
        }
      }
      for (int j = 0; j < n; j++) {
        rows[i][j] /= sum;
        mass[i] += rows[i][j];
      }
    }
    double[] lower = new double[(int) DistanceMatrix.triangleLength(n)];
    double ln2 = Math.log(2);
    for (int i = 1, k = 0; i < n; i++) {
      for (int j = 0; j < i; j++, k++) {
        double shared = 0;
        double sharedMass = 0;
        int lo = Math.max(from[i], from[j]);
        int hi = Math.min(to[i], to[j]);
        for (int c = lo; c < hi; c++) {
          shared += term(rows[i][c], rows[j][c]);
          sharedMass += rows[i][c] + rows[j][c];
        }
        if (lo > 0) { // token 0, seen by every row, outside the overlap
          shared += term(rows[i][0], rows[j][0]);
          sharedMass += rows[i][0] + rows[j][0];
        }
        double nats = 0.5 * (shared + ln2 * (mass[i] + mass[j] - sharedMass));
        lower[k] = Math.sqrt(Math.max(0, nats / ln2));
      }
    }
    return DistanceMatrix.fromLowerTriangle(n, lower);
  }

  private static boolean sees(int i, int j, int[] from, int[] to) {
    return j == 0 || (j >= from[i] && j < to[i]);
  }

  /** p log(p / m) + q log(q / m), m = (p + q) / 2, zero terms skipped. */
  private static double term(double p, double q) {
    double m = 0.5 * (p + q);
    double t = 0;
    if (p > 0) {
      t += p * Math.log(p / m);
    }
    if (q > 0) {
      t += q * Math.log(q / m);
    }
    return t;
  }

  /** Causal rows: row i is a softmax over tokens 0..i, zero after. */
  public static float[][] causalRows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(20261206L + seed);
    float[][] rows = new float[n][n];
    for (int i = 0; i < n; i++) {
      double[] z = new double[i + 1];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        z[j] = PersistenceBench.gaussian(rnd) / PersistenceBench.TEMPERATURE;
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      for (int j = 0; j <= i; j++) {
        z[j] = Math.exp(z[j] - max);
        sum += z[j];
      }
      for (int j = 0; j <= i; j++) {
        rows[i][j] = (float) (z[j] / sum);
      }
    }
    return rows;
  }
}
