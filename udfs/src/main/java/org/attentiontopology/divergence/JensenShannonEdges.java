package org.attentiontopology.divergence;

import java.util.Objects;
import org.attentiontopology.persistence.EdgeLengths;

/**
 * Jensen-Shannon distances (or divergences) between the rows of one attention head, computed pair
 * by pair on demand, each with a lower bound from the squared Hellinger distance (one matrix
 * product for all pairs, no logarithm). {@link FastJensenShannon} fills the whole matrix from
 * {@link #length}; H0 alone needs only a minimum spanning tree, and {@link
 * org.attentiontopology.persistence.ZeroDimensionalPersistence#compute(EdgeLengths, double)} asks
 * for a length only where the bound leaves it in doubt, with the same diagram to the bit.
 *
 * <p>Why the bound holds for the computed numbers: JS >= log 2 * H^2 ({@link SquaredHellinger}).
 * The bound uses 0.6931 < log 2 and subtracts 1e-12 nats, far more than the rounding of either side
 * (both are sums of T terms of size at most log T, computed to a few ulp each: about 1e-14 at T =
 * 512), so it stays below the divergence as computed, not only the true one. With the Vector API,
 * SquaredHellinger's Gram matrix is taken in float, whose rounding (up to 1e-5 of it) the 1e-12
 * would not cover; {@link FloatHellinger} subtracts a proven bound of that error itself, so what
 * reaches this class is again H^2 up to double roundings.
 */
public final class JensenShannonEdges implements EdgeLengths {
  /**
   * log 2 rounded down, so that the bound's factor is safely below the constant of the inequality.
   */
  private static final double LOG2_BELOW = 0.6931;

  /** Absolute slack in nats against rounding; see the class comment. */
  private static final double SLACK_NATS = 1e-12;

  private final int n;
  private final float[][] rows;

  /**
   * The rows zero-padded as floats for the single-precision kernel, made at the first refinement.
   */
  private float[][] single;

  /**
   * Scratch of {@link #refinedLowerBounds}: the rows and support ends of the edges asked, n of
   * each.
   */
  private float[][] asked;

  private int[] askedEnds;
  private final double[][] wide;
  private final int length;

  /**
   * The Hellinger keys of every pair ({@link #lowerBoundKeys}), made when first asked: the full
   * matrix needs none.
   */
  private double[] keys;

  private final int[] end;
  private final double[] entropy;
  private final LogBase base;
  private final boolean squareRoot;
  private long lengthsComputed;
  private long refinements;

  private final Workspace workspace;

  /** Which of the workspace's instances this is: only the latest may use its buffers. */
  private final int generation;

  /**
   * The largest buffers of an instance (the widened rows, the single-precision rows, the Hellinger
   * triangle and the float Gram's transposed roots: about 390 KB for a head of 135 tokens), kept
   * for the next instance: H0 of an example builds one instance per head, one after another, and
   * allocating these afresh for each head cost the H0 stage a tenth of its time in zeroing and page
   * faults (scripts/bench-pipeline). An instance built on a workspace is valid until the next
   * instance is built on the same workspace; a workspace serves one thread.
   */
  public static final class Workspace {
    private double[][] wide = new double[0][];
    private float[][] single = new float[0][];
    private double[] triangle = new double[0];
    private float[] transposed = new float[0];

    /** Instances built on this workspace so far; the latest owns the buffers. */
    private int generation;

    /** The Hellinger bounds' triangle for n points, at least n (n - 1) / 2 values. */
    double[] triangle(int n) {
      int size = n * (n - 1) / 2;
      if (triangle.length < size) {
        triangle = new double[size];
      }
      return triangle;
    }

    /** The float Gram's scratch for n rows of {@code length} (see SquaredHellinger). */
    float[] transposed(int n, int length) {
      int size = SquaredHellinger.scratchLength(n, length);
      if (transposed.length < size) {
        transposed = new float[size];
      }
      return transposed;
    }

    /** Exactly n rows of the padded length, zero from {@code length} on. */
    double[][] wide(int n, int length) {
      int padded = MixtureEntropy.paddedLength(length);
      if (wide.length != n || (n > 0 && wide[0].length != padded)) {
        wide = new double[n][padded];
      }
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(wide[i], length, padded, 0.0);
      }
      return wide;
    }

