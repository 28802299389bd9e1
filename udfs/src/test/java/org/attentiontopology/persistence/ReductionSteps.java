package org.attentiontopology.persistence;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Locale;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.persistence.bench.LongDocuments;
import org.attentiontopology.persistence.bench.PersistenceBench;

/**
 * Where the engine's time goes on one of the benchmarks' matrices, H1, one thread: thread cpu time
 * of each step of {@link RipsPersistence#compute} (the filtration below the enclosing radius, the
 * collapse, H0 with the apparent pairs of the edges, the reduction) and the reduction's prefix
 * entries and regenerations, for each prefix budget given (0 is Ripser's way), with the bars of
 * each checked against the first's (and a hash of them, to compare builds). {@code
 * -DwholeCoboundaries=true} generates the coboundaries of dimension 1 whole instead of walking them
 * lazily, and {@code -Dcollapse=always|never} overrides the engine's choice of collapsing ({@link
 * EngineSteps#collapses}). Not a test; a profiling aid:
 *
 * <pre>
 * java -cp udfs/target/attention-topology-udfs-0.1.0-SNAPSHOT.jar:udfs/target/attention-topology-udfs-0.1.0-SNAPSHOT-tests.jar \
 *   org.attentiontopology.persistence.ReductionSteps broad|causal|banded POINTS [REPEATS [BUDGET,BUDGET...]]
 * </pre>
 */
public final class ReductionSteps {
  private ReductionSteps() {}

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private static double cpu() {
    return MX.getCurrentThreadCpuTime() / 1e9;
  }

  public static void main(String[] args) {
    String kind = args[0];
    int n = Integer.parseInt(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    long[] budgets = {PrefixMemory.SHARED.free()};
    if (args.length > 3) {
      budgets = java.util.Arrays.stream(args[3].split(",")).mapToLong(Long::parseLong).toArray();
    }
    DistanceMatrix d =
        switch (kind) {
          case "broad" -> PersistenceBench.attentionMatrix(n, 20261123L + n);
          case "causal" ->
              JensenShannon.distanceMatrix(LongDocuments.causalRows(n, 3), LogBase.TWO);
          case "banded" -> LongDocuments.banded(n, LongDocuments.WINDOW, 2);
          default -> throw new IllegalArgumentException("kind: broad, causal or banded");
        };
    for (int r = 0; r < repeats; r++) {
      double t0 = cpu();
      double radius = RipsPersistence.enclosingRadius(d);
      RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
      double t1 = cpu();
      int before = f.edgesInOrder().length;
      boolean pays = EngineSteps.collapses(f);
      if (pays) {
        f = f.collapsed(1, true);
      }
      double t2 = cpu();
      long[] columns = RipsPersistence.zeroDimensional(f, new ArrayList<>());
      double t3 = cpu();
      System.out.printf(
          Locale.ROOT,
          "%s %d points: filtration %.3f s, collapse %.3f s (%b: %d -> %d edges), H0 %.3f s (%d"
              + " columns)%n",
          kind,
          n,
          t1 - t0,
          t2 - t1,
          pays,
          before,
          f.edgesInOrder().length,
          t3 - t2,
          columns.length);
      PersistenceDiagram first = null;
      for (long budget : budgets) {
        CohomologyReduction reduction =
            new CohomologyReduction(
                f,
                CohomologyReduction.Settings.budget(
                    budget,
                    Integer.getInteger("prefix", CohomologyReduction.PREFIX),
                    !Boolean.getBoolean("wholeCoboundaries")));
        PersistenceDiagram.Builder bars = new PersistenceDiagram.Builder(1);
        double s = cpu();
        reduction.reduce(columns, 1, new PivotTable(columns.length), bars);
        double e = cpu();
        PersistenceDiagram diagram = bars.build();
        first = first == null ? diagram : first;
        System.out.printf(
            Locale.ROOT,
            "  budget %d: reduction %.3f s, %d prefix entries, %d regenerations, %d bars (hash"
                + " %08x), as the first: %b%n",
            budget,
            e - s,
            reduction.prefixEntries(),
            reduction.regenerations(),
            diagram.size(),
            diagram.hashCode(),
            diagram.equals(first));
      }
    }
  }
}
