package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * Edge collapse of a flag filtration (Boissonnat and Pritam 2020; the backward sweep of Glisse and
 * Pritam 2022): an edge uv is dominated at time t by a vertex c when c is adjacent to u, v and to
 * every common neighbour of u and v in the graph at time t; the flag complex then collapses onto
 * the one without uv, so removing uv changes no homology. Sweeping the edges from the last to the
 * first, each edge is either kept at its time, delayed to the first later time at which no vertex
 * dominates it any more, or removed when that never comes; the flag filtration of what is left has
 * the same persistence diagrams in every dimension and usually far fewer edges (near-duplicate
 * attention rows give many dominated edges), so the reduction has far fewer simplices to walk.
 *
 * <p>Times are the filtration's ranks. The graph at the sweep's time is kept as one bitset of
 * neighbours per vertex (itself included), so the common neighbours of an edge are a few word ANDs
 * and a domination test is a subset test that stops at the first word that fails, its candidates
 * read off the link's words. Only an edge found dominated looks at later times, in the rank matrix,
 * and only at the vertices that edges not removed join to both ends; where its dominator fails at
 * one of them, the next is sought with the bitsets of now, which every later graph contains. The
 * sweep also lists the edges it leaves, so the collapsed filtration's order costs one sort of those
 * rather than a scan of the rank matrix.
 */
final class EdgeCollapse {
  private EdgeCollapse() {}

  /**
   * Below this many edges (about 2,900 points, all of them within the threshold) the collapse does
   * not pay for H1 alone: with the apparent pairs of edges read off a bitset graph ({@link
   * ZeroPivotApexes}) and short prefixes, the engine took less cpu without the collapse than with
   * it on every benchmark measured, MiniLM heads of 120 tokens (0.55 against 1.11 ms a head with
   * the collapse), softmax rows of 256 to 1024 points (1024: 0.91 against 1.83 s), causal rows of
   * 1024 points and banded rows of 4096 points (0.87 against 2.04 s).
   */
  static final int NEVER_BELOW = 1 << 22;

  /**
   * Below this many edges the collapse always pays for H2: it removes triangles and tetrahedra as
   * well as edges (softmax rows of 128 points: 0.024 s against 0.067 s without).
   */
  static final int ALWAYS_BELOW_FOR_H2 = 1 << 16;

  /** Edges sampled by {@link #pays}. */
  static final int SAMPLES = 1024;

  /**
   * The least share of sampled edges dominated at their own time for which the collapse pays.
   * Measured on the benchmark's matrices: 0.47-0.67 for softmax rows of 128-1024 points and 0.98
   * for banded rows, where it pays; 0.38 for causal rows of 1024 points, where the sweep's tests of
   * the many edges it keeps cost more than the reduction saves.
   */
  static final double PAYS_FROM = 0.42;

  /**
   * Whether collapsing is likely to save more than it costs, from the share of {@link #SAMPLES}
   * edges, evenly spaced in filtration order, that a vertex dominates at their own time in the
   * uncollapsed graph (the sweep's first test of each edge). A guess about speed only: the diagrams
   * are the same either way.
   *
   * @param edges the edges in filtration order, {@code u << 16 | v} each
   * @param top the highest dimension computed
   */
  static boolean pays(int[] rank, int n, int[] edges, int top) {
    if (top >= 2 && edges.length < ALWAYS_BELOW_FOR_H2) {
      return true;
    }
    return (top >= 2 || edges.length >= NEVER_BELOW) && dominatedShare(rank, n, edges) >= PAYS_FROM;
  }

  /** The share of sampled edges dominated at their own time (see {@link #pays}). */
  static double dominatedShare(int[] rank, int n, int[] edges) {
    int m = edges.length;
    int[] link = new int[n];
    int dominated = 0;
    for (int s = 0; s < SAMPLES; s++) {
      int e = edges[(int) ((long) m * s / SAMPLES)];
      int u = e >>> 16;
      int v = e & 0xffff;
      int t = rank[u * n + v];
      int count = 0;
      for (int w = 0; w < n; w++) {
        if (w != u && w != v && rank[u * n + w] <= t && rank[v * n + w] <= t) {
          link[count++] = w;
        }
      }
      if (dominatorAt(rank, n, link, count, t) >= 0) {
        dominated++;
      }
    }
    return (double) dominated / SAMPLES;
  }

  /**
   * The rank matrix after the collapse: kept edges at their rank, delayed ones at a later rank,
   * removed ones (and those beyond the threshold) at {@code absent}.
   *
   * @param rank ranks of the edges, n * n, both triangles; {@code absent} or more for an edge not
   *     in the graph
   * @param absent the rank standing for "no edge"
   */
  static int[] collapse(int[] rank, int n, int absent) {
    int[] edges = RipsFiltration.orderOf(rank, n, absent);
    int[] edgeRanks = new int[edges.length];
    for (int e = 0; e < edges.length; e++) {
      edgeRanks[e] = rank[(edges[e] >>> 16) * n + (edges[e] & 0xffff)];
    }
    return collapse(rank, n, absent, edges, edgeRanks).rank();
  }