    float[][] single(int n, int length) {
      int padded = MixtureEntropy.paddedLength(length);
      if (single.length != n || (n > 0 && single[0].length != padded)) {
        single = new float[n][padded];
      }
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(single[i], length, padded, 0f);
      }
      return single;
    }
  }

  /**
   * @param rows the head's attention rows, all of one length, each a probability vector
   * @param squareRoot distances (the square root of the divergence, a metric) rather than
   *     divergences
   */
  public JensenShannonEdges(float[][] rows, LogBase base, boolean squareRoot) {
    this(rows, base, squareRoot, null);
  }

  /**
   * The same on the buffers of {@code workspace} (see {@link Workspace}); null allocates this
   * instance's own.
   */
  public JensenShannonEdges(float[][] rows, LogBase base, boolean squareRoot, Workspace workspace) {
    this.n = rows.length;
    this.rows = rows;
    this.base = base;
    this.squareRoot = squareRoot;
    this.workspace = workspace;
    this.generation = workspace == null ? 0 : ++workspace.generation;
    this.length = n == 0 ? 0 : rows[0].length;
    for (int i = 1; i < n; i++) {
      if (rows[i].length != rows[0].length) {
        throw new IllegalArgumentException(
            "distributions have different lengths: " + rows[0].length + " and " + rows[i].length);
      }
    }
    this.wide =
        workspace != null
            ? workspace.wide(n, length)
            : new double[n][MixtureEntropy.paddedLength(length)];
    this.end = new int[n];
    this.entropy = new double[n];
    for (int i = 0; i < n; i++) {
      MixtureEntropy.widen(rows[i], wide[i]);
      end[i] = MixtureEntropy.supportEnd(rows[i]);
      entropy[i] = MixtureEntropy.entropyNats(wide[i], end[i]);
    }
  }

  @Override
  public int size() {
    return n;
  }

  /**
   * JS = H(m) - (H(p) + H(q)) / 2 in the base, square-rooted when asked; where that difference is
   * so small that the entropies' rounding could reach {@link #RELATIVE_ACCURACY} of it
   * (near-identical rows), the divergence is summed again without cancellation ({@link
   * CancellationFreeDivergence}).
   */
  @Override
  public double length(int i, int j) {
    requireOwnBuffers();
    lengthsComputed++;
    int pairEnd = Math.max(end[i], end[j]);
    return lengthOfMixture(i, j, MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], pairEnd));
  }

  /**
   * {@link #length}(i, j) for every j < i, into {@code into[offset + j]}, the same bits: all the
   * mixture entropies of the row first, in one tight loop of the kernel, then the lengths from
   * them.
   */
  public void lengthsToEarlierRows(int i, double[] into, int offset) {
    requireOwnBuffers();
    lengthsComputed += i;
    MixtureEntropy.mixtureEntropiesNats(wide[i], end[i], wide, end, i, into, offset);
    for (int j = 0; j < i; j++) {
      into[offset + j] = lengthOfMixture(i, j, into[offset + j]);
    }
  }

  /**
   * The length of pair (i, j) from its mixture entropy in nats: H(m) - (H(p) + H(q)) / 2 in the
   * base, square-rooted when asked; where that difference is so small that the entropies' rounding
   * could reach {@link #RELATIVE_ACCURACY} of it (near-identical rows), the divergence is summed
   * again without cancellation ({@link CancellationFreeDivergence}).
   */
  private double lengthOfMixture(int i, int j, double hm) {
    int pairEnd = Math.max(end[i], end[j]);
    double rows = 0.5 * (entropy[i] + entropy[j]);
    double nats = hm - rows;
    // Multiplied rather than divided by the accuracy: the divider is the entropy loop's bottleneck.
    if (nats * RELATIVE_ACCURACY <= entropyFormError(hm + rows, pairEnd)) {
      nats = CancellationFreeDivergence.divergenceNats(wide[i], wide[j], pairEnd);
    }
    double divergence = Math.max(0.0, base.fromNats(nats));
    return squareRoot ? Math.sqrt(divergence) : divergence;
  }

  /**
   * Relative accuracy of every divergence (and so of every distance, whose error is half as large).
   */
  static final double RELATIVE_ACCURACY = 1e-9;

  /**
   * A bound on the rounding of H(m) - (H(p) + H(q)) / 2 in nats, given H(m) + (H(p) + H(q)) / 2 and
   * the number of elements: each term -m log m within 4 ulps of its size (the logarithm's 2, the
   * products') plus one ulp of m (a term near m = 1 is tiny while its rounding is not), and the
   * sixteen partial sums of {@link MixtureEntropy} adding at most end / 16 + 4 roundings of the
   * total; the terms' m sum to at most 2 over the three entropies.
   */
  static double entropyFormError(double entropies, int end) {
    return 0x1p-52 * ((end / 16.0 + 8) * entropies + 4);
  }

  @Override
  public double lowerBound(int i, int j) {
    Objects.checkIndex(i, n);
    Objects.checkIndex(j, n);
    if (i == j) {
      return 0.0;
    }
    double[] keys = lowerBoundKeys();
    return boundOfKey(i > j ? keys[i * (i - 1) / 2 + j] : keys[j * (j - 1) / 2 + i]);
  }

  /**
   * A later instance on the same workspace has overwritten the buffers this one reads: refused
   * rather than answered with another head's numbers.
   */
  private void requireOwnBuffers() {
    if (workspace != null && workspace.generation != generation) {
      throw new IllegalStateException(
          "this JensenShannonEdges shares its Workspace with an instance built after it, "
              + "which now holds the buffers; give each instance that is still in use its own workspace (or none)");
    }
  }

  /**
   * The squared Hellinger divergences between the rows, each less its rounding bound ({@link
   * SquaredHellinger}), pair (i, j), j < i, at i (i - 1) / 2 + j; the bound of a pair is {@link
   * #boundOfKey} of its key.
   */
  @Override
  public double[] lowerBoundKeys() {
    requireOwnBuffers();
    if (keys == null) {
      double[] h =
          workspace == null
              ? SquaredHellinger.lowerTriangle(wide, length)
              : SquaredHellinger.lowerTriangle(
                  wide, length, workspace.triangle(n), workspace.transposed(n, length));
      requireFinite(h);
      keys = h;
    }
    return keys;
  }

  /**
   * A key whose bound reaches {@code length}, a few ulps above the least such key: {@link
   * #boundOfKey} inverted, then stepped up (by steps that double) until the bound as computed does
   * reach it. Bounds never decrease with the key (each operation is monotone and correctly
   * rounded), so every larger key's bound reaches it too.
   */
  @Override
  public double keyAtLeast(double length) {
    if (!(length > 0.0)) {
      return Double.NEGATIVE_INFINITY; // every bound is at least 0
    }
    if (length == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    double divergence = squareRoot ? length * length : length;
    double key = (divergence / base.fromNats(1.0) + SLACK_NATS) / LOG2_BELOW;
    double step = Math.ulp(key);
    while (boundOfKey(key) < length) {
      key += step;
      step += step;
    }
    return key;
  }

  /**
   * JS >= log 2 * H^2, with log 2 rounded down and the rounding slack taken off, in the lengths'
   * units.
   */
  double boundOfKey(double squaredHellinger) {
    double divergence =
        Math.max(0.0, (LOG2_BELOW * squaredHellinger - SLACK_NATS) * base.fromNats(1.0));
    return squareRoot ? Math.sqrt(divergence) : divergence;
  }

  /**
   * Keys are finite for rows of finite non-negative numbers; a NaN or infinite key comes only from
   * rows that are not distributions, refused as a distance matrix refuses NaN entries. One pass of
   * four independent sums, which is far cheaper than a test per pair, finds out whether to look for
   * the pair.
   */
  private void requireFinite(double[] h) {
    int pairs = n * (n - 1) / 2; // a reused triangle may be longer
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < pairs; k += 4) {
      s0 += h[k];
      s1 += h[k + 1];
      s2 += h[k + 2];
      s3 += h[k + 3];
    }
    for (; k < pairs; k++) {
      s0 += h[k];
    }
    if (Double.isFinite(s0 + s1 + s2 + s3)) {
      return;
    }
    k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++, k++) {
        if (!Double.isFinite(h[k])) {
          throw new IllegalArgumentException(
              "the Hellinger bound between rows "
                  + i
                  + " and "
                  + j
                  + " is "
                  + h[k]
                  + "; the rows must be finite and non-negative");
        }
      }
    }
  }

  /**
   * Refined bounds from the single-precision kernel ({@link FloatMixtureEntropy}), w against all
   * the us in one call: JS_f - E, with E its proven error bound, in the lengths' units. Why they
   * stay below the lengths as computed: the exact JS is at least JS_f - E' with E' the true error,
   * and E exceeds E' by at least 8 2^-24 nats (the margin of {@link FloatMixtureEntropy#errorBound}
   * over its derivation), while the double kernel's value is within 1e-14 of the exact one; the
   * conversions after (base, clamp, square root) are monotone. Most of these bounds sit within a
   * few millionths of a nat of the length, so one or two lengths settle a point where the Hellinger
   * bounds left several in doubt.
   */
  @Override
  public void refinedLowerBounds(int w, int[] us, int count, double[] into) {
    requireOwnBuffers();
    if (single == null) {
      single =
          workspace != null
              ? workspace.single(n, length)
              : new float[n][MixtureEntropy.paddedLength(length)];
      for (int i = 0; i < n; i++) {
        FloatMixtureEntropy.pad(rows[i], single[i]);
      }
      asked = new float[n][];
      askedEnds = new int[n];
    }
    for (int c = 0; c < count; c++) {
      asked[c] = single[us[c]];
      askedEnds[c] = end[us[c]];
    }
    FloatMixtureEntropy.mixtureEntropiesNats(single[w], end[w], asked, askedEnds, count, into);
    for (int c = 0; c < count; c++) {
      double hm = into[c];
      double nats =
          hm
              - 0.5 * (entropy[w] + entropy[us[c]])
              - FloatMixtureEntropy.errorBound(hm, Math.max(end[w], askedEnds[c]));
      double divergence = Math.max(0.0, base.fromNats(nats));
      into[c] = squareRoot ? Math.sqrt(divergence) : divergence;
    }
    refinements += count;
  }

  /**
   * How many single-precision refinements were computed so far (each costs a fraction of a length);
   * for benchmarks.
   */
  public long refinementsComputed() {
    return refinements;
  }

  /** How many lengths were computed so far (each costs a logarithm per element); for benchmarks. */
  public long lengthsComputed() {
    return lengthsComputed;
  }

  /**
   * Each row's entropy in nats, as {@link MixtureEntropy#entropyNats} computed it here: the head
   * distances of the same example take the same rows' entropies, so they need not compute them
   * again (same bits).
   */
  public double[] rowEntropiesNats() {
    return entropy.clone();
  }
}
