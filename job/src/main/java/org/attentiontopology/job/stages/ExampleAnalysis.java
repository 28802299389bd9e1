package org.attentiontopology.job.stages;

import java.io.Serializable;
import java.util.List;
import org.attentiontopology.divergence.FastJensenShannon;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.JensenShannonEdges;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.heads.HeadDistanceContribution;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;

/**
 * Everything computed from one example's attention, free of Spark: per layer and head the
 * Jensen-Shannon distance matrix between token rows and its Vietoris-Rips diagrams, and the
 * example's contribution to the head distances. One instance per task (the persistence engine keeps
 * scratch space).
 */
public final class ExampleAnalysis {
  private final LogBase logBase;
  private final boolean squareRoot;
  private final boolean keepSpecial;
  private final boolean fastKernels;
  private final boolean singlePrecisionHeads;
  private final RipsPersistence persistence;

  /** The settings that shape the numbers; all are recorded in the run table. */
  public record Settings(
      LogBase logBase,
      boolean squareRoot,
      boolean keepSpecial,
      int maxDimension,
      double threshold,
      boolean fastKernels,
      boolean singlePrecisionHeads)
      implements Serializable {
    public static Settings of(RunConfig c) {
      return new Settings(
          c.divergence.logBase(),
          c.divergence.squareRoot(),
          c.tokens.keepSpecial(),
          c.persistence.maxDimension(),
          c.persistence.threshold(),
          c.divergence.fastKernels(),
          c.divergence.singlePrecisionHeads());
    }
  }

  /**
   * Diagrams of one head (index = homology dimension), and its token distance matrix when it was
   * asked to be kept.
   */
  public record HeadDiagrams(
      int layer, int head, List<PersistenceDiagram> byDimension, DistanceMatrix distances) {}

  /**
   * @param rowEntropiesNats each analysed head's row entropies in nats, [layer * heads +
   *     head][row], as the Jensen-Shannon distances computed them (fast kernels), else null
   */
  public record Result(
      TokenSelection.Selected tokens,
      List<HeadDiagrams> diagrams,
      HeadDistanceContribution.Sums headSums,
      double[][] rowEntropiesNats) {

    /**
     * The row entropies when they are those of {@code attention}'s rows, which the token statistics
     * may then take instead of computing them: only when every token was analysed, so that the
     * analysed rows are that very array. Else null.
     */
    public double[][] rowEntropiesOf(float[][][][] attention) {
      return tokens.attention() == attention ? rowEntropiesNats : null;
    }
  }

  public ExampleAnalysis(Settings settings) {
    this.logBase = settings.logBase();
    this.squareRoot = settings.squareRoot();
    this.keepSpecial = settings.keepSpecial();
    this.fastKernels = settings.fastKernels();
    this.singlePrecisionHeads = settings.singlePrecisionHeads();
    this.persistence = new RipsPersistence(settings.maxDimension(), settings.threshold());
  }

  /**
   * Analyses one example; {@code keepDistances} keeps the token distance matrices (for the report).
   */
  public Result analyse(String[] tokens, float[][][][] attention, boolean keepDistances) {
    TokenSelection.Selected selected = TokenSelection.select(tokens, attention, keepSpecial);
    float[][][][] a = selected.attention();
    List<HeadDiagrams> diagrams = new java.util.ArrayList<>();
    // H0 needs only a minimum spanning tree: lengths computed where their Hellinger bound leaves
    // them in doubt, the same diagram as from the full matrix. Either way the fast kernels compute
    // every row's entropy; the head distances and the token statistics take the same rows and
    // reuse them.
    boolean lazyH0 = fastKernels && persistence.maxDimension() == 0 && !keepDistances;
    double[][] rowEntropies =
        fastKernels ? new double[a.length == 0 ? 0 : a.length * a[0].length][] : null;
    // One set of buffers for the example's heads, built one after another (JensenShannonEdges).
    JensenShannonEdges.Workspace workspace =
        fastKernels ? new JensenShannonEdges.Workspace() : null;
    for (int layer = 0; layer < a.length; layer++) {
      for (int head = 0; head < a[layer].length; head++) {
        if (!fastKernels) {
          DistanceMatrix d =
              JensenShannon.distanceMatrixReference(a[layer][head], logBase, squareRoot);
          diagrams.add(
              new HeadDiagrams(layer, head, persistence.compute(d), keepDistances ? d : null));
          continue;
        }
        JensenShannonEdges edges =
            new JensenShannonEdges(a[layer][head], logBase, squareRoot, workspace);
        rowEntropies[layer * a[layer].length + head] = edges.rowEntropiesNats();
        if (lazyH0) {
          diagrams.add(
              new HeadDiagrams(
                  layer,
                  head,
                  List.of(
                      ZeroDimensionalPersistence.compute(edges, persistence.threshold()).diagram()),
                  null));
          continue;
        }
        DistanceMatrix d = FastJensenShannon.distanceMatrix(edges);
        diagrams.add(
            new HeadDiagrams(layer, head, persistence.compute(d), keepDistances ? d : null));
      }
    }
    return new Result(selected, diagrams, headSums(a, rowEntropies), rowEntropies);
  }

  private HeadDistanceContribution.Sums headSums(float[][][][] a, double[][] rowEntropies) {
    if (!fastKernels) {
      return HeadDistanceContribution.ofReference(a, logBase);
    }
    return singlePrecisionHeads
        ? HeadDistanceContribution.ofFloat(a, logBase, rowEntropies)
        : HeadDistanceContribution.of(a, logBase, rowEntropies);
  }
}
