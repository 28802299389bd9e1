package org.attentiontopology.job.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The single-linkage dendrogram implied by an H0 persistence diagram: every finite H0 bar dies when
 * an edge (a, b) merges two clusters at height = death. Replaying the merges in order of height
 * with union-find gives the tree; its leaves in drawing order are the "order by cluster" of the
 * head-distance heatmap. Drawn like scipy's dendrogram: leaf k at x = k, every merge as a U from
 * its two children up to its height.
 */
public final class SingleLinkageDendrogram {
  /** One merge: the edge between points a and b joined their clusters at this height. */
  public record Merge(int a, int b, double height) {}

  /** Line segments (x0, y0) to (x1, y1) of the drawing. */
  public record Segment(double x0, double y0, double x1, double y1) {}

  private final int[] leafOrder;
  private final List<Segment> segments;

  private SingleLinkageDendrogram(int[] leafOrder, List<Segment> segments) {
    this.leafOrder = leafOrder;
    this.segments = segments;
  }

  /**
   * Builds the dendrogram of n points from their merges (at most n - 1; fewer leave separate trees
   * side by side).
   */
  public static SingleLinkageDendrogram fromMerges(int n, List<Merge> merges) {
    List<Merge> byHeight = new ArrayList<>(merges);
    byHeight.sort(Comparator.comparingDouble(Merge::height));
    // Nodes 0..n-1 are leaves; node n+k is the k-th merge.
    int nodes = n + byHeight.size();
    int[] left = new int[nodes];
    int[] right = new int[nodes];
    double[] height = new double[nodes];
    Arrays.fill(left, -1);
    Arrays.fill(right, -1);
    int[] parent = new int[n];
    int[] clusterNode = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      clusterNode[i] = i;
    }
    boolean[] isChild = new boolean[nodes];
    int made = 0;
    for (Merge m : byHeight) {
      check(m.a(), n);
      check(m.b(), n);
      int ra = find(parent, m.a());
      int rb = find(parent, m.b());
      if (ra == rb) {
        throw new IllegalArgumentException(
            "merge of points "
                + m.a()
                + " and "
                + m.b()
                + " at height "
                + m.height()
                + " joins a cluster with itself: the H0 merges are not a spanning forest");
      }
      int node = n + made++;
      left[node] = clusterNode[ra];
      right[node] = clusterNode[rb];
      height[node] = m.height();
      isChild[left[node]] = true;
      isChild[right[node]] = true;
      parent[rb] = ra;
      clusterNode[ra] = node;
    }
    int[] order = new int[n];
    double[] x = new double[nodes];
    int[] next = {0};
    List<Segment> segments = new ArrayList<>();
    for (int root = 0; root < n + made; root++) {
      if (!isChild[root]) {
        layout(root, n, left, right, height, order, x, next, segments);
      }
    }
    return new SingleLinkageDendrogram(order, segments);
  }

  /**
   * The merges of single linkage computed directly from a distance matrix (Kruskal), for runs whose
   * head_diagrams lack the merge columns.
   */
  public static List<Merge> mergesOf(double[][] d) {
    int n = d.length;
    List<Merge> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        edges.add(new Merge(i, j, d[i][j]));
      }
    }
    edges.sort(Comparator.comparingDouble(Merge::height));
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    List<Merge> out = new ArrayList<>();
    for (Merge e : edges) {
      int ra = find(parent, e.a());
      int rb = find(parent, e.b());
      if (ra != rb) {
        parent[rb] = ra;
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The flat clustering of single linkage cut into k clusters: the n - k lowest merges applied
   * (fewer if the merges are a forest of more than k trees). Cluster numbers run from 0 in the
   * order of each cluster's lowest point, so the same partition always gets the same numbers.
   */
  public static int[] clusters(int n, List<Merge> merges, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("a cut needs at least one cluster, got k = " + k);
    }
    List<Merge> byHeight = new ArrayList<>(merges);
    byHeight.sort(Comparator.comparingDouble(Merge::height));
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int m = 0; m < Math.min(byHeight.size(), Math.max(0, n - k)); m++) {
      Merge e = byHeight.get(m);
      check(e.a(), n);
      check(e.b(), n);
      int ra = find(parent, e.a());
      int rb = find(parent, e.b());
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    int[] label = new int[n];
    int[] byRoot = new int[n];
    Arrays.fill(byRoot, -1);
    int next = 0;
    for (int i = 0; i < n; i++) {
      int r = find(parent, i);
      if (byRoot[r] < 0) {
        byRoot[r] = next++;
      }
      label[i] = byRoot[r];
    }
    return label;
  }

  /**
   * Depth-first, iteratively (a chain of 144 merges would be deep, but an explicit stack costs
   * nothing).
   */
  private static void layout(
      int root,
      int n,
      int[] left,
      int[] right,
      double[] height,
      int[] order,
      double[] x,
      int[] next,
      List<Segment> segments) {
    Deque stack = new Deque(left.length * 2 + 2);
    stack.push(root, false);
    while (!stack.isEmpty()) {
      boolean expanded = stack.peekExpanded();
      int node = stack.pop();
      if (node < n) {
        order[next[0]] = node;
        x[node] = next[0]++;
      } else if (!expanded) {
        stack.push(node, true);
        stack.push(right[node], false);
        stack.push(left[node], false);
      } else {
        int l = left[node];
        int r = right[node];
        x[node] = (x[l] + x[r]) / 2.0;
        double h = height[node];
        double hl = l < n ? 0.0 : height[l];
        double hr = r < n ? 0.0 : height[r];
        segments.add(new Segment(x[l], hl, x[l], h));
        segments.add(new Segment(x[l], h, x[r], h));
        segments.add(new Segment(x[r], hr, x[r], h));
      }
    }
  }

  /** A tiny stack of (node, expanded) pairs. */
  private static final class Deque {
    private final int[] nodes;
    private final boolean[] expanded;
    private int size;

    Deque(int capacity) {
      nodes = new int[capacity];
      expanded = new boolean[capacity];
    }

    void push(int node, boolean isExpanded) {
      nodes[size] = node;
      expanded[size++] = isExpanded;
    }

    boolean peekExpanded() {
      return expanded[size - 1];
    }

    int pop() {
      return nodes[--size];
    }

    boolean isEmpty() {
      return size == 0;
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void check(int point, int n) {
    if (point < 0 || point >= n) {
      throw new IllegalArgumentException(
          "merge refers to point " + point + " but there are " + n + " points");
    }
  }

  /** The points (leaves) in drawing order: similar heads end up next to each other. */
  public int[] leafOrder() {
    return leafOrder.clone();
  }

  public List<Segment> segments() {
    return segments;
  }
}
