package org.attentiontopology.persistence;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of {@link RipsPersistence#compute} in dimension 1 with every shortcut (the path a head
 * of about a hundred tokens takes), run one by one on each matrix with the thread's cpu time read
 * between them, for the benchmark of small heads (bench/SmallHeadsBench). Not a test: the steps are
 * package-private, and this class opens them to the benchmark only.
 */
public final class EngineSteps {
  /** The steps, in the order they run. */
  public static final List<String> NAMES =
      List.of(
          "enclosing radius",
          "filtration order and ranks",
          "edge collapse",
          "H0 and apparent pairs",
          "H1 reduction");

  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private EngineSteps() {}

  /**
   * Whether to collapse: the engine's choice ({@link RipsFiltration#collapsePays} for H1), unless
   * the system property {@code collapse} says {@code always} or {@code never}, for weighing the
   * two.
   */
  static boolean collapses(RipsFiltration f) {
    return switch (System.getProperty("collapse", "auto")) {
      case "always" -> true;
      case "never" -> false;
      default -> f.collapsePays(1);
    };
  }

  /**
   * Runs the steps on each matrix (of at least three points) and adds each step's thread cpu
   * nanoseconds to {@code nanos} (one slot per name); returns the number of H1 bars found, which
   * callers compare with {@link RipsPersistence#compute} so the steps are known to be the engine's.
   */
  public static long run(List<DistanceMatrix> matrices, long[] nanos) {
    long bars = 0;
    for (DistanceMatrix d : matrices) {
      long t0 = THREAD.getCurrentThreadCpuTime();
      double radius = RipsPersistence.enclosingRadius(d);
      long t1 = THREAD.getCurrentThreadCpuTime();
      RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius, true);
      long t2 = THREAD.getCurrentThreadCpuTime();
      if (collapses(f)) {
        f = f.collapsed(1, true);
      }
      long t3 = THREAD.getCurrentThreadCpuTime();
      long[] columns = RipsPersistence.zeroDimensional(f, new ArrayList<>());
      long t4 = THREAD.getCurrentThreadCpuTime();
      PersistenceDiagram.Builder h1 = new PersistenceDiagram.Builder(1);
      new CohomologyReduction(f).reduce(columns, 1, new PivotTable(columns.length), h1);
      bars += h1.build().size();
      long t5 = THREAD.getCurrentThreadCpuTime();
      nanos[0] += t1 - t0;
      nanos[1] += t2 - t1;
      nanos[2] += t3 - t2;
      nanos[3] += t4 - t3;
      nanos[4] += t5 - t4;
    }
    return bars;
  }
}
