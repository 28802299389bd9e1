package org.attentiontopology.diagram.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.DiagramText;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Timing harness for scripts/bench-diagrams: for each case directory argument holding a.txt and
 * b.txt, times the bottleneck distance and W_1 (warm-up runs first, then the median of timed runs)
 * and prints one tab-separated line per case: name, bottleneck, bottleneck seconds, W_1, W_1
 * seconds. A W_1 run is skipped (printed as "skipped") when one estimated run would exceed the
 * budget given by -Dbench.w1.maxSeconds (default 60).
 *
 * <p>A plain harness rather than JMH: each measurement is milliseconds to seconds, far above timer
 * resolution, and we want the same warm-up and median protocol as the Python side of the
 * comparison.
 */
public final class DiagramDistanceBench {
  private DiagramDistanceBench() {}

  public static void main(String[] args) throws IOException {
    double w1Budget = Double.parseDouble(System.getProperty("bench.w1.maxSeconds", "60"));
    for (String dir : args) {
      Path d = Path.of(dir);
      PersistenceDiagram a = DiagramText.read(d.resolve("a.txt"), 1);
      PersistenceDiagram b = DiagramText.read(d.resolve("b.txt"), 1);
      double[] bott = new double[1];
      double tb = median(() -> bott[0] = BottleneckDistance.distance(a, b), 0.5, 3, 7);
      double[] w = new double[1];
      String w1Time;
      // Guard against runaway runs: time a 600-point prefix and extrapolate cubically (pessimistic:
      // the sparse
      // solver used at this size usually grows more slowly) before committing to the full size.
      double estimate = estimateW1Seconds(a, b);
      if (estimate > w1Budget) {
        w1Time = "skipped(est " + String.format(Locale.ROOT, "%.0f", estimate) + "s)";
        w[0] = Double.NaN;
      } else {
        int reps = estimate > 5 ? 1 : 3;
        double tw =
            median(
                () -> w[0] = WassersteinDistance.distance(a, b, 1),
                0.5,
                estimate > 5 ? 0 : 1,
                reps);
        w1Time = String.format(Locale.ROOT, "%.6f", tw);
      }
      System.out.printf(
          Locale.ROOT, "%s\t%.17g\t%.6f\t%.17g\t%s%n", d.getFileName(), bott[0], tb, w[0], w1Time);
    }
  }

  private static double estimateW1Seconds(PersistenceDiagram a, PersistenceDiagram b) {
    int n = Math.max(a.size(), b.size());
    if (n <= 1200) {
      return 0;
    }
    int k = 600;
    PersistenceDiagram pa = prefix(a, k);
    PersistenceDiagram pb = prefix(b, k);
    WassersteinDistance.distance(pa, pb, 1);
    long t0 = System.nanoTime();
    WassersteinDistance.distance(pa, pb, 1);
    double t = (System.nanoTime() - t0) / 1e9;
    double ratio = (double) n / k;
    return t * ratio * ratio * ratio;
  }

  private static PersistenceDiagram prefix(PersistenceDiagram d, int k) {
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(d.dimension());
    for (int i = 0; i < Math.min(k, d.size()); i++) {
      b.add(d.birth(i), d.death(i));
    }
    return b.build();
  }

  /**
   * Median seconds of {@code reps} runs after warm-up runs for at least warmSeconds (and at least
   * minWarm runs).
   */
  static double median(Runnable task, double warmSeconds, int minWarm, int reps) {
    long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
    int warm = 0;
    while (warm < minWarm || (minWarm > 0 && System.nanoTime() < warmEnd && warm < 50)) {
      task.run();
      warm++;
    }
    List<Double> times = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      task.run();
      times.add((System.nanoTime() - t0) / 1e9);
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(t);
    return t[t.length / 2];
  }
}
