package org.attentiontopology.persistence;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two passes over all pairs of {@link SpanningTreeFromBounds} in the Java Vector API: the
 * guessed tree and the search for pairs in doubt. Loaded only when the incubator module is present
 * (see {@link SpanningTreeFromBounds#VECTOR}); the scalar forms there give the same answers.
 *
 * <p>Both read the keys' lower triangle row by row, so each vector is a run of consecutive keys;
 * the scalar forms that walk the points (Prim's tree, a merge's two runs of the dendrogram) cost a
 * mispredicted branch or a dependent load per pair, which was most of the time H0 took.
 */
final class VectorSpanningTree {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  private static final int LANES = DOUBLES.length();

  /**
   * The low bits of a packed edge that hold its far end; the key keeps the 36 bits of mantissa
   * above them.
   */
  static final long END_BITS = 0xFFFF;

  /**
   * The bits of a key that a packed edge keeps: all but the sign and the low 16. Without the sign a
   * key is read as its magnitude, and magnitudes order as their bits do; keys below zero are
   * Hellinger bounds of rows a rounding error apart, which a guessed tree may take in any order.
   */
  private static final long KEY_BITS = Long.MAX_VALUE & ~END_BITS;

  private VectorSpanningTree() {}

  /** Whether the preferred shapes of doubles and longs match, as the packed passes need. */
  static boolean supported() {
    return LONGS.length() == LANES && LANES >= 2;
  }

  /**
   * A spanning tree of the keys by Boruvka's rounds: each round finds, for every component, its
   * shortest edge to another component, in one pass over the triangle, and joins along those edges.
   * Not necessarily the tree of least keys (keys are compared with the low 16 bits of their
   * mantissa replaced by the far end, and equal packed values go to the first found), which no step
   * after needs: any spanning tree is verified or mended.
   *
   * <p>An edge is packed into a long: the bits of its key less the sign (see {@link #KEY_BITS}),
   * with the low 16 bits holding the far end. The minimum of packed values is then the shortest
   * edge together with where it goes, one vector minimum with no comparison mask to carry the
   * index.
   *
   * @return the tree's n - 1 edges, {@code a[e]}-{@code b[e]}
   */
  static void boruvka(double[] keys, int[] rowStart, int n, int[] a, int[] b) {
    int[] root = new int[n];
    long[] component = new long[n];
    long[] best = new long[n]; // per point, the packed shortest edge to another component
    long[] componentBest = new long[n];
    int[] componentFrom = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    LongVector none = LongVector.broadcast(LONGS, Long.MAX_VALUE);
    LongVector lanes = LongVector.zero(LONGS).addIndex(1);
    int edges = 0;
    while (edges < n - 1) {
      for (int i = 0; i < n; i++) {
        component[i] = SpanningTreeFromBounds.find(root, i);
        best[i] = Long.MAX_VALUE;
        componentBest[i] = Long.MAX_VALUE;
      }
      for (int i = 1; i < n; i++) {
        int base = rowStart[i];
        long ci = component[i];
        LongVector own = LongVector.broadcast(LONGS, ci);
        LongVector towardI = LongVector.broadcast(LONGS, i);
        LongVector rowBest = none;
        int j = 0;
        for (; j + LANES <= i; j += LANES) {
          LongVector bits =
              DoubleVector.fromArray(DOUBLES, keys, base + j).reinterpretAsLongs().and(KEY_BITS);
          // Long.MAX_VALUE where j is in i's component, 0 elsewhere, by arithmetic rather than a
          // comparison mask
          // (masks and blends cost several times as much in Java 17): labels differ iff their xor
          // is positive.
          LongVector inside =
              LongVector.fromArray(LONGS, component, j)
                  .lanewise(VectorOperators.XOR, own)
                  .sub(1)
                  .lanewise(VectorOperators.ASHR, 63)
                  .lanewise(VectorOperators.LSHR, 1);
          rowBest = rowBest.min(bits.or(lanes.add(j)).or(inside));
          LongVector.fromArray(LONGS, best, j).min(bits.or(towardI).or(inside)).intoArray(best, j);
        }
        long rowMin = rowBest.reduceLanes(VectorOperators.MIN);
        for (; j < i; j++) {
          if (component[j] != ci) {
            long bits = Double.doubleToRawLongBits(keys[base + j]) & KEY_BITS;
            rowMin = Math.min(rowMin, bits | j);
            best[j] = Math.min(best[j], bits | i);
          }
        }
        best[i] = Math.min(best[i], rowMin);
      }
      for (int i = 0; i < n; i++) {
        int c = (int) component[i];
        if (best[i] < componentBest[c]) {
          componentBest[c] = best[i];
          componentFrom[c] = i;
        }
      }
      int joined = 0;
      for (int c = 0; c < n; c++) {
        if (componentBest[c] != Long.MAX_VALUE) {
          int from = componentFrom[c];
          int to = (int) (componentBest[c] & END_BITS);
          int rf = SpanningTreeFromBounds.find(root, from);
          int rt = SpanningTreeFromBounds.find(root, to);
          if (rf != rt) {
            root[rf] = rt;
            a[edges] = from;
            b[edges] = to;
            edges++;
            joined++;
          }
        }
      }
      if (joined == 0) {
        throw new AssertionError(
            "Boruvka's round joined nothing with " + (n - 1 - edges) + " edges to go");
      }
    }
  }

  /**
   * The pairs of row i whose key is below their heavy key ({@code keys[k] < heavy[k]}, k from
   * rowStart to rowStart + i): their columns j into {@code into}, in increasing order; returns how
   * many. Most vectors hold none and cost a comparison and a test.
   */
  static int doubtful(double[] keys, double[] heavy, int rowStart, int i, int[] into) {
    int count = 0;
    int j = 0;
    for (; j + LANES <= i; j += LANES) {
      VectorMask<Double> below =
          DoubleVector.fromArray(DOUBLES, keys, rowStart + j)
              .compare(VectorOperators.LT, DoubleVector.fromArray(DOUBLES, heavy, rowStart + j));
      if (below.anyTrue()) {
        for (int t = j; t < j + LANES; t++) {
          if (keys[rowStart + t] < heavy[rowStart + t]) {
            into[count++] = t;
          }
        }
      }
    }
    for (; j < i; j++) {
      if (keys[rowStart + j] < heavy[rowStart + j]) {
        into[count++] = j;
      }
    }
    return count;
  }
}
