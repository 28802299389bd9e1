package org.attentiontopology.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Vietoris-Rips persistence barcodes over Z/2, exactly, by Ripser's algorithm (Bauer 2021):
 * persistent cohomology with clearing, the filtration never stored (simplices are long keys in the
 * combinatorial number system, their coboundaries generated on demand), apparent and emergent pairs
 * taken without reduction.
 *
 * <p>Simplices are ordered as Ripser orders them, by diameter and then by decreasing combinatorial
 * index, so the pairs, and not only the bars, are Ripser's. The bars of dimension >= 1 leave out
 * zero-length ones, as Ripser does; dimension 0 keeps all n bars, as {@link
 * ZeroDimensionalPersistence} does, with one essential bar per connected component at the
 * threshold. An essential class of dimension >= 1, possible below a threshold, dies at +infinity.
 *
 * <p>Without a threshold (or with one at or above it) the filtration stops just below the enclosing
 * radius R = min_i max_j d(i, j): at R one vertex is within reach of all the others, the complex is
 * a cone, and every class of dimension >= 1 still alive dies there, so the bars are the same while
 * the edges of length R and more are never generated. Base-2 Jensen-Shannon distances reach 1
 * exactly between rows with disjoint supports, so R is often 1 and many edges lie at it
 * (sliding-window attention); below R such a complex is sparse, and the filtration then walks each
 * vertex's neighbours rather than all vertices ({@link RipsFiltration}). Then the graph is
 * collapsed ({@link EdgeCollapse}): dominated edges are delayed or removed, which leaves every
 * diagram as it was and about half the edges of broad attention rows (far fewer for heads with
 * near-duplicate rows), so the reduction walks fewer cofacets, usually through neighbour lists.
 *
 * <p>An instance holds only its settings: {@link #compute} may be called from several threads at
 * once.
 */
public final class RipsPersistence {
  private final int maxDimension;
  private final double threshold;
  private final int threads;
  private final ReductionProgress progress;

  /** Persistence in dimensions 0 to {@code maxDimension}, of the whole filtration. */
  public RipsPersistence(int maxDimension) {
    this(maxDimension, Double.POSITIVE_INFINITY);
  }

  /** Persistence of the filtration up to diameter {@code threshold} (inclusive). */
  public RipsPersistence(int maxDimension, double threshold) {
    this(maxDimension, threshold, 1);
  }

  /**
   * As {@link #RipsPersistence(int, double)}, using up to {@code threads} threads; the barcode does
   * not depend on the number of threads.
   */
  public RipsPersistence(int maxDimension, double threshold, int threads) {
    if (maxDimension < 0) {
      throw new IllegalArgumentException("maxDimension must be >= 0, got " + maxDimension);
    }
    if (Double.isNaN(threshold) || threshold < 0) {
      throw new IllegalArgumentException(
          "threshold must be >= 0 (or +Infinity for none), got " + threshold);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.maxDimension = maxDimension;
    this.threshold = threshold;
    this.threads = threads;
    this.progress = ReductionProgress.NONE;
  }

  private RipsPersistence(RipsPersistence settings, ReductionProgress progress) {
    this.maxDimension = settings.maxDimension;
    this.threshold = settings.threshold;
    this.threads = settings.threads;
    this.progress = progress;
  }

  /**
   * The same settings, telling {@code progress} how far each reduction is (for commands that run on
   * large matrices; the diagrams are the same).
   */
  public RipsPersistence reportingTo(ReductionProgress progress) {
    return new RipsPersistence(this, java.util.Objects.requireNonNull(progress, "progress"));
  }

  public int maxDimension() {
    return maxDimension;
  }

  public double threshold() {
    return threshold;
  }

  public int threads() {
    return threads;
  }

  /** One diagram per dimension 0 .. maxDimension, the list index being the dimension. */
  public List<PersistenceDiagram> compute(DistanceMatrix d) {
    return compute(d, true, true, true);
  }

  /**
   * The same with the exact shortcuts switchable, for tests that hold them to the plain
   * computation: the cut just below the enclosing radius (else the filtration includes it, as
   * Ripser's does), the neighbour walk and the edge collapse.
   */
  List<PersistenceDiagram> compute(
      DistanceMatrix d, boolean cutBelowCone, boolean neighbourLists, boolean collapse) {
    int n = d.size();
    List<PersistenceDiagram> diagrams = new ArrayList<>(maxDimension + 1);
    // No simplex of dimension n - 1 or more has a cofacet to die by, and H_k vanishes for k >= n -
    // 1.
    int top = Math.min(maxDimension, n - 2);
    if (top < 1) {
      diagrams.add(ZeroDimensionalPersistence.compute(d, threshold).diagram());
    } else {
      double radius = enclosingRadius(d);
      boolean cone = cutBelowCone && threshold >= radius;
      RipsFiltration f =
          cone
              ? new RipsFiltration(d, top, Math.nextDown(radius), radius, neighbourLists)
              : new RipsFiltration(
                  d, top, Math.min(threshold, radius), Double.POSITIVE_INFINITY, neighbourLists);
      if (collapse && f.collapsePays(top)) {
        f = f.collapsed(top, neighbourLists);
      }
      long[] columns = zeroDimensional(f, diagrams);
      long[] simplices = top >= 2 ? f.edgesInOrder() : null;
      for (int dim = 1; dim <= top; dim++) {
        PivotTable pivots = new PivotTable(columns.length);
        PersistenceDiagram.Builder bars = new PersistenceDiagram.Builder(dim);
        if (threads > 1) {
          new ParallelCohomologyReduction(f, threads, progress).reduce(columns, dim, pivots, bars);
        } else {
          new CohomologyReduction(f, CohomologyReduction.Settings.ENGINE, progress)
              .reduce(columns, dim, pivots, bars);
        }
        diagrams.add(bars.build());
        if (dim < top) {
          ColumnAssembly next =
              ColumnAssembly.assemble(f, simplices, dim, pivots, dim + 1 < top, threads);
          columns = next.columns();
          simplices = next.simplices();
        }
      }
    }
    while (diagrams.size() <= maxDimension) {
      diagrams.add(PersistenceDiagram.empty(diagrams.size()));
    }
    return diagrams;
  }

  /** min_i max_j d(i, j); +infinity for fewer than two points. */
  static double enclosingRadius(DistanceMatrix d) {
    int n = d.size();
    double[] rowMax = new double[n];
    double[] tri = d.triangle();
    for (int i = 1; i < n; i++) {
      // Row i of the triangle: its maximum in a register, the columns' maxima lane by lane (a loop
      // the compiler vectorises; one that also updated rowMax[i] in memory would not be).
      int row = i * (i - 1) / 2;
      double max = 0;
      for (int j = 0; j < i; j++) {
        double x = tri[row + j];
        max = Math.max(max, x);
        rowMax[j] = Math.max(rowMax[j], x);
      }
      rowMax[i] = max;
    }
    double r = Double.POSITIVE_INFINITY;
    for (double m : rowMax) {
      r = Math.min(r, m);
    }
    return n < 2 ? Double.POSITIVE_INFINITY : r;
  }

  /**
   * H0 by Kruskal's algorithm on the edges in filtration order: an edge joining two components
   * kills one (its length is a death; all births are 0), and what is left apart dies at the cone if
   * there is one; any other edge closes a cycle and is a column of the dimension-1 reduction,
   * unless it starts an apparent pair. Returns those columns in reduction order (reverse filtration
   * order).
   */
  static long[] zeroDimensional(RipsFiltration f, List<PersistenceDiagram> diagrams) {
    int n = f.n;
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    long[] edges = f.edgesInOrder();
    int[] ends = f.edgeVerticesInOrder();
    long[] columns = new long[edges.length];
    int count = 0;
    double[] births = new double[n];
    double[] deaths = new double[n];
    Arrays.fill(deaths, Double.POSITIVE_INFINITY);
    int merges = 0;
    ApparentPairs apparent = new ApparentPairs(f);
    for (int k = 0; k < edges.length; k++) {
      long e = edges[k];
      int u = find(parent, ends[k] >>> 16);
      int v = find(parent, ends[k] & 0xffff);
      if (u != v) {
        parent[Math.max(u, v)] = Math.min(u, v);
        deaths[merges++] = f.value(f.rankOf(e));
        continue;
      }
      if (!apparent.edgeStartsApparentPair(e, ends[k] >>> 16, ends[k] & 0xffff)) {
        columns[count++] = e;
      }
    }
    // Components still apart below the cone all join at it: its apex is within reach of every
    // vertex.
    if (f.cone < Double.POSITIVE_INFINITY) {
      for (int v = 0, roots = 0; v < n; v++) {
        if (find(parent, v) == v && roots++ > 0) {
          deaths[merges++] = f.cone;
        }
      }
    }
    diagrams.add(PersistenceDiagram.of(0, births, deaths));
    columns = Arrays.copyOf(columns, count);
    reverse(columns);
    return columns;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  static void reverse(long[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
