package org.attentiontopology.heads;

import org.attentiontopology.divergence.FloatMixtureEntropy;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.divergence.MixtureEntropy;
import org.attentiontopology.divergence.VectorSupport;

/**
 * One example's head-distance sums, fast paths: {@link HeadDistanceContribution#of} (the double
 * kernel, which reproduces {@link HeadDistanceContribution#ofReference} to rounding) and {@link
 * HeadDistanceContribution#ofFloat} (the mixture entropies in single precision, each token's
 * divergence guarded).
 *
 * <p>Loop order: token outermost, then head pairs. For one token the rows of all heads (72 x T, 74
 * KB at T = 128 as doubles) are prepared once and stay in L2 while every pair reads them, where the
 * head-pair-outermost reference streams the whole example (9 MB as doubles) through the cache for
 * each pair. Each pair's sums still add the tokens in ascending order, as the reference does. The
 * logarithms are vectorised and cut at the end of the union of the two rows' supports (causal
 * attention).
 *
 * <p>The guard of single precision: where {@link FloatMixtureEntropy#errorBound} could exceed
 * {@link HeadDistanceContribution#FLOAT_RELATIVE_ERROR} of the single-precision JS, that token's JS
 * is recomputed in double. So every term of the sums (a token's JS and its square root) is within
 * that relative error of the exact one, and so is every sum. Why single precision is the default
 * for head distances: they cost H(H - 1) / 2 * T^2 logarithms per example (47 million for MiniLM's
 * 72 heads at 135 tokens), the largest share of the analysis, and single precision cuts the cost of
 * each to under half (16 lanes instead of 8, no division). Head distances feed clustering,
 * embeddings and the head cloud's persistence, where a relative 1e-4 is far below what moves a
 * result. Between distinct heads a token's JS is rarely small: on MiniLM over the bench corpus
 * under half a percent of the (token, head pair) terms are recomputed (scripts/bench-pipeline
 * prints the share).
 *
 * <p>Deterministic: both kernels give the same bits in every JVM, so tables do not depend on
 * partitioning.
 */
final class FastHeadDistanceContribution {
  private FastHeadDistanceContribution() {}

  /**
   * The guarded terms eight (or four) at a time ({@link VectorPairTerms}); touched only with the
   * Vector API.
   */
  private static final boolean VECTOR_TERMS = VectorSupport.available();

  /**
   * The sums of one example from its heads [head][from][to]; heads already checked by the caller.
   * With {@code knownEntropies} ([head][token], or null) the rows' entropies are read instead of
   * computed, and in single precision a row is widened to doubles only if one of its pairs needs
   * the double kernel.
   */
  static HeadDistanceContribution.Sums of(
      float[][][] byHead, int tokens, LogBase base, boolean single, double[][] knownEntropies) {
    if (knownEntropies != null
        && (knownEntropies.length != byHead.length
            || (byHead.length > 0 && knownEntropies[0].length != tokens))) {
      throw new IllegalArgumentException(
          "row entropies are "
              + knownEntropies.length
              + " x "
              + (knownEntropies.length == 0 ? 0 : knownEntropies[0].length)
              + ", attention has "
              + byHead.length
              + " heads of "
              + tokens
              + " rows");
    }
    boolean lazyWide = single && knownEntropies != null;
    int total = byHead.length;
    double[] distance = new double[HeadDistanceContribution.pairCount(total)];
    double[] divergence = new double[distance.length];
    float[][] padded = new float[total][];
    double[][] wide = new double[total][];
    int[] end = new int[total];
    double[] entropy = new double[total];
    int[] widenedAt = new int[total]; // the token whose row wide[i] holds, with lazyWide
    double[] mixtures = new double[total]; // single precision: H(m) of row i with each row j < i
    double[] terms =
        new double
            [total]; // single precision: FloatMixtureEntropy.termsPerPartial of each row's end
    int[] failed = new int[total]; // single precision: the js of row i whose guard failed
    for (int t = 0; t < tokens; t++) {
      int length = byHead[0][t].length;
      int paddedLength = MixtureEntropy.paddedLength(length);
      for (int i = 0; i < total; i++) {
        float[] row = byHead[i][t];
        if (row.length != length) {
          throw new IllegalArgumentException(
              "distributions have different lengths: " + length + " and " + row.length);
        }
        if (wide[i] == null || wide[i].length != paddedLength) {
          wide[i] = new double[paddedLength];
          padded[i] = single ? new float[paddedLength] : null;
        }
        if (single) {
          FloatMixtureEntropy.pad(row, padded[i]);
        }
        end[i] = MixtureEntropy.supportEnd(row);
        terms[i] = FloatMixtureEntropy.termsPerPartial(end[i]);
        if (lazyWide) {
          widenedAt[i] = -1;
          entropy[i] = knownEntropies[i][t];
        } else {
          MixtureEntropy.widen(row, wide[i]);
          if (single && knownEntropies == null) {
            requireSumAtMostTwo(wide[i], length, i, t);
          }
          entropy[i] =
              knownEntropies != null
                  ? knownEntropies[i][t]
                  : MixtureEntropy.entropyNats(wide[i], end[i]);
        }
      }
      if (single) {
        singlePairs(
            byHead,
            t,
            padded,
            wide,
            end,
            entropy,
            lazyWide,
            widenedAt,
            mixtures,
            base,
            distance,
            divergence,
            terms,
            failed);
      } else {
        doublePairs(wide, end, entropy, base, distance, divergence);
      }
    }
    return new HeadDistanceContribution.Sums(distance, divergence, tokens);
  }

