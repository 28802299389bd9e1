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

  private VectorFloatEntropy() {}

  static int lanes() {
    return LANES;
  }

  static boolean supported() {
    return LANES == 8 || LANES == 16;
  }

  static double mixtureEntropyNats(float[] p, float[] q, int end) {
    return LANES == 16 ? sixteenLanes(p, q, end) : eightLanes(p, q, end);
  }

  // As in VectorEntropy, the logarithm is written out in both loops rather than called: C2 would compile a hot
  // helper apart and box the vectors it returns.

  private static double sixteenLanes(float[] p, float[] q, int end) {
    FloatVector partial = FloatVector.zero(SPECIES);
    int blocks = (end + 15) & ~15; // past end both rows are zero (or padding): those terms are -0.0 and change nothing
    for (int k = 0; k < blocks; k += 16) {
      FloatVector m = FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k)).mul(0.5f);
      IntVector bits = m.reinterpretAsInts();
      IntVector e = bits.sub(FloatMixtureEntropy.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
      FloatVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
      FloatVector s = f.div(f.add(2f));
      FloatVector z = s.mul(s);
      FloatVector poly = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C3).fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C2))
          .fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C1))
          .fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C0));
      FloatVector ek = (FloatVector) e.convert(VectorOperators.I2F, 0);
      FloatVector log = ek.fma(FloatVector.broadcast(SPECIES, FloatMixtureEntropy.LN2), s.mul(z).fma(poly, s.add(s)));
      partial = partial.sub(m.mul(log));
    }
    float[] out = new float[16];
    partial.intoArray(out, 0);
    return FloatMixtureEntropy.fold(out);
  }

  private static double eightLanes(float[] p, float[] q, int end) {
    FloatVector low = FloatVector.zero(SPECIES); // partials 0..7
    FloatVector high = FloatVector.zero(SPECIES); // partials 8..15
    int blocks = (end + 15) & ~15;
    for (int k = 0; k < blocks; k += 8) {
      FloatVector m = FloatVector.fromArray(SPECIES, p, k).add(FloatVector.fromArray(SPECIES, q, k)).mul(0.5f);
      IntVector bits = m.reinterpretAsInts();
      IntVector e = bits.sub(FloatMixtureEntropy.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
      FloatVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
      FloatVector s = f.div(f.add(2f));
      FloatVector z = s.mul(s);
      FloatVector poly = FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C3).fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C2))
          .fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C1))
          .fma(z, FloatVector.broadcast(SPECIES, FloatMixtureEntropy.C0));
      FloatVector ek = (FloatVector) e.convert(VectorOperators.I2F, 0);
      FloatVector log = ek.fma(FloatVector.broadcast(SPECIES, FloatMixtureEntropy.LN2), s.mul(z).fma(poly, s.add(s)));
      FloatVector updated = low.sub(m.mul(log));
      low = high;
      high = updated;
    }
    float[] out = new float[16];
    low.intoArray(out, 0);
    high.intoArray(out, 8);
    return FloatMixtureEntropy.fold(out);
  }
}
