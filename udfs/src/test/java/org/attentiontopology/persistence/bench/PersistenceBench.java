package org.attentiontopology.persistence.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;

/**
 * Times {@link RipsPersistence} against the {@code ripser} binary on Jensen-Shannon distance
 * matrices of softmax attention rows (fixed seed). Run by scripts/bench-persistence; not a unit
 * test.
 *
 * <p>Java: a warm-up (the same input, until the JIT has compiled the reduction), then the median of
 * the timed runs. Ripser: the median of its runs as a process, minus the median start-up time of
 * ripser on a 2-point input, so that both sides measure the computation (reading a text matrix is
 * part of ripser's time and not of Java's; it is small next to the reduction). Both barcodes are
 * compared (Ripser's 6 printed digits against the exact values).
 */
public final class PersistenceBench {
  private PersistenceBench() {}

  public static void main(String[] args) throws Exception {
    List<int[]> cases = new ArrayList<>(); // {points, dimension}
    int runs = 5;
    int ripserRunsLarge = 1;
    String ripser = "/usr/bin/ripser";
    boolean skipRipserLarge = false;
    boolean threadsLarge = false;
    boolean longOnly = false;
    int broadSeconds = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--case" -> {
          String[] c = args[++i].split(":");
          cases.add(new int[] {Integer.parseInt(c[0]), Integer.parseInt(c[1])});
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--ripser" -> ripser = args[++i];
        case "--ripser-runs-large" -> ripserRunsLarge = Integer.parseInt(args[++i]);
        case "--skip-ripser-large" -> skipRipserLarge = true;
        case "--threads-large" -> threadsLarge = true;
        case "--long" -> longOnly = true;
        case "--broad" -> broadSeconds = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --case N:DIM (repeatable), --runs K, --ripser PATH, --ripser-runs-large K, --skip-ripser-large, "
                    + "--threads-large, --long, --broad SECONDS");
      }
    }
    if (longOnly) {
      LongDocuments.run(ripser, broadSeconds);
      return;
    }
    if (cases.isEmpty()) {
      cases =
          List.of(
              new int[] {128, 1},
              new int[] {256, 1},
              new int[] {512, 1},
              new int[] {1024, 1},
              new int[] {128, 2});
    }
    Path dir = Files.createTempDirectory("bench-persistence");
    double[] startup = ripserStartup(ripser, dir);
    System.out.printf(
        Locale.ROOT,
        "ripser start-up (2-point input, median of 9): %.4f s (cpu %.4f s), subtracted "
            + "from ripser times%n",
        startup[0],
        startup[1]);
    System.out.println(
        "times: wall clock; cpu = user+system cpu time of the computing thread (java, 1 thread) or "
            + "process (ripser); java 2 threads: wall clock");
    double worst = 0;
    double worstCpu = 0;
    List<Double> smallRatios = new ArrayList<>(); // H1 at 128 to 512 points
    double ratio1024 = Double.NaN;
    for (int[] c : cases) {
      int n = c[0];
      int dim = c[1];
      DistanceMatrix d = attentionMatrix(n, 20261123L + n);
      Path file = dir.resolve("js-" + n + ".lower-distance");
      writeLower(d, file);
      boolean large = n >= 1024;
      int javaRuns =
          large ? 1 : runs; // minutes per run: once, the JIT being warm from the smaller cases
      double[] java = timeJava(d, dim, 1, javaRuns, !large);
      String twoThreads = "java 2 threads skipped at 1024+ points (--threads-large to run)";
      if (!large || threadsLarge) {
        double java2 = timeJava(d, dim, 2, javaRuns, !large)[0];
        twoThreads =
            String.format(
                Locale.ROOT, "java 2 threads %.3f s (speed-up %.2fx)", java2, java[0] / java2);
      }
      String ripserText;
      String ratioText = "n/a";
      if (large && skipRipserLarge) {
        ripserText = "ripser skipped (--skip-ripser-large)";
      } else {
        int k = large ? ripserRunsLarge : runs;
        double[] r = timeRipser(ripser, file, dim, k);
        r[0] -= startup[0];
        r[1] -= startup[1];
        double ratio = java[0] / r[0];
        double cpuRatio = java[1] / r[1];
        ripserText =
            String.format(Locale.ROOT, "ripser %.3f s (cpu %.3f s, median of %d)", r[0], r[1], k);
        ratioText = String.format(Locale.ROOT, "%.2f (cpu %.2f)", ratio, cpuRatio);
        if (n >= 256 && n <= 512) {
          worst = Math.max(worst, ratio);
          worstCpu = Math.max(worstCpu, cpuRatio);
        }
        if (dim == 1 && n >= 128 && n <= 512) {
          smallRatios.add(ratio);
        }
        if (dim == 1 && n == 1024) {
          ratio1024 = ratio;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "n=%4d dim=%d  java %.3f s (cpu %.3f s, median of %d)  %s  ratio java/ripser "
              + "%s  %s%n",
          n,
          dim,
          java[0],
          java[1],
          javaRuns,
          ripserText,
          ratioText,
          twoThreads);
    }
    // Printed only when a case between 256 and 512 points was timed against ripser: 0.00 would read
    // as a result.
    if (worst > 0) {
      System.out.printf(
          Locale.ROOT,
          "worst ratio of cpu times at 256-512 points (robust to a loaded machine): " + "%.2f%n",
          worstCpu);
      System.out.printf(Locale.ROOT, "worst ratio at 256-512 points: %.2f%n", worst);
    }
    if (!smallRatios.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "median ratio at 128-512 points: %.2f%n",
          median(smallRatios.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    if (!Double.isNaN(ratio1024)) {
      System.out.printf(Locale.ROOT, "ratio at 1024 points: %.2f%n", ratio1024);
    }
  }

  /**
   * n attention rows over n positions: softmax at temperature 0.25 of standard normal logits
   * (peaked rows, as in trained heads; near-uniform rows give far easier matrices), then sqrt of
   * the Jensen-Shannon divergence in bits.
   */
  public static DistanceMatrix attentionMatrix(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] rows = new float[n][n];
    for (int i = 0; i < n; i++) {
      double[] z = new double[n];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        z[j] = gaussian(rnd) / TEMPERATURE;
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        z[j] = Math.exp(z[j] - max);
        sum += z[j];
      }
      for (int j = 0; j < n; j++) {
        rows[i][j] = (float) (z[j] / sum);
      }
    }
    return JensenShannon.distanceMatrix(rows, LogBase.TWO);
  }

  static final double TEMPERATURE = 0.25;

  static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  static void writeLower(DistanceMatrix d, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 1; i < d.size(); i++) {
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < i; j++) {
          line.append(j == 0 ? "" : ",").append(d.get(i, j));
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /**
   * Median wall and cpu seconds of the runs; cpu time is the calling thread's (meaningful for one
   * thread).
   */
  static double[] timeJava(DistanceMatrix d, int dim, int threads, int runs, boolean warmUp) {
    RipsPersistence engine = new RipsPersistence(dim, Double.POSITIVE_INFINITY, threads);
    if (warmUp) {
      // At least three runs and at least two seconds, so the reduction is compiled before timing.
      long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
        sink ^= size(engine.compute(d));
      }
    }
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long cpuStart = mx.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      sink ^= size(engine.compute(d));
      wall[i] = (System.nanoTime() - start) / 1e9;
      cpu[i] = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    }
    return new double[] {median(wall), median(cpu)};
  }

  static int size(List<PersistenceDiagram> diagrams) {
    int s = 0;
    for (PersistenceDiagram p : diagrams) {
      s += p.size();
    }
    return s;
  }

  static volatile int sink;

  static double[] ripserStartup(String ripser, Path dir) throws Exception {
    Path tiny = dir.resolve("tiny.lower-distance");
    Files.writeString(tiny, "1\n");
    return timeRipser(ripser, tiny, 1, 9);
  }

  /**
   * Median wall and cpu seconds of ripser as a process; cpu from GNU time (/usr/bin/time), NaN
   * without it.
   */
  static double[] timeRipser(String ripser, Path file, int dim, int runs) throws Exception {
    boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    Path cpuFile = Files.createTempFile("ripser-cpu", ".txt");
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      List<String> command = new ArrayList<>();
      if (gnuTime) {
        command.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpuFile.toString()));
      }
      command.addAll(
          List.of(
              ripser,
              "--format",
              "lower-distance",
              "--dim",
              Integer.toString(dim),
              file.toString()));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      long start = System.nanoTime();
      Process p = pb.start();
      int rc = p.waitFor();
      wall[i] = (System.nanoTime() - start) / 1e9;
      if (rc != 0) {
        throw new IllegalStateException(ripser + " failed with exit status " + rc + " on " + file);
      }
      cpu[i] = Double.NaN;
      if (gnuTime) {
        String[] us = Files.readString(cpuFile).strip().split("\\s+");
        cpu[i] = Double.parseDouble(us[us.length - 2]) + Double.parseDouble(us[us.length - 1]);
      }
    }
    Files.deleteIfExists(cpuFile);
    return new double[] {median(wall), median(cpu)};
  }

  static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