  // The two pair loops are separate methods so that each is compiled for its own kernel: a run uses
  // one of them.

  /** Token t's terms in single precision, guarded (see the class comment). */
  private static void singlePairs(
      float[][][] byHead,
      int t,
      float[][] padded,
      double[][] wide,
      int[] end,
      double[] entropy,
      boolean lazyWide,
      int[] widenedAt,
      double[] mixtures,
      LogBase base,
      double[] distance,
      double[] divergence,
      double[] terms,
      int[] failed) {
    int k = 0;
    for (int i = 0; i < padded.length; i++) {
      FloatMixtureEntropy.mixtureEntropiesNats(padded[i], end[i], padded, end, i, mixtures);
      // The guard and the kept terms: whole vectors of pairs at a time where the Vector API is
      // present (the same
      // operations as the loop below), the rest one by one; the pairs the guard refuses are
      // recomputed in double.
      int vectorised = VECTOR_TERMS ? i - i % VectorPairTerms.lanes() : 0;
      int failures =
          vectorised == 0
              ? 0
              : VectorPairTerms.addGuarded(
                  mixtures,
                  vectorised,
                  entropy[i],
                  entropy,
                  terms[i],
                  terms,
                  base.fromNats(1.0),
                  distance,
                  divergence,
                  k,
                  failed);
      for (int j = vectorised; j < i; j++) {
        double hm = mixtures[j];
        double nats = hm - 0.5 * (entropy[i] + entropy[j]);
        if (HeadDistanceContribution.singlePrecisionSuffices(hm, nats, Math.max(end[i], end[j]))) {
          add(nats, k + j, base, distance, divergence);
        } else {
          failed[failures++] = j;
        }
      }
      for (int f = 0; f < failures; f++) {
        int j = failed[f];
        if (lazyWide) {
          widen(byHead, t, i, wide, widenedAt);
          widen(byHead, t, j, wide, widenedAt);
        }
        double nats =
            MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], Math.max(end[i], end[j]))
                - 0.5 * (entropy[i] + entropy[j]);
        add(nats, k + j, base, distance, divergence);
      }
      k += i;
    }
  }

  /** Token t's terms by the double kernel. */
  private static void doublePairs(
      double[][] wide,
      int[] end,
      double[] entropy,
      LogBase base,
      double[] distance,
      double[] divergence) {
    int k = 0;
    for (int i = 0; i < wide.length; i++) {
      for (int j = 0; j < i; j++) {
        double hm = MixtureEntropy.mixtureEntropyNats(wide[i], wide[j], Math.max(end[i], end[j]));
        add(hm - 0.5 * (entropy[i] + entropy[j]), k++, base, distance, divergence);
      }
    }
  }

  /** One token's term of pair k, clamped at 0 against rounding. */
  private static void add(
      double nats, int k, LogBase base, double[] distance, double[] divergence) {
    double clamped = Math.max(0.0, nats);
    divergence[k] += clamped;
    distance[k] += Math.sqrt(base.fromNats(clamped));
  }

  /**
   * Single precision bounds its error only for rows that sum to at most 2 ({@link
   * FloatMixtureEntropy#errorBound}): a row that does not (or holds a NaN) is refused rather than
   * summed with a guard that cannot hold.
   */
  private static void requireSumAtMostTwo(double[] row, int length, int head, int token) {
    double sum = 0;
    for (int k = 0; k < length; k++) {
      sum += row[k];
    }
    if (!(sum <= 2)) {
      throw new IllegalArgumentException(
          "head "
              + head
              + ", row "
              + token
              + " sums to "
              + sum
              + ": single-precision "
              + "head distances (divergence.head-precision = float) bound their error only for rows that sum to at most "
              + "2, as attention rows (sum 1) do; check the attention, or use double precision "
              + "(HeadDistanceContribution.of, divergence.head-precision = double)");
    }
  }

  private static void widen(float[][][] byHead, int t, int i, double[][] wide, int[] widenedAt) {
    if (widenedAt[i] != t) {
      MixtureEntropy.widen(byHead[i][t], wide[i]);
      widenedAt[i] = t;
    }
  }
}
