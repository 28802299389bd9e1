package org.attentiontopology.heads;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.attentiontopology.divergence.FloatMixtureEntropy;

/**
 * One row's terms of the single-precision head distances, lane by lane: for each j < count, the JS
 * from H(m), the guard of {@link HeadDistanceContribution#singlePrecisionSuffices}, and where it
 * holds the clamped divergence and its square root added to the pair's sums. The same IEEE
 * operations in the same order as the scalar loop of {@link FastHeadDistanceContribution} (which
 * takes the pairs past the last whole vector, and every pair in a JVM without the Vector API), so
 * the same bits and the same guard decisions (VectorSupportTest compares both forms in child JVMs
 * on heads that trip the guard). Loaded only in a JVM with the module jdk.incubator.vector.
 *
 * <p>Why: after the kernel, each of the 345,000 (token, head pair) terms of a MiniLM example took a
 * guard, a clamp, a square root and two read-modify-writes one at a time; eight at a time they cost
 * a fraction of that.
 */
final class VectorPairTerms {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final double RHO = HeadDistanceContribution.FLOAT_RELATIVE_ERROR;

  private VectorPairTerms() {}

  /** The pairs one call takes at a time: {@code count} must be a multiple of this. */
  static int lanes() {
    return LANES;
  }

  /**
   * Adds the terms of pairs (i, j), j < count (a multiple of {@link #lanes}), at {@code distance[k
   * + j]} and {@code divergence[k + j]} where the guard keeps them; writes the other js to {@code
   * failed} and returns how many, for the caller to recompute in double.
   *
   * @param mixtures H(m) of row i with each row j, in nats (single-precision kernel)
   * @param entropyI row i's entropy in nats; {@code entropy[j]} the others'
   * @param termsI {@link FloatMixtureEntropy#termsPerPartial} of row i's end; {@code terms[j]} the
   *     others'
   */
  static int addGuarded(
      double[] mixtures,
      int count,
      double entropyI,
      double[] entropy,
      double termsI,
      double[] terms,
      double fromNats,
      double[] distance,
      double[] divergence,
      int k,
      int[] failed) {
    int failures = 0;
    DoubleVector hi = DoubleVector.broadcast(SPECIES, entropyI);
    DoubleVector ti = DoubleVector.broadcast(SPECIES, termsI);
    for (int j = 0; j < count; j += LANES) {
      DoubleVector hm = DoubleVector.fromArray(SPECIES, mixtures, j);
      DoubleVector nats = hm.sub(hi.add(DoubleVector.fromArray(SPECIES, entropy, j)).mul(0.5));
      // errorBound(hm, max(n_i, n_j)) (1 + rho) <= rho JS, as FloatMixtureEntropy.errorBound orders
      // it.
      DoubleVector n = ti.max(DoubleVector.fromArray(SPECIES, terms, j));
      DoubleVector bound =
          n.add(3)
              .mul(hm.max(0.0))
              .add(8)
              .mul(FloatMixtureEntropy.UNIT_ROUNDOFF)
              .add(FloatMixtureEntropy.LOG2_TERM);
      VectorMask<Double> kept = bound.mul(1 + RHO).compare(VectorOperators.LE, nats.mul(RHO));
      DoubleVector clamped = nats.max(0.0);
      DoubleVector root = clamped.mul(fromNats).lanewise(VectorOperators.SQRT);
      int at = k + j;
      if (kept.allTrue()) {
        DoubleVector.fromArray(SPECIES, divergence, at).add(clamped).intoArray(divergence, at);
        DoubleVector.fromArray(SPECIES, distance, at).add(root).intoArray(distance, at);
      } else {
        for (int lane = 0; lane < LANES; lane++) {
          if (kept.laneIsSet(lane)) {
            divergence[at + lane] += clamped.lane(lane);
            distance[at + lane] += root.lane(lane);
          } else {
            failed[failures++] = j + lane;
          }
        }
      }
    }
    return failures;
  }
}
