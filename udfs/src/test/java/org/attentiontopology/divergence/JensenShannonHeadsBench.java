package org.attentiontopology.divergence;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.attentiontopology.bench.HeadsBenchArguments;

/**
 * The Jensen-Shannon distance matrix that H1 reads, per head, on real attention heads: the rows
 * PipelineBench writes with {@code --write-h1-heads DIR} (MiniLM, about 121 tokens), against
 * softmax rows of random logits of the same sizes. Thread cpu time, median over rounds after
 * warm-up: the whole {@link FastJensenShannon#distanceMatrix}, the bare {@link MixtureEntropy} loop
 * over the same pairs, and the pairs that fall back to {@link CancellationFreeDivergence} (how
 * many, and their cost). Not a unit test.
 *
 * <p>Usage: {@code JensenShannonHeadsBench DIR [--rounds K]}
 */
public final class JensenShannonHeadsBench {
  private JensenShannonHeadsBench() {}

  static volatile double sink;

  public static void main(String[] args) throws Exception {
    HeadsBenchArguments arguments =
        HeadsBenchArguments.parse(
            args,
            "usage: JensenShannonHeadsBench DIR [--rounds K]; DIR holds *.rows files "
                + "(PipelineBench --write-h1-heads DIR writes them)");
    int rounds = arguments.rounds();
    List<float[][]> real = read(arguments.dir());
    List<float[][]> random = softmaxLike(real, 20261207L);
    System.out.printf(
        Locale.ROOT,
        "%d heads, %.1f rows on average; load %s%n",
        real.size(),
        real.stream().mapToInt(h -> h.length).average().orElse(0),
        Files.readString(Path.of("/proc/loadavg")).trim());
    report("real heads", real, rounds);
    report("softmax rows of random logits, same sizes", random, rounds);
  }

  private static void report(String label, List<float[][]> heads, int rounds) {
    ThreadMXBean thread = ManagementFactory.getThreadMXBean();
    long pairs = 0;
    long fallbacks = 0;
    long elements = 0;
    List<long[]> fallbackPairs = new ArrayList<>();
    for (int h = 0; h < heads.size(); h++) {
      float[][] rows = heads.get(h);
      JensenShannonEdges edges = new JensenShannonEdges(rows, LogBase.TWO, true);
      double[][] wide = widened(rows);
      int[] end = ends(rows);
      double[] entropy = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        entropy[i] = MixtureEntropy.entropyNats(wide[i], end[i]);
      }
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < i; j++) {
          int pairEnd = Math.max(end[i], end[j]);
          double hm = MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], pairEnd);
          double half = 0.5 * (entropy[i] + entropy[j]);
          if (hm - half
              <= JensenShannonEdges.entropyFormError(hm + half, pairEnd)
                  / JensenShannonEdges.RELATIVE_ACCURACY) {
            fallbacks++;
            fallbackPairs.add(new long[] {h, i, j});
          }
          pairs++;
          elements += pairEnd;
        }
      }
      sink += edges.length(1, 0);
    }
    double[] whole = new double[rounds];
    double[] bare = new double[rounds];
    double[] fallback = new double[rounds];
    for (int r = 0; r < rounds + 3; r++) {
      long t0 = thread.getCurrentThreadCpuTime();
      for (float[][] rows : heads) {
        sink += FastJensenShannon.distanceMatrix(rows, LogBase.TWO, true).get(1, 0);
      }
      long t1 = thread.getCurrentThreadCpuTime();
      for (float[][] rows : heads) {
        sink += bareLoop(rows);
      }
      long t2 = thread.getCurrentThreadCpuTime();
      sink += fallbackLoop(heads, fallbackPairs);
      long t3 = thread.getCurrentThreadCpuTime();
      if (r >= 3) {
        whole[r - 3] = (t1 - t0) / 1e6 / heads.size();
        bare[r - 3] = (t2 - t1) / 1e6 / heads.size();
        fallback[r - 3] = (t3 - t2) / 1e6 / heads.size();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d pairs, fallback on %d (%.2f%%)%n"
            + "  distanceMatrix %.3f ms a head; bare MixtureEntropy loop %.3f ms (%.3f ns an element);"
            + " fallback pairs alone %.3f ms%n",
        label,
        pairs,
        fallbacks,
        100.0 * fallbacks / pairs,
        median(whole),
        median(bare),
        1e6 * median(bare) * heads.size() / elements,
        median(fallback));
  }

  /** The mixture entropies of every pair, nothing else (the rows widened and their entropies). */
  private static double bareLoop(float[][] rows) {
    double[][] wide = widened(rows);
    int[] end = ends(rows);
    double sum = 0;
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < i; j++) {
        sum += MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], Math.max(end[i], end[j]));
      }
    }
    return sum;
  }

  private static double fallbackLoop(List<float[][]> heads, List<long[]> pairs) {
    double sum = 0;
    int head = -1;
    double[][] wide = null;
    int[] end = null;
    for (long[] p : pairs) {
      if (p[0] != head) {
        head = (int) p[0];
        wide = widened(heads.get(head));
        end = ends(heads.get(head));
      }
      int i = (int) p[1];
      int j = (int) p[2];
      sum += CancellationFreeDivergence.divergenceNats(wide[i], wide[j], Math.max(end[i], end[j]));
    }
    return sum;
  }

  private static double[][] widened(float[][] rows) {
    double[][] wide = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      wide[i] = MixtureEntropy.widen(rows[i]);
    }
    return wide;
  }

  private static int[] ends(float[][] rows) {
    int[] end = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      end[i] = MixtureEntropy.supportEnd(rows[i]);
    }
    return end;
  }

  private static List<float[][]> read(Path dir) throws Exception {
    List<float[][]> heads = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".rows")).sorted().toList()) {
        List<String> lines = Files.readAllLines(p);
        float[][] rows = new float[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
          String[] cells = lines.get(i).split(",");
          rows[i] = new float[cells.length];
          for (int k = 0; k < cells.length; k++) {
            rows[i][k] = Float.parseFloat(cells[k]);
          }
        }
        if (rows.length >= 2) {
          heads.add(rows);
        }
      }
    }
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("no head of 2 or more rows in " + dir);
    }
    return heads;
  }

  /** Softmax rows of standard normal logits, one head for each real head, of its size. */
  private static List<float[][]> softmaxLike(List<float[][]> real, long seed) {
    Random random = new Random(seed);
    List<float[][]> heads = new ArrayList<>();
    for (float[][] r : real) {
      float[][] rows = new float[r.length][r[0].length];
      for (float[] row : rows) {
        double[] e = new double[row.length];
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
          e[k] = Math.exp(random.nextGaussian());
          sum += e[k];
        }
        for (int k = 0; k < row.length; k++) {
          row[k] = (float) (e[k] / sum);
        }
      }
      heads.add(rows);
    }
    return heads;
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
