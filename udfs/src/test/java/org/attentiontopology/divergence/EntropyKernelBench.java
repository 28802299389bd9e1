package org.attentiontopology.divergence;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mixture-entropy loop of the Jensen-Shannon kernels, per element, over every pair of 72
 * attention-like rows of 135 tokens (one token's rows of all MiniLM heads, as the head distances
 * take them): the reproducible vector form (the default for token distances), the single-precision
 * one of the head distances, its scalar twin (JVMs without the Vector API), the Vector API's own
 * SVML logarithm (not reproducible across JIT stages: kept only as a speed reference; it needs a
 * clamp, max(m, MIN_NORMAL), since its log 0 is -infinity and the rows' zero padding would give 0 *
 * -infinity = NaN), and the straightforward Math.log loop (the reference). Run by
 * scripts/bench-kernels, which prints each against the Math.log loop of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class EntropyKernelBench {
  static final int ROWS = 72;
  static final int TOKENS = 135;
  static final int ELEMENTS = ROWS * (ROWS - 1) / 2 * TOKENS;
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  double[][] rows;
  float[][] floatRows;
  int[] ends;
  double[] mixtures;

  @Setup
  public void rows() {
    Random rnd = new Random(20261123);
    rows = new double[ROWS][];
    floatRows = new float[ROWS][];
    ends = new int[ROWS];
    java.util.Arrays.fill(ends, TOKENS);
    mixtures = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      float[] row = new float[TOKENS];
      VectorSupportTest.softmaxRow(rnd, row, 3);
      rows[i] = MixtureEntropy.widen(row);
      floatRows[i] = new float[MixtureEntropy.paddedLength(TOKENS)];
      FloatMixtureEntropy.pad(row, floatRows[i]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double reproducibleVector() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < i; j++) {
        s += MixtureEntropy.mixtureEntropyNats(rows[i], rows[j], TOKENS);
      }
    }
    return s;
  }

  /**
   * The single-precision kernel of the head distances (FloatMixtureEntropy), same rows as floats.
   */
  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double singlePrecisionVector() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      // One row against all the rows before it, as the head distances call it.
      FloatMixtureEntropy.mixtureEntropiesNats(floatRows[i], TOKENS, floatRows, ends, i, mixtures);
      for (int j = 0; j < i; j++) {
        s += mixtures[j];
      }
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double reproducibleScalar() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < i; j++) {
        s += MixtureEntropy.scalar(rows[i], rows[j], TOKENS);
      }
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double svmlVector() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < i; j++) {
        double[] p = rows[i];
        double[] q = rows[j];
        DoubleVector low = DoubleVector.zero(SPECIES);
        DoubleVector high = DoubleVector.zero(SPECIES);
        int lanes = SPECIES.length();
        for (int k = 0; k < p.length; k += 2 * lanes) {
          DoubleVector m =
              DoubleVector.fromArray(SPECIES, p, k)
                  .add(DoubleVector.fromArray(SPECIES, q, k))
                  .mul(0.5);
          low = low.sub(m.mul(m.max(Double.MIN_NORMAL).lanewise(VectorOperators.LOG)));
          DoubleVector n =
              DoubleVector.fromArray(SPECIES, p, k + lanes)
                  .add(DoubleVector.fromArray(SPECIES, q, k + lanes))
                  .mul(0.5);
          high = high.sub(n.mul(n.max(Double.MIN_NORMAL).lanewise(VectorOperators.LOG)));
        }
        s += low.add(high).reduceLanes(VectorOperators.ADD);
      }
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double mathLogLoop() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < i; j++) {
        double[] p = rows[i];
        double[] q = rows[j];
        double h = 0;
        for (int k = 0; k < TOKENS; k++) {
          double m = 0.5 * (p[k] + q[k]);
          if (m > 0) {
            h -= m * Math.log(m);
          }
        }
        s += h;
      }
    }
    return s;
  }
}