  /**
   * The graph after a collapse: its rank matrix ({@code absent} where an edge went) and the edges
   * left, {@code u << 16 | v}, in filtration order (rank, then decreasing index) with their ranks.
   */
  record Collapsed(int[] rank, int[] order, int[] orderRanks) {}

  /**
   * The same, given the edges below {@code absent} in filtration order, each as {@code u << 16 |
   * v}, and their ranks in that order (read in order: looked up in the rank matrix, edge by edge,
   * they would cost a cache miss each).
   */
  static Collapsed collapse(int[] rank, int n, int absent, int[] edges, int[] edgeRanks) {
    int words = (n + 63) >>> 6;
    long[] adjacency = new long[n * words];
    int[] degree = new int[n];
    for (int u = 0; u < n; u++) {
      adjacency[u * words + (u >>> 6)] |= 1L << u;
      degree[u] = 1;
    }
    int m = edges.length;
    for (int e = 0; e < m; e++) {
      int u = edges[e] >>> 16;
      int v = edges[e] & 0xffff;
      adjacency[u * words + (v >>> 6)] |= 1L << v;
      adjacency[v * words + (u >>> 6)] |= 1L << u;
      degree[u]++;
      degree[v]++;
    }
    // The edges not removed so far, at any time: where a later neighbour may come from. Most edges
    // of attention go, and scanning only the survivors keeps the look at later times short.
    long[] present = adjacency.clone();
    int[] out = rank.clone();
    long[] common = new long[words];
    long[] later = new long[n];
    int[] keptAtSweep = new int[2 * 16];
    int kept = 0;
    // The edges left, keyed by rank and then complemented index, as orderOf keys them; a fraction
    // of the edges at first (a collapse keeps 3-50% of them), grown when more are left.
    long[] left = new long[Math.min(m, 1024 + m / 8)];
    int leftCount = 0;
    int sweep = Integer.MAX_VALUE;
    for (int e = m - 1; e >= 0; e--) {
      int t = edgeRanks[e];
      int u = edges[e] >>> 16;
      int v = edges[e] & 0xffff;
      if (t < sweep) {
        // Edges kept at the previous time leave the graph of earlier times.
        for (int k = 0; k < kept; k += 2) {
          unlink(adjacency, degree, words, keptAtSweep[k], keptAtSweep[k + 1]);
        }
        kept = 0;
        sweep = t;
      }
      int count = 0;
      for (int w = 0; w < words; w++) {
        long bits = adjacency[u * words + w] & adjacency[v * words + w];
        if (w == (u >>> 6)) {
          bits &= ~(1L << u);
        }
        if (w == (v >>> 6)) {
          bits &= ~(1L << v);
        }
        common[w] = bits;
        count += Long.bitCount(bits);
      }
      int dominator = dominatorNow(adjacency, degree, words, common, count);
      if (dominator < 0) {
        if (kept + 2 > keptAtSweep.length) {
          keptAtSweep = Arrays.copyOf(keptAtSweep, keptAtSweep.length * 2);
        }
        keptAtSweep[kept++] = u;
        keptAtSweep[kept++] = v;
        left = room(left, leftCount);
        left[leftCount++] = RipsFiltration.orderKey(t, u, v);
        continue;
      }
      // Dominated now: leave the graph of this time, and find the first later time at which no
      // vertex dominates.
      unlink(adjacency, degree, words, u, v);
      int laterCount = 0;
      int rowU = u * n;
      int rowV = v * n;
      for (int word = 0; word < words; word++) {
        long bits = present[u * words + word] & present[v * words + word] & ~common[word];
        while (bits != 0) {
          int w = (word << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          int joins = Math.max(out[rowU + w], out[rowV + w]);
          if (joins > t && joins < absent && w != u && w != v) {
            later[laterCount++] = (long) joins << 32 | w;
          }
        }
      }
      Arrays.sort(later, 0, laterCount);
      int time = t;
      int next = 0;
      boolean removed = false;
      while (true) {
        // The dominator stays one while each vertex joining the link is its neighbour by then.
        boolean stillDominated = true;
        do {
          if (next == laterCount) {
            removed = true;
            break;
          }
          time = (int) (later[next] >>> 32);
          while (next < laterCount && (int) (later[next] >>> 32) == time) {
            int w = (int) later[next] & 0xffff;
            if (out[dominator * n + w] > time) {
              stillDominated = false;
            }
            next++;
          }
        } while (stillDominated);
        if (removed) {
          break;
        }
        dominator = dominatorLater(out, n, adjacency, words, common, later, next, time);
        if (dominator < 0) {
          break;
        }
      }
      if (removed) {
        present[u * words + (v >>> 6)] &= ~(1L << v);
        present[v * words + (u >>> 6)] &= ~(1L << u);
      }
      int r = removed ? absent : time;
      out[u * n + v] = r;
      out[v * n + u] = r;
      if (!removed) {
        left = room(left, leftCount);
        left[leftCount++] = RipsFiltration.orderKey(time, u, v);
      }
    }
    Arrays.sort(left, 0, leftCount);
    int[] order = new int[leftCount];
    int[] orderRanks = new int[leftCount];
    RipsFiltration.decodeOrder(left, leftCount, order, orderRanks);
    return new Collapsed(out, order, orderRanks);
  }

  /**
   * A vertex of the link ({@code common}, {@code count} vertices) adjacent to all of it in the
   * graph of the sweep's time, else -1. The candidates are read off the link's words, not listed:
   * most edges find a dominator among the first few. The word that refuted the last candidate is
   * tested first: a link member few vertices reach refutes most candidates.
   */
  private static int dominatorNow(
      long[] adjacency, int[] degree, int words, long[] common, int count) {
    int refuting = 0;
    for (int cw = 0; cw < words; cw++) {
      for (long candidates = common[cw]; candidates != 0; candidates &= candidates - 1) {
        int c = (cw << 6) + Long.numberOfTrailingZeros(candidates);
        if (degree[c] < count) {
          continue; // its closed neighbourhood cannot hold the link
        }
        int base = c * words;
        if ((common[refuting] & ~adjacency[base + refuting]) != 0) {
          continue;
        }
        boolean holds = true;
        for (int w = 0; w < words; w++) {
          if ((common[w] & ~adjacency[base + w]) != 0) {
            refuting = w;
            holds = false;
            break;
          }
        }
        if (holds) {
          return c;
        }
      }
    }
    return -1;
  }

  /**
   * A vertex of the link at a later {@code time} adjacent to all of it by then, else -1: that link
   * is the link now ({@code common}) and the vertices that joined it since ({@code later[0 ..
   * joined)}, vertex in the low bits). An edge of the graph now is there at every later time, so a
   * candidate's adjacency now clears most of the link at once and only the members it misses now
   * are looked up in the rank matrix. As in {@link #dominatorNow}, the member that refuted the last
   * candidate is tried first.
   */
  private static int dominatorLater(
      int[] out,
      int n,
      long[] adjacency,
      int words,
      long[] common,
      long[] later,
      int joined,
      int time) {
    int refuting = -1;
    // Candidates: the link now, word by word (k < 0), then each vertex that joined since.
    for (int k = -words; k < joined; k++) {
      long bits = k < 0 ? common[k + words] : 1L;
      for (; bits != 0; bits &= bits - 1) {
        int c =
            k < 0 ? ((k + words) << 6) + Long.numberOfTrailingZeros(bits) : (int) later[k] & 0xffff;
        int row = c * n;
        if (refuting >= 0 && refuting != c && out[row + refuting] > time) {
          continue;
        }
        int refuter = -1;
        int base = c * words;
        for (int w = 0; w < words && refuter < 0; w++) {
          for (long missing = common[w] & ~adjacency[base + w];
              missing != 0;
              missing &= missing - 1) {
            int x = (w << 6) + Long.numberOfTrailingZeros(missing);
            if (out[row + x] > time) {
              refuter = x;
              break;
            }
          }
        }
        for (int j = 0; j < joined && refuter < 0; j++) {
          int x = (int) later[j] & 0xffff;
          if (x != c && out[row + x] > time) {
            refuter = x;
          }
        }
        if (refuter < 0) {
          return c;
        }
        refuting = refuter;
      }
    }
    return -1;
  }

  /**
   * A vertex of the link adjacent to all of it by the given time, in the rank matrix, else -1. As
   * in {@link #dominatorNow}, the member that refuted the last candidate is tried first.
   */
  private static int dominatorAt(int[] out, int n, int[] members, int count, int time) {
    if (count == 0) {
      return -1;
    }
    int refuting = members[0];
    for (int i = 0; i < count; i++) {
      int c = members[i];
      int row = c * n;
      if (refuting != c && out[row + refuting] > time) {
        continue;
      }
      boolean holds = true;
      for (int j = 0; j < count && holds; j++) {
        int x = members[j];
        holds = x == c || out[row + x] <= time;
        if (!holds) {
          refuting = x;
        }
      }
      if (holds) {
        return c;
      }
    }
    return -1;
  }

  /** The array, or a copy twice as long when it is full at {@code count}. */
  private static long[] room(long[] a, int count) {
    return count < a.length ? a : Arrays.copyOf(a, 2 * a.length);
  }

  private static void unlink(long[] adjacency, int[] degree, int words, int u, int v) {
    adjacency[u * words + (v >>> 6)] &= ~(1L << v);
    adjacency[v * words + (u >>> 6)] &= ~(1L << u);
    degree[u]--;
    degree[v]--;
  }
}
