package org.attentiontopology.divergence;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link FloatMixtureEntropy#mixtureEntropyNats}: the same sixteen partial sums and the same
 * arithmetic lane by lane, so the same bits as the scalar form at 8 or 16 lanes. Loaded only in a JVM with the
 * module jdk.incubator.vector ({@link VectorSupport}).
 */
final class VectorFloatEntropy {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final FloatVector C0 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C0);
  private static final FloatVector C1 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C1);
  private static final FloatVector C2 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C2);
  private static final FloatVector C3 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C3);
  private static final FloatVector LN2 = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.LN2);

  private VectorFloatEntropy() {}

  static int lanes() {
    return LANES;
  }

  static boolean supported() {
    return LANES == 8 || LANES == 16;
  }

  /**
   * {@code out[j]} = the mixture entropy of p with {@code qs[j]} over max(endP, endQ[j]) elements, j < count: one
   * row against many in one call (the head distances' inner loop), so the call, the scratch of the partial sums
   * and the loop set-up are paid once per row rather than once per pair.
   */
  static void mixtureEntropiesNats(float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    if (LANES == 16) {
      sixteenLanes(p, endP, qs, endQ, count, out);
    } else {
      eightLanes(p, endP, qs, endQ, count, out);
    }
  }

  // As in VectorEntropy, the logarithm is written out in both loops rather than called: C2 would compile a hot
  // helper apart and box the vectors it returns. Past a pair's end both rows are zero (or padding): those terms
  // are -0.0 and change nothing, so the loops run to whole blocks of 16.

  private static void sixteenLanes(float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    float[] partials = new float[16];
    for (int j = 0; j < count; j++) {
      float[] q = qs[j];
      int blocks = (Math.max(endP, endQ[j]) + 15) & ~15;
      FloatVector partial = FloatVector.zero(SPECIES);
      for (int k = 0; k < blocks; k += 16) {
        FloatVector m = FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k)).mul(0.5f);
        IntVector bits = m.reinterpretAsInts();
        IntVector e = bits.sub(FloatMixtureEntropy.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector poly = C3.fma(z, C2).fma(z, C1).fma(z, C0);
        FloatVector ek = (FloatVector) e.convert(VectorOperators.I2F, 0);
        FloatVector log = ek.fma(LN2, s.mul(z).fma(poly, s.add(s)));
        partial = partial.sub(m.mul(log));
      }
      partial.intoArray(partials, 0);
      out[j] = FloatMixtureEntropy.fold(partials);
    }
  }

  private static void eightLanes(float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    float[] partials = new float[16];
    for (int j = 0; j < count; j++) {
      float[] q = qs[j];
      int blocks = (Math.max(endP, endQ[j]) + 15) & ~15;
      FloatVector low = FloatVector.zero(SPECIES); // partials 0..7
      FloatVector high = FloatVector.zero(SPECIES); // partials 8..15
      for (int k = 0; k < blocks; k += 8) {
        FloatVector m = FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k)).mul(0.5f);
        IntVector bits = m.reinterpretAsInts();
        IntVector e = bits.sub(FloatMixtureEntropy.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector poly = C3.fma(z, C2).fma(z, C1).fma(z, C0);
        FloatVector ek = (FloatVector) e.convert(VectorOperators.I2F, 0);
        FloatVector log = ek.fma(LN2, s.mul(z).fma(poly, s.add(s)));
        FloatVector updated = low.sub(m.mul(log));
        low = high;
        high = updated;
      }
      low.intoArray(partials, 0);
      high.intoArray(partials, 8);
      out[j] = FloatMixtureEntropy.fold(partials);
    }
  }
}
