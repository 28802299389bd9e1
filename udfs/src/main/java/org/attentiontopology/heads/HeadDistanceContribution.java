package org.attentiontopology.heads;

import org.attentiontopology.divergence.FloatMixtureEntropy;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.persistence.DistanceMatrix;

/**
 * One example's contribution to the distances between attention heads (Clark et al. 2019, section
 * 6): for heads Hi and Hj, the sum over the example's tokens of sqrt(JS(Hi(token), Hj(token))),
 * where Hi(token) is the token's attention row in head i. Summed over a corpus this is D(Hi, Hj), a
 * metric on heads because the JS distance is one. The plain JS divergence in nats (Clark et al.'s
 * own sum) is accumulated alongside.
 *
 * <p>Heads are numbered layer * heads + head. Pairs (i > j) sit at i * (i - 1) / 2 + j, the layout
 * of {@link DistanceMatrix}, so the totals are directly a Rips input.
 */
public final class HeadDistanceContribution {
  private HeadDistanceContribution() {}

  /**
   * The largest relative error of any term (a token's JS divergence, and so its square root) of
   * {@link #ofFloat}'s sums against the exact value; see {@link FastHeadDistanceContribution}.
   */
  public static final double FLOAT_RELATIVE_ERROR = 1e-4;

  /**
   * The guard of {@link #ofFloat}: whether a token's single-precision JS may be kept. {@code
   * mixtureNats} is {@link FloatMixtureEntropy#mixtureEntropyNats}'s value over {@code end}
   * elements and {@code divergenceNats} the JS taken from it. Kept only when the error bound E
   * satisfies E (1 + rho) <= rho JS: then the exact JS is at least E / rho, so the error is at most
   * rho = {@link #FLOAT_RELATIVE_ERROR} times the exact value.
   */
  public static boolean singlePrecisionSuffices(
      double mixtureNats, double divergenceNats, int end) {
    return FloatMixtureEntropy.errorBound(mixtureNats, end) * (1 + FLOAT_RELATIVE_ERROR)
        <= FLOAT_RELATIVE_ERROR * divergenceNats;
  }

  /** Number of head pairs for a model of the given number of heads in all. */
  public static int pairCount(int totalHeads) {
    return totalHeads * (totalHeads - 1) / 2;
  }

  /** The sums of one example. */
  public record Sums(double[] jsDistance, double[] jsDivergenceNats, int tokens) {}

  /**
   * Computes one example's sums from its attention [layer][head][from][to] (T x T rows that sum to
   * 1). The JS divergence is taken in the given base before the square root; entropies are computed
   * once per row so that each element costs one logarithm, summed by {@link
   * org.attentiontopology.divergence.MixtureEntropy}: vectorised where the JVM has the Vector API,
   * and the same bits where it does not.
   */
  public static Sums of(float[][][][] attention, LogBase base) {
    return of(attention, base, null);
  }

  /**
   * As {@link #of(float[][][][], LogBase)}, with the rows' entropies already known: {@code
   * rowEntropiesNats[head][t]} (head = layer * heads + head) the entropy in nats of token t's row
   * as {@link org.attentiontopology.divergence.MixtureEntropy#entropyNats} computes it (e.g. {@link
   * org.attentiontopology.divergence.JensenShannonEdges#rowEntropiesNats}), or null. The result is
   * the same to the bit; only the work is saved.
   */
  public static Sums of(float[][][][] attention, LogBase base, double[][] rowEntropiesNats) {
    float[][][] byHead = byHead(attention);
    int tokens = byHead.length == 0 ? 0 : byHead[0].length;
    return FastHeadDistanceContribution.of(byHead, tokens, base, false, rowEntropiesNats);
  }

  /**
   * The same sums with the mixture entropies in single precision, each token's JS within {@link
   * #FLOAT_RELATIVE_ERROR} of the exact one (recomputed in double where single precision cannot
   * promise that): about three times faster than {@link #of} on MiniLM (scripts/bench-pipeline
   * prints the ratio). Same bits in every JVM. Every row must sum to at most 2, as attention rows
   * (sum 1) do: the error bound holds only there, so a row that does not, or holds a NaN, is
   * refused with the head and row named.
   */
  public static Sums ofFloat(float[][][][] attention, LogBase base) {
    return ofFloat(attention, base, null);
  }

  /**
   * As {@link #ofFloat(float[][][][], LogBase)} with the rows' entropies known (see {@link
   * #of(float[][][][], LogBase, double[][])}). The rows are then taken as checked by the caller, as
   * the job checks every example's rows (they must sum to 1) before any kernel sees them.
   */
  public static Sums ofFloat(float[][][][] attention, LogBase base, double[][] rowEntropiesNats) {
    float[][][] byHead = byHead(attention);
    int tokens = byHead.length == 0 ? 0 : byHead[0].length;
    return FastHeadDistanceContribution.of(byHead, tokens, base, true, rowEntropiesNats);
  }

  /**
   * The heads of all layers in one array, numbered layer * heads + head, each with the same number
   * of rows.
   */
  private static float[][][] byHead(float[][][][] attention) {
    int layers = attention.length;
    int heads = layers == 0 ? 0 : attention[0].length;
    int total = layers * heads;
    float[][][] byHead = new float[total][][];
    for (int l = 0; l < layers; l++) {
      if (attention[l].length != heads) {
        throw new IllegalArgumentException(
            "layer " + l + " has " + attention[l].length + " heads, layer 0 has " + heads);
      }
      for (int h = 0; h < heads; h++) {
        byHead[l * heads + h] = attention[l][h];
      }
    }
    for (int i = 1; i < total; i++) {
      if (byHead[i].length != byHead[0].length) {
        throw new IllegalArgumentException(
            "head " + i + " has " + byHead[i].length + " rows, head 0 has " + byHead[0].length);
      }
    }
    return byHead;
  }

  /**
   * The same sums by the straightforward scalar loop (head pairs outermost, {@link Math#log} per
   * element): the documented reference of the fast path, which tests and scripts/bench-pipeline
   * compare it against.
   */
  public static Sums ofReference(float[][][][] attention, LogBase base) {
    float[][][] byHead = byHead(attention);
    int total = byHead.length;
    int tokens = total == 0 ? 0 : byHead[0].length;
    double[][] entropy = new double[total][tokens];
    for (int i = 0; i < total; i++) {
      if (byHead[i].length != tokens) {
        throw new IllegalArgumentException(
            "head " + i + " has " + byHead[i].length + " rows, head 0 has " + tokens);
      }
      for (int t = 0; t < tokens; t++) {
        entropy[i][t] = JensenShannon.entropyNats(byHead[i][t]);
      }
    }
    double[] distance = new double[pairCount(total)];
    double[] divergence = new double[distance.length];
    int k = 0;
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < i; j++) {
        double d = 0.0;
        double js = 0.0;
        for (int t = 0; t < tokens; t++) {
          double nats =
              Math.max(
                  0.0,
                  JensenShannon.divergenceNats(
                      byHead[i][t], entropy[i][t], byHead[j][t], entropy[j][t]));
          js += nats;
          d += Math.sqrt(base.fromNats(nats));
        }
        distance[k] = d;
        divergence[k] = js;
        k++;
      }
    }
    return new Sums(distance, divergence, tokens);
  }
}
