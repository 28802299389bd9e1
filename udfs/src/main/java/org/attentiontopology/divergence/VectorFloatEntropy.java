package org.attentiontopology.divergence;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link FloatMixtureEntropy#mixtureEntropyNats}: the same sixteen partial
 * sums and the same arithmetic lane by lane, so the same bits as the scalar form at 8 or 16 lanes.
 * Loaded only in a JVM with the module jdk.incubator.vector ({@link VectorSupport}).
 */
final class VectorFloatEntropy {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
  private static final int LANES = SPECIES.length();
  private static final FloatVector Q0 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q0);
  private static final FloatVector Q1 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q1);
  private static final FloatVector Q2 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q2);
  private static final FloatVector Q3 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q3);
  private static final FloatVector Q4 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q4);
  private static final FloatVector Q5 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q5);
  private static final FloatVector Q6 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.Q6);
  private static final FloatVector TWO = FloatVector.broadcast(SPECIES, 2f);

  private VectorFloatEntropy() {}

  static int lanes() {
    return LANES;
  }

  static boolean supported() {
    return LANES == 8 || LANES == 16;
  }

  /**
   * {@code out[j]} = the mixture entropy of p with {@code qs[j]} over max(endP, endQ[j]) elements,
   * j < count: one row against many in one call (the head distances' inner loop), so the call, the
   * scratch of the partial sums and the loop set-up are paid once per row rather than once per
   * pair.
   */
  static void mixtureEntropiesNats(
      float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    if (LANES == 16) {
      sixteenLanes(p, endP, qs, endQ, count, out);
    } else {
      eightLanes(p, endP, qs, endQ, count, out);
    }
  }

  // As in VectorEntropy, the logarithm is written out in both loops rather than called: C2 would
  // compile a hot
  // helper apart and box the vectors it returns. Past a pair's end both rows are zero (or padding):
  // those terms
  // are -0.0 and change nothing, so the loops run to whole blocks of 16.

  private static void sixteenLanes(
      float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    double[] pairs = new double[8];
    for (int j = 0; j < count; j++) {
      float[] q = qs[j];
      int blocks = (Math.max(endP, endQ[j]) + 15) & ~15;
      FloatVector partial = FloatVector.zero(SPECIES);
      for (int k = 0; k < blocks; k += 16) {
        FloatVector s =
            FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k));
        IntVector bits = s.reinterpretAsInts();
        IntVector e = bits.sub(FloatMixtureEntropy.CUT_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector f =
            bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(TWO);
        FloatVector poly = Q6.fma(f, Q5).fma(f, Q4).fma(f, Q3).fma(f, Q2).fma(f, Q1).fma(f, Q0);
        FloatVector log2 = f.fma(poly, (FloatVector) e.convert(VectorOperators.I2F, 0));
        partial = s.fma(log2, partial);
      }
      // d_r = partial r + partial r + 8 in two widening conversions and one addition rather than
      // sixteen scalar
      // conversions: a pair is only nine vectors at 135 tokens, so what follows the loop counts.
      DoubleVector low = (DoubleVector) partial.convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector high = (DoubleVector) partial.convertShape(VectorOperators.F2D, DOUBLES, 1);
      low.add(high).intoArray(pairs, 0);
      out[j] = FloatMixtureEntropy.fromPairs(pairs);
    }
  }

  private static void eightLanes(
      float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    float[] partials = new float[16];
    for (int j = 0; j < count; j++) {
      float[] q = qs[j];
      int blocks = (Math.max(endP, endQ[j]) + 15) & ~15;
      FloatVector low = FloatVector.zero(SPECIES); // partials 0..7
      FloatVector high = FloatVector.zero(SPECIES); // partials 8..15
      for (int k = 0; k < blocks; k += 8) {
        FloatVector s =
            FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k));
        IntVector bits = s.reinterpretAsInts();
        IntVector e = bits.sub(FloatMixtureEntropy.CUT_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector f =
            bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(TWO);
        FloatVector poly = Q6.fma(f, Q5).fma(f, Q4).fma(f, Q3).fma(f, Q2).fma(f, Q1).fma(f, Q0);
        FloatVector log2 = f.fma(poly, (FloatVector) e.convert(VectorOperators.I2F, 0));
        FloatVector updated = s.fma(log2, low);
        low = high;
        high = updated;
      }
      low.intoArray(partials, 0);
      high.intoArray(partials, 8);
      out[j] = FloatMixtureEntropy.fromPartials(partials);
    }
  }
}
