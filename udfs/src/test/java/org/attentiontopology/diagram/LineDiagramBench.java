package org.attentiontopology.diagram;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Distances between H0-like diagrams (134 finite points, all born at 0, as for 135 tokens) of
 * consecutive pairs, as the job's diagram_distances takes them: the one-dimensional algorithms
 * (LineBottleneck, LineWasserstein) against the general ones (the grid bottleneck, the assignment
 * solvers) on the same pairs in the same run. Run by scripts/bench-kernels. Microseconds per pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineDiagramBench {
  static final int DIAGRAMS = 20;
  static final int POINTS = 134;

  double[] births;
  double[][] deaths;

  @Setup
  public void diagrams() {
    Random rnd = new Random(20261123);
    births = new double[POINTS];
    deaths = new double[DIAGRAMS][POINTS];
    for (double[] d : deaths) {
      for (int i = 0; i < POINTS; i++) {
        d[i] = 0.05 + 0.5 * rnd.nextDouble() * rnd.nextDouble();
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(DIAGRAMS - 1)
  public double lineBottleneck() {
    double s = 0;
    for (int i = 0; i + 1 < DIAGRAMS; i++) {
      s += LineBottleneck.distance(births, deaths[i], births, deaths[i + 1]);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(DIAGRAMS - 1)
  public double gridBottleneck() {
    double s = 0;
    for (int i = 0; i + 1 < DIAGRAMS; i++) {
      s += BottleneckDistance.gridDistance(births, deaths[i], births, deaths[i + 1]);
    }
    return s;
  }

  /** W1 and W2 of each pair, as the job computes both. */
  @Benchmark
  @OperationsPerInvocation(DIAGRAMS - 1)
  public double lineWasserstein() {
    double s = 0;
    for (int i = 0; i + 1 < DIAGRAMS; i++) {
      s +=
          LineWasserstein.cost(births, deaths[i], births, deaths[i + 1], 1)
              + LineWasserstein.cost(births, deaths[i], births, deaths[i + 1], 2);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(DIAGRAMS - 1)
  public double assignmentWasserstein() {
    double s = 0;
    for (int i = 0; i + 1 < DIAGRAMS; i++) {
      s +=
          WassersteinDistance.assignmentCost(births, deaths[i], births, deaths[i + 1], 1)
              + WassersteinDistance.assignmentCost(births, deaths[i], births, deaths[i + 1], 2);
    }
    return s;
  }
}
