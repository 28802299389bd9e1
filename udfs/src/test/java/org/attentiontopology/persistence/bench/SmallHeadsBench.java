package org.attentiontopology.persistence.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.attentiontopology.bench.HeadsBenchArguments;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.EngineSteps;
import org.attentiontopology.persistence.RipsPersistence;
import org.attentiontopology.persistence.RipserFormats;

/**
 * The engine's cost per head on real attention heads of about a hundred tokens, step by step: the
 * matrices PipelineBench writes with {@code --write-h1-matrices DIR} (MiniLM's Jensen-Shannon
 * distance matrices, Ripser's lower-distance format at full precision), H0 and H1 with every
 * shortcut, one thread. Thread cpu time, median over rounds after two warm-up passes, for the whole
 * {@link RipsPersistence#compute} and for each of its steps ({@link EngineSteps}), so a change can
 * be weighed step by step in one run. Not a unit test.
 *
 * <p>Usage: {@code SmallHeadsBench DIR [--rounds K]}
 */
public final class SmallHeadsBench {
  private SmallHeadsBench() {}

  static volatile long sink;

  public static void main(String[] args) throws Exception {
    HeadsBenchArguments arguments =
        HeadsBenchArguments.parse(
            args,
            "usage: SmallHeadsBench DIR [--rounds K]; DIR holds *.lower-distance matrices "
                + "(PipelineBench --write-h1-matrices DIR writes them)");
    Path dir = arguments.dir();
    int rounds = arguments.rounds();
    List<DistanceMatrix> heads = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".lower-distance")).sorted().toList()) {
        DistanceMatrix d = RipserFormats.read(p, RipserFormats.Format.LOWER_DISTANCE);
        if (d.size() >= 3) {
          heads.add(d);
        }
      }
    }
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("no matrix of 3 or more points in " + dir);
    }
    RipsPersistence engine = new RipsPersistence(1);
    long bars = 0;
    for (DistanceMatrix d : heads) {
      bars += engine.compute(d).get(1).size();
    }
    long[] nanos = new long[EngineSteps.NAMES.size()];
    if (EngineSteps.run(heads, nanos) != bars) {
      throw new IllegalStateException("the steps found other H1 bars than compute");
    }
    ThreadMXBean thread = ManagementFactory.getThreadMXBean();
    int m = heads.size();
    double[] whole = new double[rounds];
    double[][] steps = new double[nanos.length][rounds];
    for (int r = 0; r < rounds + 2; r++) {
      long t0 = thread.getCurrentThreadCpuTime();
      for (DistanceMatrix d : heads) {
        sink += engine.compute(d).size();
      }
      long t1 = thread.getCurrentThreadCpuTime();
      Arrays.fill(nanos, 0);
      sink += EngineSteps.run(heads, nanos);
      if (r >= 2) {
        whole[r - 2] = (t1 - t0) / 1e6 / m;
        for (int s = 0; s < nanos.length; s++) {
          steps[s][r - 2] = nanos[s] / 1e6 / m;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d heads of %d-%d points; load %s%n",
        m,
        heads.stream().mapToInt(DistanceMatrix::size).min().getAsInt(),
        heads.stream().mapToInt(DistanceMatrix::size).max().getAsInt(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf(
        Locale.ROOT,
        "H0 and H1 per head (thread cpu, median of %d): %.3f ms%n",
        rounds,
        median(whole));
    double sum = 0;
    for (int s = 0; s < nanos.length; s++) {
      sum += median(steps[s]);
    }
    for (int s = 0; s < nanos.length; s++) {
      System.out.printf(
          Locale.ROOT,
          "  %-28s %.3f ms (%.0f%%)%n",
          EngineSteps.NAMES.get(s),
          median(steps[s]),
          100 * median(steps[s]) / sum);
    }
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
