package org.attentiontopology.heads;

import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.divergence.MixtureEntropy;

/**
 * One example's head-distance sums, fast path (the default of {@link HeadDistanceContribution#of}); the reference
 * is {@link HeadDistanceContribution#ofReference}, whose results it reproduces to rounding.
 *
 * <p>Loop order: token outermost, then head pairs. For one token the rows of all heads (72 x T doubles, 74 KB at
 * T = 128) are widened once and stay in L2 while every pair reads them, where the head-pair-outermost reference
 * streams the whole example (9 MB as doubles) through the cache for each pair. Each pair's sums still add the
 * tokens in ascending order, as the reference does. The logarithms are vectorised by {@link MixtureEntropy} and cut
 * at the end of the union of the two rows' supports (causal attention).
 */
public final class FastHeadDistanceContribution {
  private FastHeadDistanceContribution() {}

  /** The sums of one example from its attention [layer][head][from][to]; heads already checked by the caller. */
  static HeadDistanceContribution.Sums of(float[][][] byHead, int tokens, LogBase base) {
    int total = byHead.length;
    double[] distance = new double[HeadDistanceContribution.pairCount(total)];
    double[] divergence = new double[distance.length];
    double[][] wide = new double[total][];
    int[] end = new int[total];
    double[] entropy = new double[total];
    for (int t = 0; t < tokens; t++) {
      for (int i = 0; i < total; i++) {
        float[] row = byHead[i][t];
        if (row.length != byHead[0][t].length) {
          throw new IllegalArgumentException("distributions have different lengths: " + byHead[0][t].length
              + " and " + row.length);
        }
        if (wide[i] == null || wide[i].length != MixtureEntropy.paddedLength(row.length)) {
          wide[i] = new double[MixtureEntropy.paddedLength(row.length)];
        }
        MixtureEntropy.widen(row, wide[i]);
        end[i] = MixtureEntropy.supportEnd(row);
        entropy[i] = MixtureEntropy.entropyNats(wide[i], end[i]);
      }
      int k = 0;
      for (int i = 0; i < total; i++) {
        for (int j = 0; j < i; j++) {
          double hm = MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], Math.max(end[i], end[j]));
          double nats = Math.max(0.0, hm - 0.5 * (entropy[i] + entropy[j]));
          divergence[k] += nats;
          distance[k] += Math.sqrt(base.fromNats(nats));
          k++;
        }
      }
    }
    return new HeadDistanceContribution.Sums(distance, divergence, tokens);
  }
}
