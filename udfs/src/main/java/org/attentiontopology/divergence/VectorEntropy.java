package org.attentiontopology.divergence;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link MixtureEntropy#mixtureEntropyNats}: the same sixteen partial sums,
 * the same {@link ReproducibleLog} arithmetic lane by lane and the same final order, so it returns
 * the same bits as the scalar form at 4 or 8 lanes. Only {@link MixtureEntropy} calls it, and only
 * in a JVM that has the module jdk.incubator.vector ({@link VectorSupport}); this class must not be
 * loaded otherwise.
 *
 * <p>Why it pays: the entropy loops cost one logarithm per element and the logarithm is the whole
 * cost; eight lanes of polynomial arithmetic take about 0.45 ns per element where {@link Math#log}
 * takes about 5 (scripts/bench-pipeline prints the ratio on the machine at hand).
 */
final class VectorEntropy {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** 2^52 + 2^51: an integer n with |n| < 2^51 added to its bits gives the bits of MAGIC + n. */
  private static final double MAGIC = 0x1.8p52;

  private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

  /** The cut of {@link ReproducibleLog#logHalf}: the logarithm of m = (p + q) / 2 from p + q. */
  private static final long HALF_CUT_BITS =
      ReproducibleLog.SQRT_HALF_BITS + ReproducibleLog.EXPONENT_STEP;

  private VectorEntropy() {}

  /** The vector width in doubles (tests run child JVMs at 4 and 8). */
  static int lanes() {
    return LANES;
  }

  /** Whether this JVM's preferred width is one the kernel is written for (4 or 8 doubles). */
  static boolean supported() {
    return LANES == 4 || LANES == 8;
  }

  /**
   * -sum m log m over rows zero-padded to a multiple of 16, elements below {@code end}; see
   * MixtureEntropy.
   */
  static double mixtureEntropyNats(double[] p, double[] q, int end) {
    double[] pairs = new double[8];
    return LANES == 8 ? eightLanes(p, q, end, pairs) : fourLanes(p, q, end, pairs);
  }

  /**
   * {@code out[at + j]} = {@link #mixtureEntropyNats}(p, qs[j], max(endP, endQ[j])) for j < count,
   * the same bits, with one scratch array for the row: the full matrices' inner loop, where a
   * scratch allocated per pair (80 bytes, 8,000 times a head) was the kernel's only garbage.
   */
  static void mixtureEntropiesNats(
      double[] p, int endP, double[][] qs, int[] endQ, int count, double[] out, int at) {
    double[] pairs = new double[8];
    if (LANES == 8) {
      for (int j = 0; j < count; j++) {
        out[at + j] = eightLanes(p, qs[j], Math.max(endP, endQ[j]), pairs);
      }
    } else {
      for (int j = 0; j < count; j++) {
        out[at + j] = fourLanes(p, qs[j], Math.max(endP, endQ[j]), pairs);
      }
    }
  }

  // Partial sum r (r = 0..15) takes the elements k = r mod 16. The loop takes one vector of
  // elements per step, adds its terms (p + q) log m to the accumulator of their partials with one
  // fused multiply-add, then rotates the accumulators, so that after the 16 / LANES steps of a
  // block each is back in place: at eight lanes `low` holds partials 0..7 and `high` 8..15, at four
  // lanes a, b, c, d hold 0..3, 4..7, 8..11, 12..15. The sum is then halved and negated once
  // (both exact). The logarithm is written out inside the loop: as a method of its own, C2
  // compiled it apart once it grew hot and then refused to inline it (InlineSmallCode), which
  // boxed every DoubleVector it returned and made the loop three times slower.
  //
  // The loops stop at the first multiple of 8 past the end rather than of 16, with the same bits:
  // the rest of the block is zero padding, whose terms (+0 times a finite logarithm) add -0.0 and
  // change no partial, and stopping half a block early only swaps accumulators that the final
  // sums add pairwise (low with high; a with c, b with d). At 135 tokens that is 17 vectors of 8
  // instead of 18.

  private static double eightLanes(double[] p, double[] q, int end, double[] pairs) {
    DoubleVector low = DoubleVector.zero(SPECIES);
    DoubleVector high = DoubleVector.zero(SPECIES);
    DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
    double[] c = ReproducibleLog.C;
    int stop = (end + 7) & ~7;
    for (int k = 0; k < stop; k += 8) {
      DoubleVector sum =
          DoubleVector.fromArray(SPECIES, p, k).add(DoubleVector.fromArray(SPECIES, q, k));
      LongVector u = sum.viewAsIntegralLanes().reinterpretAsLongs().sub(HALF_CUT_BITS);
      LongVector e = u.lanewise(VectorOperators.ASHR, 52);
      DoubleVector f =
          u.and(ReproducibleLog.MANTISSA)
              .add(ReproducibleLog.SQRT_HALF_BITS)
              .reinterpretAsDoubles()
              .sub(1.0);
      DoubleVector s = f.div(f.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector poly = DoubleVector.broadcast(SPECIES, c[ReproducibleLog.DEGREE]);
      for (int i = ReproducibleLog.DEGREE - 1; i >= 0; i--) {
        poly = poly.fma(z, DoubleVector.broadcast(SPECIES, c[i]));
      }
      DoubleVector dk = (DoubleVector) e.convert(VectorOperators.L2D, 0);
      DoubleVector tail = s.mul(z).fma(poly, dk.mul(ReproducibleLog.LN2_LO));
      DoubleVector log =
          dk.fma(DoubleVector.broadcast(SPECIES, ReproducibleLog.LN2_HI), s.fma(two, tail));
      DoubleVector updated = sum.fma(log, low);
      low = high;
      high = updated;
    }
    // Lane r: partial r + partial r + 8, stored into the caller's scratch and added left to right
    // (lane() is not compiled to one instruction at 512 bits on JDK 17 and cost more than this
    // store).
    low.add(high).intoArray(pairs, 0);
    double sum = pairs[0];
    for (int r = 1; r < 8; r++) {
      sum += pairs[r];
    }
    return -0.5 * sum;
  }

  private static double fourLanes(double[] p, double[] q, int end, double[] pairs) {
    DoubleVector a = DoubleVector.zero(SPECIES);
    DoubleVector b = DoubleVector.zero(SPECIES);
    DoubleVector cc = DoubleVector.zero(SPECIES);
    DoubleVector d = DoubleVector.zero(SPECIES);
    DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
    double[] c = ReproducibleLog.C;
    int stop = (end + 7) & ~7;
    for (int k = 0; k < stop; k += 4) {
      DoubleVector sum =
          DoubleVector.fromArray(SPECIES, p, k).add(DoubleVector.fromArray(SPECIES, q, k));
      LongVector u = sum.viewAsIntegralLanes().reinterpretAsLongs().sub(HALF_CUT_BITS);
      LongVector e = u.lanewise(VectorOperators.ASHR, 52);
      DoubleVector f =
          u.and(ReproducibleLog.MANTISSA)
              .add(ReproducibleLog.SQRT_HALF_BITS)
              .reinterpretAsDoubles()
              .sub(1.0);
      DoubleVector s = f.div(f.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector poly = DoubleVector.broadcast(SPECIES, c[ReproducibleLog.DEGREE]);
      for (int i = ReproducibleLog.DEGREE - 1; i >= 0; i--) {
        poly = poly.fma(z, DoubleVector.broadcast(SPECIES, c[i]));
      }
      // e as a double without the long-to-double conversion, which AVX2 lacks (JDK 17 then ran this
      // loop in Java, three times slower): |e| < 2^11, so MAGIC's bits plus e are the bits of MAGIC
      // + e, and the difference is e exactly, the same bits as the conversion.
      DoubleVector dk = e.add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
      DoubleVector tail = s.mul(z).fma(poly, dk.mul(ReproducibleLog.LN2_LO));
      DoubleVector log =
          dk.fma(DoubleVector.broadcast(SPECIES, ReproducibleLog.LN2_HI), s.fma(two, tail));
      DoubleVector updated = sum.fma(log, a);
      a = b;
      b = cc;
      cc = d;
      d = updated;
    }
    a.add(cc).intoArray(pairs, 0); // partials r + r + 8 for r = 0..3
    b.add(d).intoArray(pairs, 4); // for r = 4..7
    double sum = pairs[0];
    for (int r = 1; r < 8; r++) {
      sum += pairs[r];
    }
    return -0.5 * sum;
  }
}
